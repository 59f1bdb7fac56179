import { Body, Controller, Get, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { ApiContentResponse } from '../../common/openapi/responses';
import { PackageAcceptedResponse, PackageResponse } from '../records.responses';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { CreatePackageDto } from './package.dto';
import { PackagesService } from './packages.service';
import { sendPackage } from './send-package';
import { IdParam } from '../../common/validation/id.param';

@ApiTags('records')
@Controller('records/packages')
export class PackagesController {
  private readonly logger = new Logger(PackagesController.name);

  constructor(private readonly packages: PackagesService) {}

  @Post()
  @HttpCode(202)
  @RequirePermission(Permission.RecordsExport)
  @ApiOperation({ summary: 'Request an archival package (BagIt) of decisions' })
  @ApiAcceptedResponse({
    type: PackageAcceptedResponse,
    description: 'Follow GET /records/packages/:id until it is ready.',
  })
  @ApiProblems(403)
  create(@CurrentActor() actor: Actor, @Body() body: CreatePackageDto) {
    return this.packages.request(actor, body.filter ?? {});
  }

  @Get(':id')
  @RequirePermission(Permission.RecordsExport)
  @ApiOperation({ summary: "A package's progress" })
  @ApiOkResponse({ type: PackageResponse })
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.packages.get(actor, id);
  }

  /** The BagIt bag (RFC 8493) as a zip; check it with unzip and sha256sum -c. */
  @Get(':id/download')
  @RequirePermission(Permission.RecordsExport)
  @ApiOperation({ summary: 'Download a ready package (zip)' })
  @ApiContentResponse('application/zip', 'The BagIt bag; Digest carries its sha-256.')
  @ApiProblems(404, 409)
  async download(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Res() res: Response) {
    await sendPackage(id, await this.packages.download(actor, id), res, this.logger);
  }
}
