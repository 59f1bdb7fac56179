import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { Role } from '../src/common/auth/roles';
import { createRootLogger } from '../src/common/logging/root-logger';
import { loadConfig } from '../src/config/load-config';
import { DecisionRecordBuilder, type DecisionRow } from '../src/decisions/record/decision-record.builder';
import { DocumentRenderer } from '../src/decisions/render/document-renderer';
import { DocumentTemplateRegistry } from '../src/decisions/templates/document-template.registry';
import { decidedAssessment } from '../test/support/decisions';
import { createUserAndLogin } from '../test/support/identity';
import { freshDatabase, percentile } from './support';

/**
 * Decision documents rendered and signed per second (record gathered from the database, public HTML,
 * PDF drawn and PAdES-signed, manifest JWS signed), and in the same run Debian chromium printing the
 * same HTML with --headless --print-to-pdf, one process per document as a render service would run it.
 * Target: at least 10x chromium's rate. Prints figures; never fails.
 */
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const CHROMIUM_RUNS = Number(process.env.BENCH_CHROMIUM_RUNS ?? 10);

async function main(): Promise<void> {
  const database = await freshDatabase('bench_documents');
  const work = mkdtempSync(join(tmpdir(), 'bench-documents-'));
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    JOB_WORKERS: 'false',
    DATA_DIR: work,
    JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  });
  const app = await createApp({ config, databaseUrl: database.url, logger: createRootLogger(config) });
  try {
    const session = async (role: Role) => (await createUserAndLogin(app, [role])).session;
    const people = {
      owner: await session(Role.ProjectOwner),
      officer: await session(Role.PrivacyOfficer),
      counsel: await session(Role.LegalCounsel),
      approver: await session(Role.Approver),
    };
    const assessment = await decidedAssessment(app, people, {
      type: 'APPROVE',
      reason: 'Measured.',
      conditions: [{ text: 'Publish the retention schedule.', dueDate: '2027-06-30' }],
    });
    const [decision]: DecisionRow[] = await app
      .get(DataSource)
      .query('SELECT * FROM decisions WHERE assessment_id = $1', [assessment.id]);
    const builder = app.get(DecisionRecordBuilder);
    const renderer = app.get(DocumentRenderer);
    const template = app.get(DocumentTemplateRegistry).latest(config.decisions.template)!;
    const gathering: number[] = [];
    const once = async () => {
      const t = performance.now();
      const record = await builder.build(decision, template, { version: 1, supersedes: null, correctionReason: null });
      gathering.push(performance.now() - t);
      return renderer.render(template, record, null);
    };

    const sample = await once(); // warm-up, and the HTML chromium prints
    const times: number[] = [];
    const started = performance.now();
    for (let i = 0; i < DOCUMENTS; i++) {
      const t = performance.now();
      await once();
      times.push(performance.now() - t);
    }
    const engineSeconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    gathering.sort((a, b) => a - b);
    const engineRate = DOCUMENTS / engineSeconds;
    console.log(
      `engine:   ${DOCUMENTS} documents in ${engineSeconds.toFixed(2)} s = ${engineRate.toFixed(1)} docs/s; p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; PDF ${(sample.pdf.length / 1024).toFixed(0)} KiB, HTML ${(sample.html.length / 1024).toFixed(0)} KiB`,
    );
    console.log(
      `          of which gathering the record from the database: p50 ${percentile(gathering, 50).toFixed(1)} ms`,
    );

    const htmlPath = join(work, 'decision.html');
    writeFileSync(htmlPath, sample.html);
    const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => {
      try {
        execFileSync(p, ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    if (!chromium) {
      console.log('chromium: not installed (apt-get install chromium); no comparison');
      return;
    }
    const chromiumTimes: number[] = [];
    for (let i = 0; i < CHROMIUM_RUNS; i++) {
      const profile = mkdtempSync(join(work, 'profile-'));
      const t = performance.now();
      execFileSync(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          `--print-to-pdf=${join(work, `chromium-${i}.pdf`)}`,
          '--no-pdf-header-footer',
          `file://${htmlPath}`,
        ],
        { stdio: 'ignore' },
      );
      chromiumTimes.push(performance.now() - t);
    }
    chromiumTimes.sort((a, b) => a - b);
    const chromiumRate = CHROMIUM_RUNS / (chromiumTimes.reduce((a, b) => a + b, 0) / 1000);
    console.log(
      `chromium: ${CHROMIUM_RUNS} prints (unsigned) = ${chromiumRate.toFixed(2)} docs/s; p50 ${percentile(chromiumTimes, 50).toFixed(0)} ms, p95 ${percentile(chromiumTimes, 95).toFixed(0)} ms`,
    );
    console.log(
      `ratio:    the engine renders and signs ${(engineRate / chromiumRate).toFixed(1)}x as many documents per second as chromium prints (target >= 10x)`,
    );
  } finally {
    await app.close();
    await database.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
