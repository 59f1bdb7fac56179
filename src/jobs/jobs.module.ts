import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';

@Global()
@Module({})
export class JobsModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        {
          provide: JobQueue,
          inject: [AppConfig, DataSource],
          useFactory: (config: AppConfig, db: DataSource) => new JobQueue(config, db, databaseUrl),
        },
      ],
      exports: [JobQueue],
    };
  }
}
