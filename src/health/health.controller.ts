import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { SigningKeysService } from '../decisions/keys/signing-keys.service';

class LivenessResponse {
  @ApiProperty({ enum: ['ok'] })
  status: string;

  @ApiProperty({ type: [String] })
  warnings: string[];
}

/** @nestjs/terminus's result. */
class ReadinessResponse {
  @ApiProperty({ enum: ['ok'] })
  status: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { database: { status: 'up' } } })
  info: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true })
  error: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

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
  @ApiOperation({ summary: 'Liveness, with configuration warnings' })
  @ApiOkResponse({
    type: LivenessResponse,
    description: 'The process is alive; warnings name configuration that is not fit for real use.',
  })
  live() {
    return { status: 'ok', warnings: this.keys.warnings() };
  }

  /** Readiness: the database answers a ping within 1.5 s. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblems(503)
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
