import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { ActionItemResponse } from './action-item.responses';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ActionItemParams, CreateActionItemDto, UpdateActionItemDto } from './action-item.dto';
import { ActionItemsService } from './action-items.service';
import { IdParam } from '../../common/validation/id.param';

@ApiTags('risk')
@Controller('assessments/:id/action-items')
export class ActionItemsController {
  constructor(private readonly items: ActionItemsService) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: "The assessment's action items" })
  @ApiOkResponse({ type: [ActionItemResponse] })
  @ApiProblems(404)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.items.list(actor, id);
  }

  @Post()
  @RequirePermission(Permission.RiskManage)
  @ApiOperation({ summary: 'Add an action item by hand' })
  @ApiCreatedResponse({ type: ActionItemResponse })
  @ApiProblems(404, 409, 422)
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: CreateActionItemDto) {
    return this.items.create(actor, id, body);
  }

  @Patch(':itemId')
  @RequirePermission(Permission.ActionItemsUpdate)
  @ApiOperation({ summary: 'Close an action item with its evidence, or change its owner or due date' })
  @ApiOkResponse({ type: ActionItemResponse })
  @ApiProblems(404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param() { id, itemId }: ActionItemParams, @Body() body: UpdateActionItemDto) {
    return this.items.update(actor, id, itemId, body);
  }
}
