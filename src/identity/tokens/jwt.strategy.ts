import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../../common/auth/actor';
import { UnauthenticatedException } from '../../common/auth/auth.exception';
import { AppConfig } from '../../config/app-config';
import { UsersService } from '../users.service';
import { accessClaims } from './access-claims';
import { JWT_AUDIENCE, JWT_ISSUER } from './token.service';
import { JWT_SECRET } from './jwt-secret.provider';

/**
 * Bearer access tokens. The user is reloaded on every request, with the token generation: a deactivated
 * user, a logout, a password change or a replayed refresh token refuses the token at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersService,
    private readonly config: AppConfig,
    @Inject(JWT_SECRET) secret: string,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(payload: Record<string, unknown>): Promise<Actor> {
    const claims = accessClaims(payload, this.config.auth.accessTokenTtlSeconds);
    if (!claims) throw new UnauthenticatedException('The access token is not valid.');
    const actor = await this.users.findTokenActor(claims.userId, claims.generation);
    if (!actor)
      throw new UnauthenticatedException(
        'This access token was ended (a logout or a new password), or its account is not active; refresh or log in.',
      );
    return actor;
  }
}
