import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { CredentialsService } from './credentials.service';
import type { User } from './entities/user.entity';

/** E-mail and password login. The body was validated by LocalLoginGuard before passport sees it. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly credentials: CredentialsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(req: Request, email: string, password: string): Promise<User> {
    return this.credentials.verify({ email, password, ip: req.ip, purpose: 'login' });
  }
}
