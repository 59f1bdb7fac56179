import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SigningKeysModule } from '../decisions/keys/signing-keys.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SigningKeysModule],
  controllers: [HealthController],
})
export class HealthModule {}
