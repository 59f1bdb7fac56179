import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../common/auth/roles';
import { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

// Held while checking and creating, so instances booting together create one admin between them.
const FIRST_ADMIN_LOCK = 'identity:first-admin';

/**
 * Creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD when no active admin exists.
 * There is no default password anywhere: without those variables, use `npm run cli -- users:create`.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.firstAdmin;
    await this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [FIRST_ADMIN_LOCK]);
      if ((await this.users.activeAdminCount(manager)) > 0) return;
      if (!admin) {
        this.logger.warn(
          'No active admin exists. Set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run cli -- users:create --roles admin`.',
        );
        return;
      }
      // Created through the service (policy, hashing, audit); the lock above only orders the check.
      const user = await this.users
        .create(
          { email: admin.email, displayName: 'Administrator', roles: [Role.Admin], password: admin.password },
          null,
        )
        .catch((error: Error) => {
          throw new Error(`Cannot create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD: ${error.message}`);
        });
      this.logger.log({ userId: user.id, email: user.email }, 'created the first admin from ADMIN_EMAIL');
    });
  }
}
