import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import type { Request } from 'express';
import { CurrentActor, NoStore, Public, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AuthEventsService } from './auth-events.service';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { AuthEventPageResponse, MeResponse, TokenPairResponse } from './dto/identity.responses';
import { ListAuthEventsQuery } from './dto/user.dto';
import type { User } from './entities/user.entity';
import { LocalLoginGuard } from './local-login.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly events: AuthEventsService,
  ) {}

  @Post('login')
  @Public()
  @NoStore()
  @UseGuards(LocalLoginGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiProblems(401, 429)
  login(@Req() req: Request & { user: User }) {
    return this.auth.login(req.user, req.ip);
  }

  @Post('refresh')
  @Public()
  @NoStore()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair' })
  @ApiOkResponse({ type: TokenPairResponse, description: 'A new token pair; the refresh token given is used up.' })
  @ApiProblems(401)
  refresh(@Body() body: RefreshTokenDto, @Req() req: Request) {
    return this.auth.refresh(body.refreshToken, req.ip);
  }

  @Post('logout')
  @RequirePermission(Permission.OwnAccount)
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out' })
  @ApiNoContentResponse({ description: "The refresh token's session is ended." })
  logout(@CurrentActor() actor: Actor, @Body() body: RefreshTokenDto, @Req() req: Request) {
    return this.auth.logout(actor, body.refreshToken, req.ip);
  }

  @Get('me')
  @RequirePermission(Permission.OwnAccount)
  @ApiOperation({ summary: 'The signed-in user, with roles and permissions' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Post('password')
  @RequirePermission(Permission.OwnAccount)
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your own password' })
  @ApiNoContentResponse({ description: 'Changed; every session of the account is ended.' })
  @ApiProblems(422)
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Req() req: Request) {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword, req.ip);
  }

  @Get('events')
  @RequirePermission(Permission.AuthEventsRead)
  @ApiOperation({ summary: 'The sign-in and account log' })
  @ApiOkResponse({ type: AuthEventPageResponse })
  async listEvents(@Query() query: ListAuthEventsQuery) {
    const { items, total } = await this.events.list(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
