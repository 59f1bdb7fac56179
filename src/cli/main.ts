import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createRootLogger } from '../common/logging/root-logger';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source';
import { resolveDatabase } from '../database/resolve-database';
import { runMigrations } from '../database/run-migrations';

const USAGE = `usage: npm run cli -- <command>

commands:
  migrate    apply pending migrations (starts the embedded default when DATABASE_URL is unset)`;

async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = createRootLogger(config);
  const database = await resolveDatabase(config, logger);
  const dataSource = await new DataSource(dataSourceOptions(database.url, 2)).initialize();
  try {
    const applied = await runMigrations(dataSource);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'no pending migrations');
  } finally {
    await dataSource.destroy();
    await database.embedded?.stop();
  }
}

const commands: Record<string, () => Promise<void>> = { migrate };

async function main(argv: string[]): Promise<number> {
  const command = commands[argv[0] ?? ''];
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  await command();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
