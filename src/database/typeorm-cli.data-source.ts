import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source';

/**
 * Entry for the TypeORM CLI, e.g. to generate a migration against a server you name:
 *   DATABASE_URL=postgres://... npx typeorm migration:generate -d dist/src/database/typeorm-cli.data-source.js migrations/Name
 * `npm run migration:run` uses our own CLI instead, which also starts the embedded default.
 */
const { database } = loadConfig();
if (!database.url) throw new Error('The TypeORM CLI needs DATABASE_URL; `npm run migration:run` works without it.');

export default new DataSource(dataSourceOptions(database.url, 2));
