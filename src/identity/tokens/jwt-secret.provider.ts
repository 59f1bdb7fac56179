import { Logger, type Provider } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { resolveJwtSecret } from './jwt-secret';

export const JWT_SECRET = Symbol('JWT_SECRET');

export const jwtSecretProvider: Provider = {
  provide: JWT_SECRET,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => resolveJwtSecret(config, new Logger('JwtSecret')),
};
