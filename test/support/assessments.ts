import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { bearer, type Session } from './identity';

export async function createAssessment(app: INestApplication, owner: Session, body: object = {}) {
  const res = await request(app.getHttpServer())
    .post('/assessments')
    .set(bearer(owner))
    .send({ title: 'Pay-by-phone parking', department: 'Transportation', ...body })
    .expect(201);
  return res.body as { id: string; ref: string; version: number; state: string };
}

export async function saveAnswers(app: INestApplication, owner: Session, id: string, version: number, answers: object) {
  const res = await request(app.getHttpServer())
    .patch(`/assessments/${id}/answers`)
    .set(bearer(owner))
    .set('If-Match', `"${version}"`)
    .send({ answers })
    .expect(200);
  return res.body as { version: number };
}

/** Sends a workflow event; expects it to be applied. */
/** Sends an event as `actor`; APPROVE and REJECT are signed with the actor's password unless the event says otherwise. */
export async function sendEvent(
  app: INestApplication,
  actor: Session,
  id: string,
  event: { type: string } & Record<string, unknown>,
) {
  const signed = event.type === 'APPROVE' || event.type === 'REJECT' ? { password: actor.password, ...event } : event;
  const res = await request(app.getHttpServer()).post(`/assessments/${id}/events`).set(bearer(actor)).send(signed);
  if (res.status !== 200) throw new Error(`${JSON.stringify(event)} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { state: string; version: number; allowedEvents: string[] };
}

/** A parking-app assessment, filled in and submitted: it is then in screening. */
export async function submittedAssessment(app: INestApplication, owner: Session, body: object = {}) {
  const created = await createAssessment(app, owner, body);
  const saved = await saveAnswers(app, owner, created.id, created.version, PARKING_APP_ANSWERS);
  const res = await request(app.getHttpServer())
    .post(`/assessments/${created.id}/events`)
    .set(bearer(owner))
    .set('If-Match', `"${saved.version}"`)
    .send({ type: 'SUBMIT' })
    .expect(200);
  return { ...created, ...(res.body as { state: string; version: number }) };
}

/**
 * The privacy officer's risk stage: every risk gets a treatment and a residual score. With `high`, one
 * risk keeps a high residual (accepted), which routes to legal review and raises the escalation flag.
 */
export async function treatRisks(
  app: INestApplication,
  officer: Session,
  id: string,
  residual: 'low' | 'high' = 'high',
) {
  const register = await request(app.getHttpServer()).get(`/assessments/${id}/risk`).set(bearer(officer)).expect(200);
  for (const [i, risk] of (register.body.risks as { id: string }[]).entries()) {
    const value = residual === 'high' && i === 0 ? 3 : 1;
    await request(app.getHttpServer())
      .put(`/assessments/${id}/risks/${risk.id}`)
      .set(bearer(officer))
      .send({
        treatment: 'accepted',
        residual: { severity: { value, justification: 'test' }, likelihood: { value, justification: 'test' } },
      })
      .expect(200);
  }
}
