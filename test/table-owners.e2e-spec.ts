import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl } from './support/test-app';

const ROOT = join(__dirname, '..');

/** The README's "Who writes which table" list: each table and the folders that may write it (one, but for the split assessments row). */
function ownersInReadme(): Map<string, string[]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = /^\| table \| owner .*\n\|[-|]+\|\n((?:\|.*\n)+)/m.exec(readme)?.[1] ?? '';
  const owners = new Map<string, string[]>();
  for (const [, name, folder] of table.matchAll(/^\| `([a-z_]+)`[^|]* \| `(src\/[^`]+)`/gm))
    owners.set(name, [...(owners.get(name) ?? []), folder]);
  return owners;
}

function sourceFiles(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const REPOSITORY_WRITE = '\\.\\s*(?:insert|update|delete|save|upsert|remove|softDelete|increment|decrement)\\(';

/**
 * Every write in src/, as [table, file]: SQL statements (INSERT INTO, UPDATE, DELETE FROM, TRUNCATE, in any string),
 * and TypeORM repository writes of an entity (chained on getRepository(Entity), or through a variable or an injected
 * field holding its repository). An EntityManager's save(instance) names no entity and is not seen.
 */
function writes(files: string[]): [table: string, file: string][] {
  const sources = files.map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));
  const entities = new Map<string, string>();
  for (const { text } of sources)
    for (const [, table, entity] of text.matchAll(/@Entity\('([a-z_]+)'\)[\s\S]*?export class (\w+)/g))
      entities.set(entity, table);
  const found: [string, string][] = [];
  for (const { file, text } of sources) {
    for (const [, table] of text.matchAll(
      /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+([a-z_]+)\b/g,
    ))
      found.push([table, file]);
    for (const [entity, table] of entities) {
      const holders = [
        ...[
          ...text.matchAll(new RegExp(`(?:const|let)\\s+(\\w+)\\s*=[^;]*getRepository\\(\\s*${entity}\\s*\\)`, 'g')),
        ].map((m) => `\\b${m[1]}`),
        ...[
          ...text.matchAll(new RegExp(`@InjectRepository\\(\\s*${entity}\\s*\\)\\s*private readonly (\\w+)`, 'g')),
        ].map((m) => `\\bthis\\.${m[1]}`),
      ];
      const patterns = [`getRepository\\(\\s*${entity}\\s*\\)\\s*`, ...holders].map(
        (p) => new RegExp(p + REPOSITORY_WRITE),
      );
      if (patterns.some((p) => p.test(text))) found.push([table, file]);
    }
  }
  return found;
}

describe("the README's table owners", () => {
  const owners = ownersInReadme();

  it('list every table the migrations make, and only those', async () => {
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      expect([...owners.keys()].sort()).toEqual(rows.map((r) => r.name).sort());
    } finally {
      await db.end();
    }
  });

  it('are the only code that writes each table', () => {
    const found = writes(sourceFiles());
    const strays = found
      .filter(([table]) => owners.has(table))
      .filter(([table, file]) => !owners.get(table)!.some((folder) => file.startsWith(folder)))
      .map(([table, file]) => `${file} writes ${table}, owned by ${owners.get(table)!.join(' and ')}`);
    expect(strays).toEqual([]);
    // The scan sees a write of every table the service writes (only TypeORM's runner writes its migrations table).
    const written = new Set(found.map(([table]) => table));
    expect([...owners.keys()].filter((table) => !written.has(table))).toEqual(['migrations']);
  });
});
