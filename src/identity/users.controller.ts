import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { UserPageResponse, UserResponse } from './dto/identity.responses';
import type { Request } from 'express';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { IdParam } from '../common/validation/id.param';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(409, 422)
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.create(body, actor.id, req.ip);
  }

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'Read a user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404)
  get(@Param() params: IdParam) {
    return this.users.get(params.id);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: "Change a user's name, department, roles or active flag" })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404, 409)
  update(@Param() params: IdParam, @Body() body: UpdateUserDto, @CurrentActor() actor: Actor, @Req() req: Request) {
    return this.users.update(params.id, body, actor, req.ip);
  }
}
