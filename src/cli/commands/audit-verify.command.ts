import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../../audit/audit-log.service';
import { withAppContext } from '../app-context';
import { AUDIT_VERIFY_USAGE } from '../usage';

/** Prints one JSON line per checked chain (only broken ones with --all, then a summary); fails on a break. */
export async function auditVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { all: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.all === positionals.length > 0 || positionals.length > 1) throw new Error(`usage: ${AUDIT_VERIFY_USAGE}`);

  return withAppContext(async (app) => {
    const audit = app.get(AuditLogService);
    if (values.all) {
      const { checked, broken } = await audit.verifyAll();
      for (const chain of broken) process.stdout.write(`${JSON.stringify(chain)}\n`);
      process.stdout.write(`${JSON.stringify({ ok: broken.length === 0, checked, broken: broken.length })}\n`);
      return broken.length === 0 ? 0 : 1;
    }
    const [row]: { id: string }[] = await app
      .get(DataSource)
      .query('SELECT id FROM assessments WHERE id::text = $1 OR ref = $1', [positionals[0]]);
    if (!row) throw new Error(`no assessment ${positionals[0]}`);
    const check = await audit.verify(row.id);
    process.stdout.write(`${JSON.stringify({ assessmentId: row.id, ...check })}\n`);
    return check.ok ? 0 : 1;
  });
}
