import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { NotificationPageResponse } from '../dto/workflow.responses';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { PageQuery } from '../../common/validation/page.query';
import { NotificationIdParam } from './notification-id.param';
import { NotificationsService } from './notifications.service';

class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only those not yet read.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission(Permission.OwnAccount)
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationsQuery) {
    return this.notifications.list(actor, query);
  }

  @Post(':id/read')
  @RequirePermission(Permission.OwnAccount)
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a notification read' })
  @ApiNoContentResponse({ description: 'Read (marking it again changes nothing).' })
  @ApiProblems(404)
  async markRead(@CurrentActor() actor: Actor, @Param() { id }: NotificationIdParam): Promise<void> {
    await this.notifications.markRead(actor, id);
  }
}
