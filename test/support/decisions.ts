import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { sendEvent, submittedAssessment, treatRisks } from './assessments';
import { eventually } from './eventually';
import { bearer, type Session } from './identity';
import type { Reviewers } from './reviewers';

/** A parking-app assessment taken through screening, risk and legal review: waiting for the approver. */
export async function assessmentInApproval(
  app: INestApplication,
  people: Reviewers,
  assessment: { title?: string; department?: string } = {},
) {
  const a = await submittedAssessment(app, people.owner, assessment);
  await sendEvent(app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
  await treatRisks(app, people.officer, a.id);
  await sendEvent(app, people.officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
  await sendEvent(app, people.counsel, a.id, { type: 'LEGAL_CLEAR', findings: LEGAL_FINDINGS });
  return a;
}

export const LEGAL_FINDINGS = 'Counsel advises that the two-year retention is lawful.';

/** A parking-app assessment taken through screening, risk and legal review, then decided by `decide`. */
export async function decidedAssessment(
  app: INestApplication,
  people: Reviewers,
  decide: { type: string } & Record<string, unknown> = { type: 'APPROVE' },
  assessment: { title?: string; department?: string } = {},
) {
  const a = await assessmentInApproval(app, people, assessment);
  await sendEvent(app, people.approver, a.id, decide);
  return a;
}

/** Polls the decision of an assessment until `accept` holds (by default: its document is issued), for up to 20 s. */
export async function decisionWhen(
  app: INestApplication,
  session: Session,
  assessmentId: string,
  accept: (d: DecisionView) => boolean = (d) => d.documentStatus === 'issued',
) {
  const { body } = await eventually(
    `the decision of ${assessmentId}`,
    async () => {
      const res = await request(app.getHttpServer()).get(`/assessments/${assessmentId}/decision`).set(bearer(session));
      return { status: res.status, body: res.body as DecisionView };
    },
    (r) => r.status === 200 && accept(r.body),
  );
  return body;
}

export interface DecisionView {
  id: string;
  outcome: string;
  documentStatus: string;
  attempts: number;
  lastError: string | null;
  documents: {
    id: string;
    version: number;
    supersedesId: string | null;
    pdfSha256: string;
    htmlSha256: string;
    manifestKeyId: string;
  }[];
}

/** A document part as bytes. */
export async function download(app: INestApplication, session: Session, path: string): Promise<Buffer> {
  const res = await request(app.getHttpServer())
    .get(path)
    .set(bearer(session))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  return res.body as Buffer;
}
