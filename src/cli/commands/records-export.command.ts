import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import { validateBody } from '../../common/validation/validation';
import { DecisionExportService } from '../../records/exports/decision-export.service';
import { DecisionFilter } from '../../records/exports/export-filter';
import { withAppContext } from '../app-context';
import { RECORDS_EXPORT_USAGE } from '../usage';

/** Whoever runs the CLI has the machine, so the export covers every decision, as an admin's would. */
const CLI_ACTOR: Actor = {
  id: 'cli',
  email: 'cli@localhost',
  displayName: 'command line',
  department: null,
  roles: [Role.Admin],
};

/** Writes the export to stdout; a progress bar goes to stderr when stderr is a terminal. */
export async function recordsExport(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'jsonl' },
      from: { type: 'string' },
      to: { type: 'string' },
      department: { type: 'string' },
      outcome: { type: 'string' },
      state: { type: 'string' },
    },
    strict: true,
  });
  const { format, ...given } = values;
  if (format !== 'csv' && format !== 'jsonl')
    throw new Error(`--format must be csv or jsonl\nusage: ${RECORDS_EXPORT_USAGE}`);
  const filter = await validateBody(
    DecisionFilter,
    Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  );

  return withAppContext(async (app) => {
    const exports = app.get(DecisionExportService);
    const bar = process.stderr.isTTY
      ? new SingleBar({ stream: process.stderr, format: 'exporting [{bar}] {value}/{total} decisions, {eta}s left' })
      : undefined;
    bar?.start(await exports.count(CLI_ACTOR, filter), 0);
    await pipeline(
      await exports.stream(CLI_ACTOR, filter, format, bar ? () => bar.increment() : undefined),
      process.stdout,
    );
    bar?.stop();
    return 0;
  });
}
