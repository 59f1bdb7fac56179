import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';

/**
 * The one DataSource definition, shared by the app, our CLI and the TypeORM CLI. Entities and
 * migrations are listed explicitly so that the same list works from TypeScript, from dist/ and in jest.
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false, // run by runMigrations() under an advisory lock instead
    migrationsTableName: 'migrations',
    applicationName: 'privacy-review-engine',
    extra: { max: poolSize },
  };
}
