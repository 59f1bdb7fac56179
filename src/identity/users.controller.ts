import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { IdParam } from '../common/validation/id.param';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission(Permission.UsersManage)
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.create(body, actor.id, req.ip);
  }

  @Get()
  @RequirePermission(Permission.UsersRead)
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  get(@Param() params: IdParam) {
    return this.users.get(params.id);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  update(@Param() params: IdParam, @Body() body: UpdateUserDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.update(params.id, body, actor, req.ip);
  }
}
