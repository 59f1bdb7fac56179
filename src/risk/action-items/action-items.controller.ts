import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ActionItemParams, CreateActionItemDto, UpdateActionItemDto } from './action-item.dto';
import { ActionItemsService } from './action-items.service';
import { IdParam } from '../../common/validation/id.param';

@ApiTags('risk')
@ApiBearerAuth()
@Controller('assessments/:id/action-items')
export class ActionItemsController {
  constructor(private readonly items: ActionItemsService) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.items.list(actor, id);
  }

  @Post()
  @RequirePermission(Permission.RiskManage)
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: CreateActionItemDto) {
    return this.items.create(actor, id, body);
  }

  @Patch(':itemId')
  @RequirePermission(Permission.ActionItemsUpdate)
  update(@CurrentActor() actor: Actor, @Param() { id, itemId }: ActionItemParams, @Body() body: UpdateActionItemDto) {
    return this.items.update(actor, id, itemId, body);
  }
}
