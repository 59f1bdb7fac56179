import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { PARKING_APP_ANSWERS } from './fixtures/city-pia-answers';
import { saveAnswers, sendEvent, submittedAssessment } from './support/assessments';
import { decidedAssessment } from './support/decisions';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';
import { formBrowser } from './support/web';

type Change = {
  question: { id: string; text: string | null; type: string | null; sectionId: string | null };
  before: unknown;
  after: unknown;
  changedBy: { id: string; displayName: string };
  changedAt: string;
  revisions: number;
  diff: { op: string; text: string }[] | null;
};

const PURPOSE_BEFORE = PARKING_APP_ANSWERS.abstract_purpose; // 'Let people pay for street parking from their phones.'
const PURPOSE_AFTER = 'Let drivers pay for street parking from their phones, and nothing else.';

describe('what changed since the last cycle: GET /assessments/:id/changes and its pages', () => {
  let app: INestApplication;
  let people: Reviewers & { users: Awaited<ReturnType<typeof createReviewers>>['users'] };
  const http = () => request(app.getHttpServer());

  const changes = (session: Session, id: string, since?: string) =>
    http()
      .get(`/assessments/${id}/changes`)
      .query(since === undefined ? {} : { since })
      .set(bearer(session));
  const version = async (id: string) =>
    (await http().get(`/assessments/${id}`).set(bearer(people.owner)).expect(200)).body.version as number;
  const seqOf = async (id: string, type: string, nth = 1) => {
    const events = (await http().get(`/assessments/${id}/events`).set(bearer(people.owner)).expect(200)).body as {
      seq: number;
      type: string;
    }[];
    return events.filter((e) => e.type === type)[nth - 1].seq;
  };
  /** The owner saves answers one save at a time, as the questionnaire page would. */
  const save = async (id: string, answers: object) => saveAnswers(app, people.owner, id, await version(id), answers);

  beforeAll(async () => {
    app = await bootTestApp();
    people = await createReviewers(app, {
      owner: { displayName: 'Dana Okafor' },
      officer: { displayName: 'Priya Shah' },
    });
  });
  afterAll(() => app.close());

  /** Submitted, sent back by the officer, changed by the owner, resubmitted: round 2 in screening. */
  async function resubmitted(changesInRound2: object[]) {
    const a = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, a.id, { type: 'REQUEST_CHANGES', reason: 'Say what the data is for.' });
    for (const answers of changesInRound2) await save(a.id, answers);
    await sendEvent(app, people.owner, a.id, { type: 'RESUBMIT' });
    return a;
  }

  it('gives a reviewer the answers changed in round 2: the question, before and after, who and when', async () => {
    const a = await resubmitted([{ vendor_name: 'ParkCo Ltd' }]);
    const res = await changes(people.officer, a.id).expect(200);
    const [revision] = (
      await http().get(`/assessments/${a.id}/revisions`).query({ questionId: 'vendor_name' }).set(bearer(people.owner))
    ).body.items;
    expect(res.body).toEqual({
      since: {
        seq: await seqOf(a.id, 'REQUEST_CHANGES'),
        type: 'REQUEST_CHANGES',
        at: expect.any(String),
        by: { id: people.users.officer.id, displayName: 'Priya Shah' },
        cycle: 1,
        chosen: 'default',
      },
      cycle: 1,
      items: [
        {
          question: { id: 'vendor_name', text: expect.any(String), type: 'short_text', sectionId: expect.any(String) },
          before: 'ParkCo',
          after: 'ParkCo Ltd',
          changedBy: { id: people.users.owner.id, displayName: 'Dana Okafor' },
          changedAt: revision.changedAt,
          revisions: 1,
          diff: null,
        },
      ],
    });
    // The question's text is the questionnaire's own.
    const questionnaire = await http().get(`/assessments/${a.id}/questionnaire`).set(bearer(people.owner));
    const questions = (
      questionnaire.body.sections as { id: string; questions: { id: string; label: string }[] }[]
    ).flatMap((s) => s.questions.map((q) => ({ ...q, sectionId: s.id })));
    const vendor = questions.find((q) => q.id === 'vendor_name')!;
    expect(res.body.items[0].question).toMatchObject({ text: vendor.label, sectionId: vendor.sectionId });
  });

  it('collapses several saves of one answer into before (at the start) and after (now), and leaves out one changed back', async () => {
    const a = await resubmitted([
      { abstract_purpose: 'Let drivers pay for parking.' },
      { project_description: 'Something else entirely.' },
      { abstract_purpose: PURPOSE_AFTER },
      { project_description: PARKING_APP_ANSWERS.project_description },
    ]);
    const { items } = (await changes(people.officer, a.id).expect(200)).body as { items: Change[] };
    expect(items.map((i) => i.question.id)).toEqual(['abstract_purpose']);
    expect(items[0]).toMatchObject({ before: PURPOSE_BEFORE, after: PURPOSE_AFTER, revisions: 2 });
  });

  it('gives long text a word-level diff that reads back as before and as after', async () => {
    const a = await resubmitted([{ abstract_purpose: PURPOSE_AFTER }]);
    const [item] = (await changes(people.officer, a.id).expect(200)).body.items as Change[];
    expect(item.question.type).toBe('long_text');
    expect(item.diff).toEqual([
      { op: 'same', text: 'Let ' },
      { op: 'removed', text: 'people' },
      { op: 'added', text: 'drivers' },
      { op: 'same', text: ' pay for street parking from their phones' },
      { op: 'added', text: ', and nothing else' },
      { op: 'same', text: '.' },
    ]);
    const join = (skip: string) =>
      item
        .diff!.filter((p) => p.op !== skip)
        .map((p) => p.text)
        .join('');
    expect([join('added'), join('removed')]).toEqual([PURPOSE_BEFORE, PURPOSE_AFTER]);
  });

  it('windows by seq from any event and by cycle from its start, the default being the last request for changes', async () => {
    const a = await resubmitted([{ vendor_name: 'ParkCo Ltd' }]);
    await sendEvent(app, people.officer, a.id, { type: 'REQUEST_CHANGES', reason: 'And the retention.' });
    await save(a.id, { retention_schedule: 'GS 50-01-13' });
    await sendEvent(app, people.owner, a.id, { type: 'RESUBMIT' });
    const ids = async (since?: string) =>
      ((await changes(people.officer, a.id, since).expect(200)).body.items as Change[]).map((i) => i.question.id);

    expect(await ids()).toEqual(['retention_schedule']); // round 3 only
    const firstAsked = await seqOf(a.id, 'REQUEST_CHANGES', 1);
    expect(await ids(`seq:${firstAsked}`)).toEqual(['vendor_name', 'retention_schedule']); // rounds 2 and 3
    expect(await ids(`seq:${await seqOf(a.id, 'RESUBMIT', 2)}`)).toEqual([]); // nothing since the last resubmission
    // Cycle 1 from its start: every answer given, each from no answer.
    const all = (await changes(people.officer, a.id, 'cycle:1').expect(200)).body;
    expect(all.since).toMatchObject({ seq: 1, type: 'CREATED', cycle: 1, chosen: 'cycle' });
    expect(all.items).toHaveLength(Object.keys(PARKING_APP_ANSWERS).length);
    expect((all.items as Change[]).every((i) => i.before === null)).toBe(true);
    expect((all.items as Change[]).find((i) => i.question.id === 'vendor_name')).toMatchObject({
      after: 'ParkCo Ltd',
      revisions: 2,
    });
  });

  it('starts cycle 2 at the reassessment: the default and cycle:2 show only what changed since', async () => {
    const a = await decidedAssessment(app, people);
    await sendEvent(app, people.owner, a.id, { type: 'REASSESS' });
    await save(a.id, { vendor_name: 'CurbCo' });
    await sendEvent(app, people.owner, a.id, { type: 'SUBMIT' }); // reviewers reach it again once submitted
    const byCycle = (await changes(people.officer, a.id, 'cycle:2').expect(200)).body;
    expect(byCycle).toMatchObject({
      since: { seq: await seqOf(a.id, 'REASSESS'), type: 'REASSESS', cycle: 2, chosen: 'cycle' },
      cycle: 2,
      items: [{ question: { id: 'vendor_name' }, before: 'ParkCo', after: 'CurbCo' }],
    });
    const byDefault = (await changes(people.officer, a.id).expect(200)).body;
    expect(byDefault.since).toMatchObject({ type: 'REASSESS', chosen: 'default' });
    expect(byDefault.items).toEqual(byCycle.items);
    const refused = await changes(people.officer, a.id, 'cycle:3').expect(422);
    expect(refused.body.errors).toEqual([
      { pointer: '/since', detail: 'there is no cycle 3: the assessment is in cycle 2' },
    ]);
  });

  it.each([['cycle'], ['seq:0'], ['round:2'], ['seq:abc'], ['cycle:1;DROP']])(
    'refuses since=%s with 422 problem+json naming /since',
    async (since) => {
      const a = await resubmitted([]);
      const res = await changes(people.officer, a.id, since).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'urn:privacy-review:problem:invalid-since',
        status: 422,
        errors: [{ pointer: '/since', detail: 'must be cycle:N or seq:N, such as cycle:2 or seq:14' }],
      });
    },
  );

  it('refuses since twice and an event the chain does not have, naming /since', async () => {
    const a = await resubmitted([]);
    const twice = await http()
      .get(`/assessments/${a.id}/changes?since=seq:1&since=seq:2`)
      .set(bearer(people.officer))
      .expect(422);
    expect(twice.body.errors).toEqual([{ pointer: '/since', detail: expect.stringContaining('cycle:N or seq:N') }]);
    const beyond = await changes(people.officer, a.id, 'seq:99').expect(422);
    expect(beyond.body.errors).toEqual([{ pointer: '/since', detail: 'there is no event 99: the chain has 4' }]);
  });

  it('answers 404 to whoever may not read the assessment, as for one that does not exist', async () => {
    const a = await resubmitted([{ vendor_name: 'ParkCo Ltd' }]);
    const stranger = (await createUserAndLogin(app, [Role.ProjectOwner])).session;
    const records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    for (const session of [stranger, records]) {
      const res = await changes(session, a.id).expect(404);
      expect(res.body.type).toBe('urn:privacy-review:problem:assessment-not-found');
    }
    await changes(people.officer, '00000000-0000-4000-8000-000000000000').expect(404);
    await changes(people.owner, a.id).expect(200); // the owner reads their own
  });

  it('shows the reviewer "Changed since you asked" first on the status page, and the word diff on /pia/:ref/changes', async () => {
    const a = await resubmitted([{ abstract_purpose: PURPOSE_AFTER }, { vendor_name: 'ParkCo Ltd' }]);
    const officer = await formBrowser(app, people.users.officer);
    const status = await http().get(`/pia/${a.ref}`).set('Cookie', officer.cookie).expect(200);
    const section = /<section[^>]*data-changed-since[\s\S]*?<\/section>/.exec(status.text)?.[0] ?? '';
    expect(section).toContain('Changed since you asked');
    expect(section).toContain('2 answers changed');
    expect(section).toContain('“ParkCo” became “ParkCo Ltd”');
    expect(section).toContain('4 words added, 1 removed');
    expect(section).toContain(`href="/pia/${a.ref}/changes#change-abstract_purpose"`);
    // First: straight after the title.
    expect(status.text).toMatch(/<\/h1>\s*<section[^>]*data-changed-since/);

    const owner = await formBrowser(app, people.users.owner);
    const own = await http().get(`/pia/${a.ref}`).set('Cookie', owner.cookie).expect(200);
    expect(own.text).not.toContain('data-changed-since'); // the owner made the changes

    const page = await http().get(`/pia/${a.ref}/changes`).set('Cookie', officer.cookie).expect(200);
    expect(page.text).toContain(
      '<del><span class="usa-sr-only">[removed: </span>people<span class="usa-sr-only">]</span></del>',
    );
    expect(page.text).toContain(
      '<ins><span class="usa-sr-only">[added: </span>drivers<span class="usa-sr-only">]</span></ins>',
    );
    expect(page.text).toContain('The answers changed since you asked for changes');
    expect(page.text).toMatch(/<dd data-before>ParkCo<\/dd>\s*<dt>After<\/dt><dd data-after>ParkCo Ltd<\/dd>/);
    // Another window, and a bad one.
    const everything = await http()
      .get(`/pia/${a.ref}/changes?since=cycle:1`)
      .set('Cookie', officer.cookie)
      .expect(200);
    expect(everything.text).toContain(`${Object.keys(PARKING_APP_ANSWERS).length} answers changed`);
    const bad = await http().get(`/pia/${a.ref}/changes?since=yesterday`).set('Cookie', officer.cookie);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('must be cycle:N or seq:N');
  });

  it('links a changed question to the threads about it: the change the reviewer asked for there', async () => {
    const a = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, a.id, {
      type: 'REQUEST_CHANGES',
      reason: 'The vendor.',
      questions: [{ questionId: 'vendor_name', comment: 'Give the vendor’s legal name.' }],
    });
    await save(a.id, { vendor_name: 'ParkCo Ltd' });
    await save(a.id, { abstract_purpose: PURPOSE_AFTER });
    await sendEvent(app, people.owner, a.id, { type: 'RESUBMIT' });
    const officer = await formBrowser(app, people.users.officer);
    const page = await http().get(`/pia/${a.ref}/changes`).set('Cookie', officer.cookie).expect(200);
    const section = (id: string) =>
      new RegExp(`<section[^>]*id="change-${id}"[\\s\\S]*?</section>`).exec(page.text)?.[0] ?? '';
    expect(section('vendor_name')).toContain(`href="/pia/${a.ref}/comments?question&#x3D;vendor_name"`); // Handlebars escapes =;
    expect(section('vendor_name')).toContain('1 comment thread on this question (1 open)');
    expect(section('vendor_name')).toContain('Change requested');
    expect(section('abstract_purpose')).not.toContain('data-threads'); // nobody commented on it
  });
});
