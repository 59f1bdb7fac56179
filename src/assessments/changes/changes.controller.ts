import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ApiProblems } from '../../common/openapi/problem.response';
import { IdParam } from '../../common/validation/id.param';
import { ChangesQuery, ChangesResponse, changesResponse } from './changes.dto';
import { ChangesService } from './changes.service';

@ApiTags('assessments')
@Controller('assessments')
export class ChangesController {
  constructor(private readonly changes: ChangesService) {}

  @Get(':id/changes')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({
    summary: 'The answers that changed since a cycle began or an event: before, after, who and when',
    description:
      'Several saves of one answer collapse into its value at the start and its value now; an answer changed ' +
      'and changed back is not listed. Long text comes with a word-level diff.',
  })
  @ApiOkResponse({ type: ChangesResponse })
  @ApiProblems(404, 422)
  async list(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() { since }: ChangesQuery) {
    return changesResponse(await this.changes.changes(actor, id, since));
  }
}
