import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';

@Global()
@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JobQueue, inject: [AppConfig], useFactory: (config: AppConfig) => new JobQueue(config, databaseUrl) }],
      exports: [JobQueue],
    };
  }
}
