import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { DecisionDocumentsService } from '../src/decisions/decision-documents.service';
import { DocumentRenderer } from '../src/decisions/render/document-renderer';
import { decidedAssessment, decisionWhen, type Reviewers } from './support/decisions';
import { createUserAndLogin } from './support/identity';
import { FreshDatabase } from './support/fresh-database';
import { bootTestApp } from './support/test-app';

/** On a database of its own, so that only these apps' workers take its jobs. */
describe('decision documents under faults', () => {
  const database = new FreshDatabase();
  let url: string;
  let app: INestApplication;
  let people: Reviewers;
  let decidedWhileDown: string;

  beforeAll(async () => {
    url = await database.create();
    // The process that makes the decision goes away before any document is made (no workers ran).
    const down = await bootTestApp({ JOB_WORKERS: 'false' }, url);
    people = {
      owner: (await createUserAndLogin(down, [Role.ProjectOwner])).session,
      officer: (await createUserAndLogin(down, [Role.PrivacyOfficer])).session,
      counsel: (await createUserAndLogin(down, [Role.LegalCounsel])).session,
      approver: (await createUserAndLogin(down, [Role.Approver])).session,
    };
    decidedWhileDown = (await decidedAssessment(down, people)).id;
    const [row] = await down.get(DataSource).query('SELECT status, attempts FROM decisions WHERE assessment_id = $1', [decidedWhileDown]);
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    await down.close();
    app = await bootTestApp({}, url);
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  const documentsOf = async (decisionId: string) =>
    (await app.get(DataSource).query('SELECT count(*)::int AS n FROM decision_documents WHERE decision_id = $1', [decisionId]))[0].n as number;

  it('makes the document of a decision taken just before a crash, once the service is back', async () => {
    const decision = await decisionWhen(app, people.owner, decidedWhileDown);
    expect(decision).toMatchObject({ outcome: 'approved', documentStatus: 'issued', attempts: 1 });
    expect(await documentsOf(decision.id)).toBe(1);
  });

  it('keeps the decision when generation fails, shows the failure, retries, and ends with exactly one document', async () => {
    jest.spyOn(app.get(DocumentRenderer), 'render').mockRejectedValueOnce(new Error('the signing device is unplugged'));
    const a = await decidedAssessment(app, people);
    const failed = await decisionWhen(app, people.owner, a.id, (d) => d.documentStatus === 'failed');
    expect(failed).toMatchObject({ outcome: 'approved', attempts: 1, lastError: 'the signing device is unplugged', documents: [] });
    const issued = await decisionWhen(app, people.owner, a.id);
    expect(issued).toMatchObject({ documentStatus: 'issued', attempts: 2, lastError: null });
    expect(await documentsOf(issued.id)).toBe(1);

    // A job delivered again (a crash after the document but before the job completed), even twice at once.
    const documents = app.get(DecisionDocumentsService);
    await Promise.all([documents.issue({ decisionId: issued.id, version: 1 }), documents.issue({ decisionId: issued.id, version: 1 })]);
    expect(await documentsOf(issued.id)).toBe(1);
    const [{ state }] = await app.get(DataSource).query('SELECT state FROM assessments WHERE id = $1', [a.id]);
    expect(state).toBe('approved');
  });
});
