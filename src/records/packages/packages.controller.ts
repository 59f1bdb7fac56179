import { pipeline } from 'node:stream/promises';
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
    const zip = await this.packages.download(actor, id);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Length', String(zip.bytes));
    res.setHeader('Content-Disposition', `attachment; filename="privacy-review-package-${id}.zip"`);
    res.setHeader('Digest', `sha-256=${Buffer.from(zip.sha256, 'hex').toString('base64')}`);
    await pipeline(zip.stream, res).catch((error: unknown) =>
      this.logger.error({ err: error, packageId: id }, 'package download stopped before its end'),
    );
  }
}
