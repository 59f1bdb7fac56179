import { Body, Controller, Get, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, NoStore, Public, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AuthEventsService } from './auth-events.service';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
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
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ description: '{ accessToken, refreshToken, expiresIn, tokenType }' })
  login(@Req() req: Request & { user: User }) {
    return this.auth.login(req.user, req.ip);
  }

  @Post('refresh')
  @Public()
  @NoStore()
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new token pair; the refresh token given is used up.' })
  refresh(@Body() body: RefreshTokenDto, @Req() req: Request) {
    return this.auth.refresh(body.refreshToken, req.ip);
  }

  @Post('logout')
  @RequirePermission(Permission.OwnAccount)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: "The refresh token's session is ended." })
  logout(@CurrentActor() actor: Actor, @Body() body: RefreshTokenDto, @Req() req: Request) {
    return this.auth.logout(actor, body.refreshToken, req.ip);
  }

  @Get('me')
  @RequirePermission(Permission.OwnAccount)
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Post('password')
  @RequirePermission(Permission.OwnAccount)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every session of the account is ended.' })
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto, @Req() req: Request) {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword, req.ip);
  }

  @Get('events')
  @RequirePermission(Permission.AuthEventsRead)
  @ApiBearerAuth()
  async listEvents(@Query() query: ListAuthEventsQuery) {
    const { items, total } = await this.events.list(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
