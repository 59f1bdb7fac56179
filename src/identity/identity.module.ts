import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from '../common/auth/access.guard';
import { AccessPolicy } from '../common/auth/access-policy';
import { AppConfig } from '../config/app-config';
import { AuthEventsService } from './auth-events.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { CredentialsService } from './credentials.service';
import { AuthEvent } from './entities/auth-event.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { UserRole } from './entities/user-role.entity';
import { User } from './entities/user.entity';
import { FirstAdminBootstrap } from './first-admin.bootstrap';
import { LocalStrategy } from './local.strategy';
import { PasswordHasher } from './password/password-hasher';
import { ReauthenticationService } from './reauthentication.service';
import { LoginThrottleService } from './throttle/login-throttle.service';
import { JWT_SECRET, jwtSecretProvider } from './tokens/jwt-secret.provider';
import { JwtStrategy } from './tokens/jwt.strategy';
import { JWT_AUDIENCE, JWT_ISSUER, TokenService } from './tokens/token.service';
import { UsersController } from './users.controller';
import { CsrfTokens } from './sessions/csrf-tokens';
import { SessionCookies } from './sessions/session-cookies';
import { SessionSweepJob } from './sessions/session-sweep.job';
import { WebSessionsService } from './sessions/web-sessions.service';
import { WebSignInService } from './sessions/web-sign-in.service';
import { AccountPageController } from './pages/account.page.controller';
import { SignInPageController } from './pages/sign-in.page.controller';
import { SignInsPageController } from './pages/sign-ins.page.controller';
import { UsersPageController } from './pages/users.page.controller';
import { UsersService } from './users.service';

/** Users, roles, login, tokens and browser sessions; installs the deny-by-default AccessGuard for every route. */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, UserRole, RefreshToken, AuthEvent]),
    PassportModule,
    JwtModule.registerAsync({
      extraProviders: [jwtSecretProvider],
      inject: [JWT_SECRET, AppConfig],
      useFactory: (secret: string, config: AppConfig) => ({
        secret,
        signOptions: {
          algorithm: 'HS256',
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          expiresIn: config.auth.accessTokenTtlSeconds,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [
    AuthController,
    UsersController,
    SignInPageController,
    AccountPageController,
    UsersPageController,
    SignInsPageController,
  ],
  providers: [
    jwtSecretProvider,
    PasswordHasher,
    LoginThrottleService,
    AuthEventsService,
    TokenService,
    UsersService,
    CredentialsService,
    AuthService,
    ReauthenticationService,
    AccessPolicy,
    LocalStrategy,
    JwtStrategy,
    FirstAdminBootstrap,
    WebSessionsService,
    WebSignInService,
    SessionSweepJob,
    CsrfTokens,
    {
      provide: SessionCookies,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SessionCookies(config.auth.session.secureCookie),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService, ReauthenticationService, AccessPolicy, CsrfTokens, SessionCookies],
})
export class IdentityModule {}
