import type { INestApplication } from '@nestjs/common';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { createReviewerAccounts, loginReviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

const EXEMPTION = 'RCW 42.56.280 (deliberative process)';

/** A version after the newest of the decision template that tags the reasons exempt; the newest published them. */
function writeNextVersion(templates: string): void {
  const dir = join(templates, 'documents');
  const newest = Math.max(
    ...readdirSync(dir).flatMap((f) => /^decision\.v(\d+)\.json$/.exec(f)?.slice(1).map(Number) ?? []),
  );
  const current = JSON.parse(readFileSync(join(dir, `decision.v${newest}.json`), 'utf8'));
  const next = {
    ...current,
    version: newest + 1,
    disclosure: { ...current.disclosure, reasons: { level: 'exempt', exemption: EXEMPTION } },
  };
  writeFileSync(join(dir, `decision.v${newest + 1}.json`), JSON.stringify(next, null, 2));
  cpSync(join(dir, `decision.v${newest}.hbs`), join(dir, `decision.v${newest + 1}.hbs`));
}

describe('the public register across document template versions', () => {
  let templates: string;
  let app: INestApplication | undefined;
  beforeAll(() => {
    templates = mkdtempSync(join(tmpdir(), 'register-templates-'));
    cpSync(resolve(__dirname, '../templates'), templates, { recursive: true });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(templates, { recursive: true, force: true });
  });

  it("shows or withholds each decision's reasons as the template that rendered its document tagged them", async () => {
    app = await bootTestApp({ TEMPLATES_DIR: templates });
    const accounts = await createReviewerAccounts(app);
    let people = await loginReviewers(app, accounts);
    const before = await decidedAssessment(app, people, {
      type: 'REJECT',
      reason: 'Published under the newest version.',
    });
    const first = await decisionWhen(app, people.officer, before.id);
    await app.close();

    writeNextVersion(templates);
    app = await bootTestApp({ TEMPLATES_DIR: templates });
    people = await loginReviewers(app, accounts);
    const after = await decidedAssessment(app, people, { type: 'REJECT', reason: 'Withheld under the next version.' });
    const second = await decisionWhen(app, people.officer, after.id);

    const entries: Record<string, unknown>[] = (
      await request(app.getHttpServer()).get('/public/register.json').expect(200)
    ).body;
    expect(entries.find((e) => e.decision_id === first.id)).toMatchObject({
      reasons: 'Published under the newest version.',
      reasons_withheld: null,
    });
    expect(entries.find((e) => e.decision_id === second.id)).toMatchObject({
      reasons: null,
      reasons_withheld: `exempt: ${EXEMPTION}`,
    });
  });
});
