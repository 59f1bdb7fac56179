import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { DueDecisionPageResponse, RetentionResponse } from '../records.responses';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { PageQuery } from '../../common/validation/page.query';
import { RetentionReasonDto } from './retention.dto';
import { RetentionService } from './retention.service';
import { IdParam } from '../../common/validation/id.param';

@ApiTags('records')
@Controller('records')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  /** Decisions that may be destroyed now: past their disposition date and not under a legal hold. */
  @Get('due-for-disposition')
  @RequirePermission(Permission.RecordsManage)
  @ApiOperation({ summary: 'Decisions past their disposition date and not on hold' })
  @ApiOkResponse({ type: DueDecisionPageResponse })
  due(@CurrentActor() actor: Actor, @Query() page: PageQuery) {
    return this.retention.dueForDisposition(actor, page);
  }

  @Post('decisions/:id/legal-hold')
  @HttpCode(200)
  @RequirePermission(Permission.RecordsManage)
  @ApiOperation({ summary: 'Place a legal hold on a decision' })
  @ApiOkResponse({ type: RetentionResponse })
  @ApiProblems(404, 409)
  hold(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: RetentionReasonDto) {
    return this.retention.placeHold(actor, id, body.reason);
  }

  @Post('decisions/:id/legal-hold/release')
  @HttpCode(200)
  @RequirePermission(Permission.RecordsManage)
  @ApiOperation({ summary: "Release a decision's legal hold" })
  @ApiOkResponse({ type: RetentionResponse })
  @ApiProblems(404, 409)
  release(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: RetentionReasonDto) {
    return this.retention.releaseHold(actor, id, body.reason);
  }

  /** Destroys the decision's documents once it is due and not held; the act is an event in the assessment's chain. */
  @Post('decisions/:id/disposition')
  @HttpCode(200)
  @RequirePermission(Permission.RecordsManage)
  @ApiOperation({ summary: "Destroy a due decision's documents" })
  @ApiOkResponse({ type: RetentionResponse })
  @ApiProblems(404, 409)
  dispose(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: RetentionReasonDto) {
    return this.retention.dispose(actor, id, body.reason);
  }
}
