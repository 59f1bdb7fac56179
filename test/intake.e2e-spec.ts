import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from './fixtures/city-pia-answers';
import { createAssessment, saveAnswers, submittedAssessment } from './support/assessments';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { bootTestApp } from './support/test-app';

describe('assessment intake', () => {
  let app: INestApplication;
  let db: DataSource;
  let owner: Session;
  let ownerId: string;
  let otherOwner: Session;
  let officer: Session;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    const created = await createUserAndLogin(app, [Role.ProjectOwner], { department: 'Transportation' });
    owner = created.session;
    ownerId = created.user.id;
    otherOwner = (await createUserAndLogin(app, [Role.ProjectOwner])).session;
    officer = (await createUserAndLogin(app, [Role.PrivacyOfficer])).session;
  });
  afterAll(() => app.close());

  const revisionCount = async (id: string) =>
    (await db.query('SELECT count(*)::int AS n FROM answer_revisions WHERE assessment_id = $1', [id]))[0].n;

  describe('creating', () => {
    it('answers 201 with a PIA-YYYY-NNNN ref, draft state, version 1 and the pinned questionnaire', async () => {
      const res = await http()
        .post('/assessments')
        .set(bearer(owner))
        .send({ title: '  Street cameras ', department: 'Police' })
        .expect(201);
      expect(res.body).toMatchObject({
        ref: expect.stringMatching(new RegExp(`^PIA-${new Date().getUTCFullYear()}-\\d{4,}$`)),
        title: 'Street cameras',
        department: 'Police',
        state: 'draft',
        version: 1,
        owner: { id: ownerId },
        questionnaire: { id: 'city-pia', version: 1 },
      });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/assessments/${res.body.id}`);
    });

    it('numbers refs without gaps or repeats under concurrency', async () => {
      const made = await Promise.all(Array.from({ length: 8 }, () => createAssessment(app, owner)));
      const numbers = made.map((a) => Number(a.ref.split('-')[2])).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(8);
      expect(numbers[7] - numbers[0]).toBe(7);
    });

    it('refuses an unknown questionnaire (422), bad fields (400), and callers who cannot own assessments (403)', async () => {
      const unknown = await http()
        .post('/assessments')
        .set(bearer(owner))
        .send({ title: 'T', department: 'D', templateId: 'no-such-form' })
        .expect(422);
      expect(unknown.body.errors).toEqual([
        { pointer: '/templateId', detail: 'templateId "no-such-form" is not an installed questionnaire' },
      ]);
      const bad = await http()
        .post('/assessments')
        .set(bearer(owner))
        .send({ title: '', department: 'x'.repeat(101), owner: 'me' })
        .expect(400);
      expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/department',
        '/owner',
        '/title',
      ]);
      await http().post('/assessments').set(bearer(officer)).send({ title: 'T', department: 'D' }).expect(403);
      await http()
        .post('/assessments')
        .set(bearer(owner))
        .send({ title: 'nul \u0000 byte', department: 'D' })
        .expect(400);
    });
  });

  describe('saving answers', () => {
    it('saves part of the form, keeps other answers, and records each change as a revision', async () => {
      const a = await createAssessment(app, owner);
      const first = await saveAnswers(app, owner, a.id, 1, { abstract_purpose: 'Pay by phone.', scale_people: 1000 });
      expect(first.version).toBe(2);
      const second = await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(owner))
        .set('If-Match', '"2"')
        .send({ answers: { scale_people: 250000 } })
        .expect(200);
      expect(second.headers.etag).toBe('"3"');
      const answers = Object.fromEntries(
        second.body.sections.flatMap((s: { questions: { id: string; answer: unknown }[] }) =>
          s.questions.map((q) => [q.id, q.answer]),
        ),
      );
      expect(answers).toMatchObject({ abstract_purpose: 'Pay by phone.', scale_people: 250000 });

      const revisions = await http().get(`/assessments/${a.id}/revisions`).set(bearer(owner)).expect(200);
      expect(revisions.body.total).toBe(3);
      expect(revisions.body.items[0]).toMatchObject({
        questionId: 'scale_people',
        oldValue: 1000,
        newValue: 250000,
        version: 3,
        changedBy: { id: ownerId },
      });
      const filtered = await http()
        .get(`/assessments/${a.id}/revisions`)
        .query({ questionId: 'abstract_purpose' })
        .set(bearer(owner))
        .expect(200);
      expect(filtered.body.items).toEqual([
        expect.objectContaining({ oldValue: null, newValue: 'Pay by phone.', version: 2 }),
      ]);
    });

    it('rejects the whole save, one error per question, when any value is wrong; nothing is kept', async () => {
      const a = await createAssessment(app, owner);
      const res = await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(owner))
        .set('If-Match', '"1"')
        .send({
          answers: {
            abstract_purpose: 'Fine on its own.',
            favourite_colour: 'blue',
            scale_people: 'many',
            geographic_extent: 'mars',
            scale_people_extra: null,
            compliance_risk: { value: 3 },
            planned_start: '2027-13-01',
            data_subjects: ['residents', 'aliens'],
          },
        })
        .expect(422);
      expect(res.body.type).toBe('urn:privacy-review:problem:invalid-answers');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/answers/favourite_colour', detail: 'is not a question of this questionnaire' },
          { pointer: '/answers/scale_people', detail: 'must be a number' },
          {
            pointer: '/answers/geographic_extent',
            detail: expect.stringMatching(/^must be one of: site, neighborhood/),
          },
          { pointer: '/answers/scale_people_extra', detail: 'is not a question of this questionnaire' },
          { pointer: '/answers/compliance_risk/justification', detail: 'is required: explain the score' },
          { pointer: '/answers/planned_start', detail: 'must be a date as YYYY-MM-DD' },
          { pointer: '/answers/data_subjects', detail: 'has values that are not options: aliens' },
        ]),
      );
      expect(res.body.errors).toHaveLength(7);
      const [row] = await db.query('SELECT version, answers FROM assessments WHERE id = $1', [a.id]);
      expect(row).toEqual({ version: 1, answers: {} });
      expect(await revisionCount(a.id)).toBe(0);
    });

    it('needs If-Match (428) and refuses a stale one (412), saying who saved last and when', async () => {
      const a = await createAssessment(app, owner);
      await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(owner))
        .send({ answers: { vendor_name: 'X' } })
        .expect(428);
      await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(owner))
        .set('If-Match', 'banana')
        .send({ answers: { vendor_name: 'X' } })
        .expect(400);
      await saveAnswers(app, owner, a.id, 1, { vendor_name: 'ParkCo' });

      const stale = await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(owner))
        .set('If-Match', '"1"')
        .send({ answers: { vendor_name: 'Other' } })
        .expect(412);
      expect(stale.body).toMatchObject({
        type: 'urn:privacy-review:problem:stale-version',
        currentVersion: 2,
        lastSavedBy: { id: ownerId },
        lastSavedAt: expect.any(String),
      });
      expect(stale.body.detail).toContain('saved it last');
      const [row] = await db.query('SELECT answers FROM assessments WHERE id = $1', [a.id]);
      expect(row.answers).toEqual({ vendor_name: 'ParkCo' });
    });

    it('drops answers that a change hides, and records that as a revision', async () => {
      const a = await createAssessment(app, owner);
      let { version } = await saveAnswers(app, owner, a.id, 1, {
        notice_given: true,
        notice_description: 'Signs at each zone.',
      });
      ({ version } = await saveAnswers(app, owner, a.id, version, { notice_given: false }));
      const [row] = await db.query('SELECT answers FROM assessments WHERE id = $1', [a.id]);
      expect(row.answers).toEqual({ notice_given: false });
      const revisions = await http()
        .get(`/assessments/${a.id}/revisions`)
        .query({ questionId: 'notice_description' })
        .set(bearer(owner))
        .expect(200);
      expect(revisions.body.items[0]).toMatchObject({ oldValue: 'Signs at each zone.', newValue: null, version });
    });

    it('clears an answer sent as null, and bumps nothing when a save changes nothing', async () => {
      const a = await createAssessment(app, owner);
      const { version } = await saveAnswers(app, owner, a.id, 1, { vendor_name: 'ParkCo' });
      const same = await saveAnswers(app, owner, a.id, version, { vendor_name: 'ParkCo' });
      expect(same.version).toBe(version);
      const cleared = await saveAnswers(app, owner, a.id, version, { vendor_name: null });
      expect(cleared.version).toBe(version + 1);
      expect((await db.query('SELECT answers FROM assessments WHERE id = $1', [a.id]))[0].answers).toEqual({});
    });

    it('lets only the owner save: another owner gets 404 (it is not theirs to see), a reviewer 403 or 404', async () => {
      const a = await createAssessment(app, owner);
      await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(otherOwner))
        .set('If-Match', '"1"')
        .send({ answers: { vendor_name: 'X' } })
        .expect(404);
      await http()
        .patch(`/assessments/${a.id}/answers`)
        .set(bearer(officer))
        .set('If-Match', '"1"')
        .send({ answers: { vendor_name: 'X' } })
        .expect(403);
    });
  });

  describe('the questionnaire view', () => {
    it('describes each question with its visibility, answer and errors, and each section with its completeness', async () => {
      const a = await createAssessment(app, owner);
      await saveAnswers(app, owner, a.id, 1, { wp248_sensitive_data: true, access_roles: [{ role: 'Clerks' }] });
      const res = await http().get(`/assessments/${a.id}/questionnaire`).set(bearer(owner)).expect(200);
      expect(res.headers.etag).toBe('"2"');
      const byId = new Map<string, Record<string, unknown>>(
        res.body.sections.flatMap((s: { questions: { id: string }[] }) => s.questions.map((q) => [q.id, q])),
      );

      expect(byId.get('sensitive_categories')).toMatchObject({
        type: 'multiple_choice',
        visible: true,
        required: true,
        answer: null,
        errors: [{ pointer: '/answers/sensitive_categories', detail: 'is required' }],
      });
      expect((byId.get('sensitive_categories')!.options as unknown[]).length).toBe(9);
      expect(byId.get('compliance_risk')).toMatchObject({
        type: 'scale',
        scale: { min: 1, max: 4, justificationRequired: true },
      });
      expect(byId.get('access_roles')).toMatchObject({
        type: 'group',
        answer: [{ role: 'Clerks' }],
        questions: expect.arrayContaining([
          expect.objectContaining({ id: 'access_level', type: 'single_choice', required: true }),
        ]),
        errors: expect.arrayContaining([
          { pointer: '/answers/access_roles/0/reason', detail: 'item 1: "Why this access is needed" is required' },
        ]),
        disclosure: { level: 'internal' },
      });
      expect(byId.get('data_inventory')).toMatchObject({
        type: 'data_inventory',
        fields: expect.arrayContaining([expect.objectContaining({ id: 'category', type: 'single_choice' })]),
      });
      expect(byId.get('encrypted_at_rest')).toMatchObject({
        disclosure: { level: 'exempt', exemption: expect.stringContaining('RCW 42.56.420') },
      });
      expect(byId.get('initial_cost')).toMatchObject({ visible: false, required: false });

      const sir = res.body.sections.find((s: { id: string }) => s.id === 'sir_fiscal');
      expect(sir).toMatchObject({ visible: false, complete: true });
      expect(res.body.progress).toMatchObject({
        complete: false,
        answeredRequiredQuestions: 1,
        percent: expect.any(Number),
      });
    });
  });

  describe('listing and reading', () => {
    it("filters by state, department, owner and text, sorts, and pages with a total, within the caller's reach", async () => {
      const tag = `Lamp${Date.now()}`;
      for (const title of [`${tag} B`, `${tag} A`, `${tag} C`])
        await createAssessment(app, owner, { title, department: 'Parks' });
      await createAssessment(app, otherOwner, { title: `${tag} theirs`, department: 'Parks' });

      const mine = await http()
        .get('/assessments')
        .query({ q: tag, sort: 'title', pageSize: 2 })
        .set(bearer(owner))
        .expect(200);
      expect(mine.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(mine.body.items.map((i: { title: string }) => i.title)).toEqual([`${tag} A`, `${tag} B`]);

      const byRef = await http()
        .get('/assessments')
        .query({ q: mine.body.items[0].ref })
        .set(bearer(owner))
        .expect(200);
      expect(byRef.body.total).toBe(1);
      const filtered = await http()
        .get('/assessments')
        .query({ q: tag, state: 'draft', department: 'Parks', owner: 'me', sort: '-title' })
        .set(bearer(owner))
        .expect(200);
      expect(filtered.body.items.map((i: { title: string }) => i.title)).toEqual([`${tag} C`, `${tag} B`, `${tag} A`]);

      // Drafts are not in a reviewer's reach.
      expect((await http().get('/assessments').query({ q: tag }).set(bearer(officer)).expect(200)).body.total).toBe(0);
      await http().get('/assessments').query({ state: 'pending', sort: 'owner' }).set(bearer(owner)).expect(400);
    });

    it("answers 404 for someone else's draft and for a malformed id", async () => {
      const a = await createAssessment(app, owner);
      await http().get(`/assessments/${a.id}`).set(bearer(otherOwner)).expect(404);
      await http().get(`/assessments/${a.id}`).set(bearer(officer)).expect(404);
      await http().get('/assessments/not-a-uuid').set(bearer(owner)).expect(400);
    });
  });

  describe('submitting', () => {
    it('refuses an incomplete assessment, listing what is missing per section', async () => {
      const a = await createAssessment(app, owner);
      await saveAnswers(app, owner, a.id, 1, { ...PARKING_APP_ANSWERS, abstract_purpose: null, shares_data: true });
      const res = await http()
        .post(`/assessments/${a.id}/events`)
        .set(bearer(owner))
        .set('If-Match', '"2"')
        .send({ type: 'SUBMIT' })
        .expect(422);
      expect(res.body.type).toBe('urn:privacy-review:problem:incomplete');
      expect(res.body.sections).toEqual([
        {
          id: 'abstract',
          title: '1. Abstract',
          missing: [{ pointer: '/answers/abstract_purpose', detail: 'is required' }],
        },
        {
          id: 'sharing_accuracy',
          title: '6. Data sharing and accuracy',
          missing: [{ pointer: '/answers/sharing_partners', detail: 'is required' }],
        },
      ]);
      expect((await db.query('SELECT state FROM assessments WHERE id = $1', [a.id]))[0].state).toBe('draft');
    });

    it('moves a complete assessment to screening, stores the screening, and closes it to edits', async () => {
      const submitted = await submittedAssessment(app, owner);
      expect(submitted.state).toBe('screening');
      const res = await http().get(`/assessments/${submitted.id}`).set(bearer(officer)).expect(200); // now in review: reachable
      expect(res.body.screening).toMatchObject({
        questionnaire: { id: 'city-pia', version: 1 },
        criteriaMet: 2,
        proposedOutcome: 'pia',
        surveillance: { flagged: false },
        sensitiveCategories: [{ category: 'financial' }, { category: 'location' }],
      });
      expect(
        res.body.screening.criteria.find((c: { criterion: string }) => c.criterion === 'large_scale'),
      ).toMatchObject({
        met: true,
        triggeredBy: [
          { questionId: 'scale_people', answer: 250000 },
          { questionId: 'geographic_extent', answer: 'citywide' },
        ],
      });
      const locked = await http()
        .patch(`/assessments/${submitted.id}/answers`)
        .set(bearer(owner))
        .set('If-Match', `"${submitted.version}"`)
        .send({ answers: { vendor_name: 'X' } })
        .expect(409);
      expect(locked.body).toMatchObject({ type: 'urn:privacy-review:problem:not-editable', state: 'screening' });
    });
  });
});
