import type { DataSource } from 'typeorm';

// Any constant shared by all instances; keeps concurrent boots from running the same migration twice.
const MIGRATION_LOCK_KEY = 7_314_202_611;

/** Runs pending migrations, one instance at a time, each in its own transaction. Returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}
