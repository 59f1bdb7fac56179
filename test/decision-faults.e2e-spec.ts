import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DecisionDocumentsService } from '../src/decisions/decision-documents.service';
import { DocumentRenderer } from '../src/decisions/render/document-renderer';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { eventually } from './support/eventually';
import { FreshDatabase } from './support/fresh-database';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

const decisionOf = async (app: INestApplication, assessmentId: string) =>
  (await app.get(DataSource).query('SELECT id FROM decisions WHERE assessment_id = $1', [assessmentId]))[0]
    .id as string;
const documentsOf = async (app: INestApplication, decisionId: string) =>
  (
    await app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM decision_documents WHERE decision_id = $1', [decisionId])
  )[0].n as number;

/** On a database of its own, so that only these apps' workers take its jobs. */
describe('decision documents under faults', () => {
  const database = new FreshDatabase();
  let url: string;
  let down: INestApplication;
  let people: Reviewers;
  let decidedWhileDown: string;
  let deliveredTwice: string;

  beforeAll(async () => {
    url = await database.create();
    // The process that makes the decisions goes away before any document is made (no workers run).
    down = await bootTestApp({ JOB_WORKERS: 'false' }, url);
    people = await createReviewers(down);
    decidedWhileDown = (await decidedAssessment(down, people)).id;
    deliveredTwice = (await decidedAssessment(down, people)).id;
    const [row] = await down
      .get(DataSource)
      .query('SELECT status, attempts FROM decisions WHERE assessment_id = $1', [decidedWhileDown]);
    expect(row).toEqual({ status: 'pending', attempts: 0 });
  });
  afterAll(async () => {
    await down?.close();
    await database.drop();
  });

  it('makes one document when the same job is delivered twice at once, before any document exists', async () => {
    const decisionId = await decisionOf(down, deliveredTwice);
    const documents = down.get(DecisionDocumentsService);
    await Promise.all([documents.issue({ decisionId, version: 1 }), documents.issue({ decisionId, version: 1 })]);
    expect(await documentsOf(down, decisionId)).toBe(1);
    const [row] = await down
      .get(DataSource)
      .query('SELECT status, attempts FROM decisions WHERE id = $1', [decisionId]);
    expect(row).toEqual({ status: 'issued', attempts: 2 });
  });

  it('answers 409 for each part of a document still being produced, with its status beside the HTTP one', async () => {
    const decisionId = await decisionOf(down, decidedWhileDown);
    for (const part of ['document.pdf', 'document.html', 'manifest.jws']) {
      const res = await request(down.getHttpServer())
        .get(`/decisions/${decisionId}/${part}`)
        .auth(people.owner.accessToken, { type: 'bearer' })
        .expect(409);
      expect(res.body).toMatchObject({
        type: 'urn:privacy-review:problem:document-not-ready',
        status: 409,
        documentStatus: 'pending',
        attempts: 0,
      });
    }
  });

  describe('once the service is back', () => {
    let app: INestApplication;
    beforeAll(async () => {
      await down.close();
      app = await bootTestApp({}, url);
    });
    afterAll(() => app?.close());

    it('makes the document of a decision taken just before a crash', async () => {
      const decision = await decisionWhen(app, people.owner, decidedWhileDown);
      expect(decision).toMatchObject({ outcome: 'approved', documentStatus: 'issued', attempts: 1 });
      expect(await documentsOf(app, decision.id)).toBe(1);
    });

    it('keeps the decision when generation fails, shows the failure, retries, and ends with exactly one document', async () => {
      jest
        .spyOn(app.get(DocumentRenderer), 'render')
        .mockRejectedValueOnce(new Error('the signing device is unplugged'));
      const a = await decidedAssessment(app, people);
      const failed = await decisionWhen(app, people.owner, a.id, (d) => d.documentStatus === 'failed');
      expect(failed).toMatchObject({
        outcome: 'approved',
        attempts: 1,
        lastError: 'the signing device is unplugged',
        documents: [],
      });
      const issued = await decisionWhen(app, people.owner, a.id);
      expect(issued).toMatchObject({ documentStatus: 'issued', attempts: 2, lastError: null });
      expect(await documentsOf(app, issued.id)).toBe(1);

      // A job delivered again after its document exists (a crash before the job completed) changes nothing.
      await app.get(DecisionDocumentsService).issue({ decisionId: issued.id, version: 1 });
      expect(await documentsOf(app, issued.id)).toBe(1);
      const [{ state }] = await app.get(DataSource).query('SELECT state FROM assessments WHERE id = $1', [a.id]);
      expect(state).toBe('approved');
    });

    it('brings no document back for a decision disposed of while it was rendering', async () => {
      const renderer = app.get(DocumentRenderer);
      const render = renderer.render.bind(renderer);
      const db = app.get(DataSource);
      // Disposition commits between the job's first look at the decision and its insert.
      jest.spyOn(renderer, 'render').mockImplementationOnce(async (template, record, supersedesId) => {
        await db.query('UPDATE decisions SET disposed_at = now() WHERE id = $1', [record.decision.id]);
        return render(template, record, supersedesId);
      });
      const a = await decidedAssessment(app, people);
      const decisionId = await decisionOf(app, a.id);
      await eventually(
        `the renderDecision job of ${a.id} to complete`,
        async () =>
          (
            await db.query(
              `SELECT state FROM pgboss.job WHERE name = 'outbox.renderDecision' AND data->>'assessmentId' = $1`,
              [a.id],
            )
          )[0]?.state,
        (state) => state === 'completed',
      );
      expect(await documentsOf(app, decisionId)).toBe(0);
    });
  });
});
