import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from './fixtures/city-pia-answers';
import { createAssessment, saveAnswers, sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { eventually } from './support/eventually';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

interface RiskView {
  id: string;
  modelRiskId: string;
  inherent: { dimensions: Record<string, number>; level: string; adjusted: boolean };
  residual: { level: string } | null;
  explanation: { factor: string; triggeredBy: unknown[] }[];
}

describe('risk scoring, the register and the action plan', () => {
  let app: INestApplication;
  let db: DataSource;
  let owner: Session;
  let officer: Session;
  let counsel: Session;
  let approver: Session;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    ({ owner, officer, counsel, approver } = await createReviewers(app));
  });
  afterAll(() => app.close());

  /** An assessment in risk_assessment, scored. */
  async function inRiskStage(answers: object = {}) {
    const a = await createAssessment(app, owner);
    const saved = await saveAnswers(app, owner, a.id, 1, { ...PARKING_APP_ANSWERS, ...answers });
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(owner))
      .set('If-Match', `"${saved.version}"`)
      .send({ type: 'SUBMIT' })
      .expect(200);
    const confirmed = await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    expect(confirmed.allowedEvents).not.toContain('COMPLETE_RISK_ASSESSMENT'); // no risk is treated yet
    return a;
  }
  const register = async (id: string) =>
    (await http().get(`/assessments/${id}/risk`).set(bearer(officer)).expect(200)).body;

  it('scores inherent risk on entering the risk stage, pins the model, and explains every score', async () => {
    const a = await inRiskStage();
    const body = await register(a.id);
    expect(body.model).toMatchObject({ id: 'city-default', version: 1 });
    expect(body.risks).toHaveLength(12);
    const access: RiskView = body.risks.find((r: RiskView) => r.modelRiskId === 'illegitimate_access');
    expect(access.inherent).toMatchObject({
      dimensions: { severity: 3, likelihood: 3 },
      level: 'high',
      adjusted: false,
    });
    expect(access.explanation.map((e) => e.factor)).toEqual([
      'sensitive_data',
      'large_scale',
      'third_party_sharing',
      'transfers',
    ]);
    expect(body.findings.factors.map((f: { factor: string }) => f.factor)).toContain('precise_location');
    expect(body.summary).toMatchObject({ inherentLevel: 'high', residualLevel: null, complete: false });
    const [row] = await db.query('SELECT risk_model_id, risk_model_version FROM assessments WHERE id = $1', [a.id]);
    expect(row).toEqual({ risk_model_id: 'city-default', risk_model_version: 1 });
  });

  it('lets the privacy officer adjust scores only with a justification, within the scale, keeping the history', async () => {
    const a = await inRiskStage();
    const [risk] = (await register(a.id)).risks as RiskView[];
    const bad = await http()
      .put(`/assessments/${a.id}/risks/${risk.id}`)
      .set(bearer(officer))
      .send({
        inherent: {
          severity: { value: 5, justification: 'x' },
          likelihood: { value: 2 },
          impact: { value: 1, justification: 'y' },
        },
      })
      .expect(422);
    expect(bad.body.errors).toEqual([
      { pointer: '/inherent/severity/value', detail: 'must be a whole number from 1 to 4' },
      { pointer: '/inherent/likelihood/justification', detail: 'is required: say why (at most 5000 characters)' },
      { pointer: '/inherent/impact', detail: 'is not a dimension of city-default; use severity, likelihood' },
    ]);

    const ok = await http()
      .put(`/assessments/${a.id}/risks/${risk.id}`)
      .set(bearer(officer))
      .send({ inherent: { severity: { value: 4, justification: 'Plates are kept with payment cards.' } } })
      .expect(200);
    const adjusted = ok.body.risks.find((r: RiskView) => r.id === risk.id);
    expect(adjusted.inherent).toMatchObject({ adjusted: true, dimensions: { severity: 4 } });
    const history = await http().get(`/assessments/${a.id}/risks/${risk.id}/history`).set(bearer(owner)).expect(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        kind: 'inherent',
        justifications: { severity: 'Plates are kept with payment cards.' },
      }),
    ]);
  });

  it('refuses empty score objects, impossible dates and unknown people with 4xx, never 500', async () => {
    const a = await inRiskStage();
    const [risk] = (await register(a.id)).risks as RiskView[];
    const empty = await http()
      .put(`/assessments/${a.id}/risks/${risk.id}`)
      .set(bearer(officer))
      .send({ inherent: {} })
      .expect(422);
    expect(empty.body.errors).toEqual([
      { pointer: '/inherent', detail: 'must name at least one of severity, likelihood' },
    ]);
    const date = await http()
      .post(`/assessments/${a.id}/measures`)
      .set(bearer(officer))
      .send({ title: 'M', riskIds: [risk.id], dueDate: '2027-02-30' })
      .expect(400);
    expect(date.body.errors).toEqual([{ pointer: '/dueDate', detail: 'dueDate must be a real date' }]);
    const nobody = await http()
      .post(`/assessments/${a.id}/measures`)
      .set(bearer(officer))
      .send({ title: 'M', riskIds: [risk.id], ownerId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    expect(nobody.body.detail).toBe('The request refers to something that does not exist.');
    await http()
      .post(`/assessments/${a.id}/measures`)
      .set(bearer(officer))
      .send({ title: 'a\u0000b', riskIds: [risk.id] })
      .expect(400);
  });

  it('leaves risk work to the assigned privacy officer once one is named', async () => {
    const a = await inRiskStage();
    const { session: other, user } = await createUserAndLogin(app, [Role.PrivacyOfficer]);
    await sendEvent(app, officer, a.id, { type: 'ASSIGN', role: 'privacy_officer', userId: user.id });
    const [risk] = (await register(a.id)).risks as RiskView[];
    const body = {
      treatment: 'accepted',
      residual: { severity: { value: 1, justification: 'j' }, likelihood: { value: 1, justification: 'j' } },
    };
    await http().put(`/assessments/${a.id}/risks/${risk.id}`).set(bearer(officer)).send(body).expect(403);
    await http().put(`/assessments/${a.id}/risks/${risk.id}`).set(bearer(other)).send(body).expect(200);
  });

  it('refuses adjustments by anyone but a privacy officer (403), and outside the risk stage (409)', async () => {
    const a = await inRiskStage();
    const [risk] = (await register(a.id)).risks as RiskView[];
    const body = {
      treatment: 'accepted',
      residual: { severity: { value: 1, justification: 'j' }, likelihood: { value: 1, justification: 'j' } },
    };
    await http().put(`/assessments/${a.id}/risks/${risk.id}`).set(bearer(approver)).send(body).expect(403);
    const { session: ownerOfficer } = await createUserAndLogin(app, [Role.ProjectOwner, Role.PrivacyOfficer]);
    const own = await createAssessment(app, ownerOfficer);
    await http().put(`/assessments/${own.id}/risks/${risk.id}`).set(bearer(ownerOfficer)).send(body).expect(403);

    const b = await submittedAssessment(app, owner);
    await http().get(`/assessments/${b.id}/risk`).set(bearer(officer)).expect(404); // not scored yet
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    const late = await http().put(`/assessments/${a.id}/risks/${risk.id}`).set(bearer(officer)).send(body).expect(409);
    expect(late.body).toMatchObject({ type: 'urn:privacy-review:problem:risk-wrong-stage', state: 'legal_review' });
  });

  it('links measures only to the same assessment’s risks, and requires one for a reduced risk', async () => {
    const a = await inRiskStage();
    const other = await inRiskStage();
    const [risk] = (await register(a.id)).risks as RiskView[];
    const [foreign] = (await register(other.id)).risks as RiskView[];
    const cross = await http()
      .post(`/assessments/${a.id}/measures`)
      .set(bearer(officer))
      .send({ title: 'Encrypt', riskIds: [risk.id, foreign.id] })
      .expect(422);
    expect(cross.body.errors).toEqual([{ pointer: '/riskIds/1', detail: 'is not a risk of this assessment' }]);

    await treatRisks(app, officer, a.id, 'low');
    await http()
      .put(`/assessments/${a.id}/risks/${risk.id}`)
      .set(bearer(officer))
      .send({ treatment: 'reduced' })
      .expect(200);
    const blocked = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'COMPLETE_RISK_ASSESSMENT' })
      .expect(422);
    expect(blocked.body).toMatchObject({
      type: 'urn:privacy-review:problem:risk-incomplete',
      incomplete: [expect.stringContaining('needs at least one measure')],
    });

    const measure = await http()
      .post(`/assessments/${a.id}/measures`)
      .set(bearer(officer))
      .send({ title: 'Encrypt plates at rest', riskIds: [risk.id], dueDate: '2027-03-01' })
      .expect(201);
    expect(measure.body).toMatchObject({
      title: 'Encrypt plates at rest',
      riskIds: [risk.id],
      status: 'planned',
      dueDate: '2027-03-01',
    });
    // Low residual everywhere and no legal flag: straight to approval.
    expect((await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' })).state).toBe('approval');
  });

  it('routes to legal review at high residual risk or on a legal flag, and flags accepted high risk for the approver', async () => {
    const high = await inRiskStage();
    await treatRisks(app, officer, high.id, 'high');
    const summary = (await register(high.id)).summary;
    expect(summary).toMatchObject({
      complete: true,
      legalReviewRequired: true,
      escalation: true,
      residualLevel: 'high',
    });
    expect(summary.escalationReasons[0]).toMatch(/high residual risk accepted/);
    expect((await sendEvent(app, officer, high.id, { type: 'COMPLETE_RISK_ASSESSMENT' })).state).toBe('legal_review');

    const flagged = await inRiskStage({ legal_frameworks: ['public_records_act', 'cjis'] });
    await treatRisks(app, officer, flagged.id, 'low');
    expect((await register(flagged.id)).summary).toMatchObject({
      legalReviewRequired: true,
      escalation: false,
      legalReasons: [expect.stringContaining('CJIS')],
    });
    expect((await sendEvent(app, officer, flagged.id, { type: 'COMPLETE_RISK_ASSESSMENT' })).state).toBe(
      'legal_review',
    );
  });

  it('draws a heat map that reads without colour', async () => {
    const a = await inRiskStage();
    await treatRisks(app, officer, a.id, 'high');
    const res = await http().get(`/assessments/${a.id}/risk/heatmap.svg`).set(bearer(owner)).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = (res.body as Buffer).toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="t d"/);
    expect(svg).toContain('<title id="t">Risk heat map: PIA-');
    expect(svg).toMatch(
      /<desc id="d">Severity against Likelihood under .*Risk 1, [^:]+: inherent \w+ \(score \d+\), residual high \(score 9\)\./,
    );
    expect(svg).toContain('fill="url(#hatch)"'); // high and critical cells are hatched, not only tinted
    expect(svg).toContain('○ inherent   ■ residual');
    expect(svg.match(/<circle /g)).toHaveLength(12);
  });

  it('rescores explicitly, recording it in the risk history and the event chain', async () => {
    const a = await inRiskStage();
    await http().post(`/assessments/${a.id}/risk/rescore`).set(bearer(officer)).send({}).expect(400);
    await http()
      .post(`/assessments/${a.id}/risk/rescore`)
      .set(bearer(officer))
      .send({ reason: 'Model v1 recalibrated' })
      .expect(201);
    const events = await http().get(`/assessments/${a.id}/events`).set(bearer(officer)).expect(200);
    expect(events.body.at(-1)).toMatchObject({
      type: 'RISK_RESCORED',
      from: 'risk_assessment',
      to: 'risk_assessment',
      payload: { reason: 'Model v1 recalibrated' },
    });
    expect((await http().get(`/assessments/${a.id}/events/verify`).set(bearer(officer)).expect(200)).body.ok).toBe(
      true,
    );
    const [risk] = (await register(a.id)).risks as RiskView[];
    const history = await http().get(`/assessments/${a.id}/risks/${risk.id}/history`).set(bearer(officer)).expect(200);
    expect(history.body.map((h: { kind: string }) => h.kind)).toEqual(['rescored']);
  });

  it('turns approval conditions into action items; closing the last, with evidence, approves the assessment', async () => {
    const a = await inRiskStage();
    await treatRisks(app, officer, a.id, 'high');
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, counsel, a.id, { type: 'LEGAL_CLEAR' });
    const ghost = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(approver))
      .send({
        type: 'APPROVE',
        password: approver.password,
        conditions: [{ text: 'x', ownerId: '00000000-0000-4000-8000-000000000000' }],
      })
      .expect(422);
    expect(ghost.body.errors).toEqual([{ pointer: '/conditions/0/ownerId', detail: 'is not an active user' }]);
    // Another project's owner cannot reach this assessment, so cannot answer for one of its conditions.
    const { user: stranger } = await createUserAndLogin(app, [Role.ProjectOwner]);
    const outOfReach = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(approver))
      .send({ type: 'APPROVE', password: approver.password, conditions: [{ text: 'x', ownerId: stranger.id }] })
      .expect(422);
    expect(outOfReach.body.errors).toEqual([
      { pointer: '/conditions/0/ownerId', detail: 'cannot reach this assessment' },
    ]);
    const approved = await sendEvent(app, approver, a.id, {
      type: 'APPROVE',
      conditions: [
        { text: 'Delete plates after 90 days', dueDate: '2027-06-30' },
        { text: 'Publish the privacy notice' },
      ],
    });
    expect(approved.state).toBe('remediation');

    const items: { id: string; text: string; status: string }[] = await eventually(
      `two action items on ${a.id}`,
      async () => (await http().get(`/assessments/${a.id}/action-items`).set(bearer(owner)).expect(200)).body,
      (found) => found.length >= 2,
      { timeoutMs: 10_000 },
    );
    expect(items.map((i) => i.text)).toEqual(['Delete plates after 90 days', 'Publish the privacy notice']);

    const noEvidence = await http()
      .patch(`/assessments/${a.id}/action-items/${items[0].id}`)
      .set(bearer(owner))
      .send({ status: 'done' })
      .expect(422);
    expect(noEvidence.body.errors).toEqual([{ pointer: '/evidence', detail: 'is required to close the item' }]);
    await http()
      .patch(`/assessments/${a.id}/action-items/${items[0].id}`)
      .set(bearer(approver))
      .send({ status: 'done', evidence: 'x' })
      .expect(403);

    const first = await http()
      .patch(`/assessments/${a.id}/action-items/${items[0].id}`)
      .set(bearer(owner))
      .send({ status: 'done', evidence: 'Retention job configured: ticket 4411' })
      .expect(200);
    expect(first.body).toMatchObject({
      status: 'done',
      evidence: 'Retention job configured: ticket 4411',
      closedBy: expect.any(String),
      closedAt: expect.any(String),
    });
    expect((await http().get(`/assessments/${a.id}`).set(bearer(owner)).expect(200)).body.state).toBe('remediation');

    await http()
      .patch(`/assessments/${a.id}/action-items/${items[1].id}`)
      .set(bearer(officer))
      .send({ status: 'done', evidence: 'https://example.gov/privacy/parking' })
      .expect(200);
    expect((await http().get(`/assessments/${a.id}`).set(bearer(owner)).expect(200)).body.state).toBe('approved');
    const last = (await http().get(`/assessments/${a.id}/events`).set(bearer(owner)).expect(200)).body.at(-1);
    expect(last).toMatchObject({ type: 'CONDITIONS_MET', from: 'remediation', to: 'approved', actor: { id: null } });
  });
});
