import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../../common/auth/actor';
import { UnauthenticatedException } from '../../common/auth/auth.exception';
import { UsersService } from '../users.service';
import { JWT_AUDIENCE, JWT_ISSUER } from './token.service';
import { JWT_SECRET } from './jwt-secret.provider';

/** Bearer access tokens. The user is reloaded on every request: a deactivated user is refused at once. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly users: UsersService,
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

  async validate(payload: { sub?: string }): Promise<Actor> {
    const actor = payload.sub ? await this.users.findActiveActor(payload.sub) : undefined;
    if (!actor) throw new UnauthenticatedException('The account behind this token is not active.');
    return actor;
  }
}
