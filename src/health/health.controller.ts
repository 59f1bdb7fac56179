import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { SigningKeysService } from '../decisions/keys/signing-keys.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly keys: SigningKeysService,
  ) {}

  /** Liveness: the process answers. Deliberately touches nothing else; it lists what an operator must fix. */
  @Get()
  @ApiOkResponse({ description: 'The process is alive; warnings name configuration that is not fit for real use.' })
  live() {
    return { status: 'ok', warnings: this.keys.warnings() };
  }

  /** Readiness: the database answers a ping within 1.5 s. */
  @Get('ready')
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; problem+json lists the checks.' })
  async ready() {
    try {
      return await this.health.check([() => this.db.pingCheck('database').withTimeout(1500)]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { details } = error.getResponse() as { details?: unknown };
      throw new AppException('not-ready', 'A dependency of the service is not available.', {
        extensions: { checks: details },
      });
    }
  }
}
