import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { NotificationPageResponse } from '../dto/workflow.responses';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { PageQuery } from '../../common/validation/page.query';
import { NotificationsService } from './notifications.service';

class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only those not yet read.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

class NotificationIdParam {
  @ApiProperty({ pattern: '^\\d{1,18}$', example: '42' })
  @Matches(/^\d{1,18}$/, { message: 'id must be a notification id' })
  id: string;
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
  markRead(@CurrentActor() actor: Actor, @Param() { id }: NotificationIdParam) {
    return this.notifications.markRead(actor, id);
  }
}
