import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { createAssessment, saveAnswers, sendEvent, submittedAssessment } from './support/assessments';
import { assessmentInApproval, decisionWhen } from './support/decisions';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';
import { formBrowser } from './support/web';

interface Thread {
  id: string;
  questionId: string | null;
  requestedChange: boolean;
  addressed: { answered: boolean; replied: boolean } | null;
  status: 'open' | 'resolved';
  openedBy: { id: string };
  resolvedBy: { id: string } | null;
  comments: {
    id: string;
    author: { id: string };
    body: string;
    editedAt: string | null;
    earlierVersions: { body: string }[];
  }[];
}

describe('comments on questions', () => {
  let app: INestApplication;
  let db: DataSource;
  let people: Awaited<ReturnType<typeof createReviewers>>;
  let owner: Session;
  let officer: Session;
  let counsel: Session;
  let records: Session;
  const http = () => request(app.getHttpServer());
  const comment = (who: Session, id: string, body: object) =>
    http().post(`/assessments/${id}/comments`).set(bearer(who)).send(body);
  const threads = async (who: Session, id: string, query = '') =>
    (await http().get(`/assessments/${id}/comments${query}`).set(bearer(who)).expect(200)).body as Thread[];
  const unread = async (userId: string, assessmentId: string) =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND assessment_id = $2 AND reason = 'comment'`,
        [userId, assessmentId],
      )
    )[0].n as number;

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    people = await createReviewers(app);
    ({ owner, officer, counsel } = people);
    records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
  });
  afterAll(() => app.close());

  it('keeps a thread on a question: a reviewer opens it, the owner hears of it and replies, the reviewer hears back', async () => {
    const a = await submittedAssessment(app, owner);
    const opened = await comment(officer, a.id, { questionId: 'scale_people', body: '  How was 250,000 counted?  ' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      questionId: 'scale_people',
      question: { id: 'scale_people', sectionId: expect.any(String) },
      requestedChange: false,
      addressed: null,
      status: 'open',
      openedBy: { id: people.users.officer.id },
      comments: [{ author: { id: people.users.officer.id }, body: 'How was 250,000 counted?', editedAt: null }],
    });
    expect(await unread(people.users.owner.id, a.id)).toBe(1);

    const reply = await comment(owner, a.id, { parentId: opened.body.comments[0].id, body: 'Registered vehicles.' });
    expect(reply.status).toBe(201);
    expect(reply.body.id).toBe(opened.body.id);
    expect(reply.body.comments.map((c: { body: string }) => c.body)).toEqual([
      'How was 250,000 counted?',
      'Registered vehicles.',
    ]);
    expect(await unread(people.users.officer.id, a.id)).toBe(1);
    // Counsel joins: both others hear of it, counsel does not hear of their own comment.
    await comment(counsel, a.id, { parentId: reply.body.comments[1].id, body: 'Public records: fine.' }).expect(201);
    expect([
      await unread(people.users.owner.id, a.id),
      await unread(people.users.officer.id, a.id),
      await unread(people.users.counsel.id, a.id),
    ]).toEqual([2, 2, 0]);
  });

  it('lists threads on the assessment as a whole and per question, open or resolved', async () => {
    const a = await submittedAssessment(app, owner);
    const whole = (await comment(owner, a.id, { body: 'Happy to walk anyone through it.' }).expect(201)).body;
    expect(whole.questionId).toBeNull();
    const onQuestion = (await comment(officer, a.id, { questionId: 'vendor_name', body: 'Contract?' }).expect(201))
      .body;
    expect((await threads(counsel, a.id)).map((t) => t.id)).toEqual([whole.id, onQuestion.id]);
    expect((await threads(counsel, a.id, '?questionId=vendor_name')).map((t) => t.id)).toEqual([onQuestion.id]);
    await http()
      .post(`/assessments/${a.id}/comments/threads/${onQuestion.id}/resolve`)
      .set(bearer(officer))
      .expect(200);
    expect((await threads(owner, a.id, '?status=open')).map((t) => t.id)).toEqual([whole.id]);
    expect((await threads(owner, a.id, '?status=resolved')).map((t) => t.id)).toEqual([onQuestion.id]);
    await http().get(`/assessments/${a.id}/comments?questionId=no_such_question`).set(bearer(owner)).expect(404);
    await http().get(`/assessments/${a.id}/comments?status=closed`).set(bearer(owner)).expect(400);
  });

  it('keeps the earlier text of an edited comment, and lets only its author edit it', async () => {
    const a = await submittedAssessment(app, owner);
    const thread = (await comment(officer, a.id, { questionId: 'vendor_name', body: 'Who is the vendr?' }).expect(201))
      .body as Thread;
    const commentId = thread.comments[0].id;
    const edit = (who: Session, body: unknown) =>
      http().patch(`/assessments/${a.id}/comments/${commentId}`).set(bearer(who)).send({ body });

    const denied = await edit(owner, 'Not mine to change').expect(403);
    expect(denied.body.type).toBe('urn:privacy-review:problem:not-your-comment');
    await edit(officer, 'Who is the vendor?').expect(200);
    const edited = (await edit(officer, 'Who is the vendor, and where is the contract?').expect(200)).body as Thread;
    expect(edited.comments[0]).toMatchObject({
      body: 'Who is the vendor, and where is the contract?',
      editedAt: expect.any(String),
      earlierVersions: [{ body: 'Who is the vendr?' }, { body: 'Who is the vendor?' }],
    });
    // The same text again changes nothing and keeps no revision.
    await edit(officer, 'Who is the vendor, and where is the contract?').expect(200);
    const revisions = await db.query('SELECT body FROM comment_revisions WHERE comment_id = $1 ORDER BY id', [
      commentId,
    ]);
    expect(revisions).toEqual([{ body: 'Who is the vendr?' }, { body: 'Who is the vendor?' }]);
    const empty = await edit(officer, '   ').expect(422);
    expect(empty.body.errors).toEqual([{ pointer: '/body', detail: expect.stringContaining('empty') }]);
    await expect(db.query('DELETE FROM comments WHERE id = $1', [commentId])).rejects.toThrow(/never deleted/);
  });

  it('lets whoever opened a thread, or the privacy office, resolve and reopen it; anyone else gets 403', async () => {
    const a = await submittedAssessment(app, owner);
    const byCounsel = (
      await comment(counsel, a.id, { questionId: 'vendor_name', body: 'Data sharing terms?' }).expect(201)
    ).body as Thread;
    const byOwner = (await comment(owner, a.id, { body: 'A question for everyone' }).expect(201)).body as Thread;
    const act = (who: Session, thread: Thread, verb: 'resolve' | 'reopen') =>
      http().post(`/assessments/${a.id}/comments/threads/${thread.id}/${verb}`).set(bearer(who));

    const refused = await act(owner, byCounsel, 'resolve').expect(403);
    expect(refused.body.type).toBe('urn:privacy-review:problem:not-your-thread');
    await act(people.approver, byCounsel, 'resolve').expect(403);
    await act(counsel, byOwner, 'resolve').expect(403);
    expect((await threads(owner, a.id)).map((t) => t.status)).toEqual(['open', 'open']);

    // The privacy office resolves anyone's thread.
    expect((await act(officer, byCounsel, 'resolve').expect(200)).body).toMatchObject({
      status: 'resolved',
      resolvedBy: { id: people.users.officer.id },
    });
    // A resolved thread takes no reply until it is reopened.
    const reply = await comment(owner, a.id, { parentId: byCounsel.comments[0].id, body: 'Attached.' }).expect(409);
    expect(reply.body.type).toBe('urn:privacy-review:problem:thread-resolved');
    expect((await act(counsel, byCounsel, 'reopen').expect(200)).body).toMatchObject({
      status: 'open',
      resolvedBy: null,
    });
    await comment(owner, a.id, { parentId: byCounsel.comments[0].id, body: 'Attached.' }).expect(201);
    await act(owner, byOwner, 'resolve').expect(200);
    await act(owner, byOwner, 'resolve').expect(200);
    const history = await db.query(
      'SELECT resolved FROM comment_resolutions WHERE thread_id = ANY($1::uuid[]) ORDER BY id',
      [[byCounsel.id, byOwner.id]],
    );
    expect(history).toEqual([{ resolved: true }, { resolved: false }, { resolved: true }]);
  });

  it('answers 404 for a question not in the questionnaire, a comment or thread of another assessment, or an assessment out of reach', async () => {
    const a = await submittedAssessment(app, owner);
    const draft = await createAssessment(app, owner);
    const other = await submittedAssessment(app, owner);
    const elsewhere = (await comment(officer, other.id, { body: 'On the other one' }).expect(201)).body as Thread;
    const count = async () => (await db.query('SELECT count(*)::int AS n FROM comments'))[0].n as number;
    const before = await count();

    const noQuestion = await comment(officer, a.id, { questionId: 'favourite_colour', body: 'Hm' }).expect(404);
    expect(noQuestion.body.type).toBe('urn:privacy-review:problem:question-not-found');
    // Reviewers do not reach a draft; nobody reaches an assessment that is not there.
    expect((await comment(officer, draft.id, { body: 'Early look' }).expect(404)).body.type).toBe(
      'urn:privacy-review:problem:assessment-not-found',
    );
    await http().get(`/assessments/${draft.id}/comments`).set(bearer(officer)).expect(404);
    await comment(officer, '00000000-0000-4000-8000-000000000000', { body: 'x' }).expect(404);
    const stranger = (await createUserAndLogin(app, [Role.ProjectOwner])).session;
    await comment(stranger, a.id, { body: 'Not mine' }).expect(404);
    await comment(officer, a.id, { parentId: elsewhere.comments[0].id, body: 'Wrong place' }).expect(404);
    await http().post(`/assessments/${a.id}/comments/threads/${elsewhere.id}/resolve`).set(bearer(officer)).expect(404);
    await http()
      .patch(`/assessments/${a.id}/comments/${elsewhere.comments[0].id}`)
      .set(bearer(officer))
      .send({ body: 'x' })
      .expect(404);
    // Records officers read, and do not comment.
    await comment(records, a.id, { body: 'Filed' }).expect(403);
    expect(await count()).toBe(before);
  });

  it('answers 422 naming the body when it is empty or longer than 10,000 characters, and keeps nothing', async () => {
    const a = await submittedAssessment(app, owner);
    for (const body of ['', '  \n ', 'x'.repeat(10_001)]) {
      const res = await comment(officer, a.id, { questionId: 'vendor_name', body }).expect(422);
      expect(res.body).toMatchObject({
        type: 'urn:privacy-review:problem:invalid-comment',
        errors: [{ pointer: '/body', detail: expect.any(String) }],
      });
    }
    await comment(officer, a.id, { questionId: 'vendor_name', body: 'x'.repeat(10_000) }).expect(201);
    await comment(officer, a.id, { questionId: 'vendor_name' }).expect(400);
    const wrongQuestion = await comment(owner, a.id, {
      questionId: 'scale_people',
      parentId: (await threads(owner, a.id))[0].comments[0].id,
      body: 'Moving it',
    }).expect(422);
    expect(wrongQuestion.body.errors).toEqual([{ pointer: '/questionId', detail: expect.any(String) }]);
    expect(await threads(owner, a.id)).toHaveLength(1);
    expect((await threads(owner, a.id))[0].comments).toHaveLength(1);
  });

  it('lists the threads still open at the decision in its record, and not those resolved before it', async () => {
    const a = await assessmentInApproval(app, people);
    const open = (
      await comment(counsel, a.id, { questionId: 'vendor_name', body: 'Contract still missing.' }).expect(201)
    ).body as Thread & { question: { label: string } };
    const settled = (await comment(officer, a.id, { body: 'Settled before the decision' }).expect(201)).body as Thread;
    await http().post(`/assessments/${a.id}/comments/threads/${settled.id}/resolve`).set(bearer(officer)).expect(200);
    await sendEvent(app, people.approver, a.id, { type: 'APPROVE' });
    // Resolved after the decision: it was open when the decision was made, and the record says so.
    await http().post(`/assessments/${a.id}/comments/threads/${open.id}/resolve`).set(bearer(counsel)).expect(200);

    const decision = await decisionWhen(app, owner, a.id);
    const html = (await http().get(`/decisions/${decision.id}/document.html`).set(bearer(owner)).expect(200)).text;
    const section = /<h2>Open comment threads<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    const rows = [...section.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([[expect.stringContaining('Vendor'), 'Test legal_counsel']]);
  });

  describe('changes requested per question', () => {
    const resubmit = (id: string) =>
      http().post(`/assessments/${id}/events`).set(bearer(owner)).send({ type: 'RESUBMIT' });
    const versionOf = async (id: string) =>
      (await http().get(`/assessments/${id}`).set(bearer(owner)).expect(200)).body.version as number;
    const stateOf = async (id: string) =>
      (await db.query('SELECT state FROM assessments WHERE id = $1', [id]))[0].state as string;

    it('opens a thread per question named, with the event, and refuses RESUBMIT until each is answered or replied to', async () => {
      const a = await submittedAssessment(app, owner);
      await sendEvent(app, officer, a.id, {
        type: 'REQUEST_CHANGES',
        reason: 'Two answers need work.',
        questions: [
          { questionId: 'vendor_name', comment: 'Name the vendor as in the contract.' },
          { questionId: 'access_controls', comment: 'Which single sign-on?' },
        ],
      });
      const opened = await threads(owner, a.id);
      expect(
        opened.map((t) => [t.questionId, t.requestedChange, t.addressed, t.openedBy.id, t.comments[0].body]),
      ).toEqual([
        [
          'vendor_name',
          true,
          { answered: false, replied: false },
          people.users.officer.id,
          'Name the vendor as in the contract.',
        ],
        [
          'access_controls',
          true,
          { answered: false, replied: false },
          people.users.officer.id,
          'Which single sign-on?',
        ],
      ]);
      const [event] = await db.query(
        `SELECT e.type, count(t.id)::int AS threads FROM comment_threads t JOIN assessment_events e ON e.id = t.source_event_id
          WHERE t.assessment_id = $1 GROUP BY e.type`,
        [a.id],
      );
      expect(event).toEqual({ type: 'REQUEST_CHANGES', threads: 2 });

      const refused = await resubmit(a.id).expect(422);
      expect(refused.body).toMatchObject({
        type: 'urn:privacy-review:problem:changes-unaddressed',
        errors: [
          { pointer: '/answers/vendor_name', detail: expect.stringContaining('change the answer or reply') },
          { pointer: '/answers/access_controls', detail: expect.any(String) },
        ],
      });
      expect(await stateOf(a.id)).toBe('changes_requested');

      // Changing an answer and changing it back is no answer.
      let version = (await saveAnswers(app, owner, a.id, await versionOf(a.id), { vendor_name: 'ParkCo Ltd' })).version;
      version = (await saveAnswers(app, owner, a.id, version, { vendor_name: 'ParkCo' })).version;
      expect((await resubmit(a.id).expect(422)).body.errors).toHaveLength(2);
      await saveAnswers(app, owner, a.id, version, { vendor_name: 'ParkCo Ltd' });
      expect((await resubmit(a.id).expect(422)).body.errors).toEqual([
        { pointer: '/answers/access_controls', detail: expect.any(String) },
      ]);
      await comment(owner, a.id, {
        parentId: opened[1].comments[0].id,
        body: 'The city’s, as in the security plan.',
      }).expect(201);
      expect((await resubmit(a.id).expect(200)).body.state).toBe('screening');
      expect((await threads(officer, a.id)).map((t) => t.addressed)).toEqual([
        { answered: true, replied: false },
        { answered: false, replied: true },
      ]);
    });

    it("lists the changes still waiting on the owner's check-and-submit page, each linking its thread", async () => {
      const a = await submittedAssessment(app, owner);
      await sendEvent(app, officer, a.id, {
        type: 'REQUEST_CHANGES',
        reason: 'See the question.',
        questions: [{ questionId: 'vendor_name', comment: 'Which vendor?' }],
      });
      const [thread] = await threads(owner, a.id);
      const browser = await formBrowser(app, people.users.owner);
      const page = async () =>
        (await http().get(`/pia/${a.ref}/submit`).set('Cookie', browser.cookie).expect(200)).text;
      const waiting = /<div class="usa-alert usa-alert--warning" data-requested-waiting>[\s\S]*?<\/ul>/.exec(
        await page(),
      );
      expect(waiting?.[0]).toContain(
        `<a href="/pia/${a.ref}/comments?question&#x3D;vendor_name#thread-${thread.id}">Vendor or supplier (if any)</a>`,
      );
      await comment(owner, a.id, { parentId: thread.comments[0].id, body: 'None: the city builds it.' }).expect(201);
      expect(await page()).not.toContain('data-requested-waiting');
    });

    it('lets the reviewer resolve a requested change instead, and keeps REQUEST_CHANGES without questions as it was', async () => {
      const a = await submittedAssessment(app, owner);
      await sendEvent(app, officer, a.id, {
        type: 'REQUEST_CHANGES',
        reason: 'One more thing.',
        questions: [{ questionId: 'vendor_name', comment: 'Is there a vendor?' }],
      });
      await resubmit(a.id).expect(422);
      const [thread] = await threads(officer, a.id);
      await http().post(`/assessments/${a.id}/comments/threads/${thread.id}/resolve`).set(bearer(officer)).expect(200);
      await resubmit(a.id).expect(200);
      // Without questions: no thread, and resubmitting needs nothing more than before.
      await sendEvent(app, officer, a.id, { type: 'REQUEST_CHANGES', reason: 'Please check everything.' });
      expect(await threads(owner, a.id)).toHaveLength(1);
      await resubmit(a.id).expect(200);
    });

    it('refuses REQUEST_CHANGES naming a question not in the questionnaire, or with an empty comment, and sends nothing', async () => {
      const a = await submittedAssessment(app, owner);
      const send = (questions: object[]) =>
        http()
          .post(`/assessments/${a.id}/events`)
          .set(bearer(officer))
          .send({ type: 'REQUEST_CHANGES', reason: 'Changes', questions });
      const unknown = await send([
        { questionId: 'vendor_name', comment: 'Fine' },
        { questionId: 'favourite_colour', comment: 'Hm' },
      ]).expect(422);
      expect(unknown.body).toMatchObject({
        type: 'urn:privacy-review:problem:invalid-requested-change',
        errors: [{ pointer: '/questions/1/questionId', detail: 'is not a question of this questionnaire' }],
      });
      const blank = await send([{ questionId: 'vendor_name', comment: '   ' }]).expect(422);
      expect(blank.body.errors).toEqual([{ pointer: '/questions/0/comment', detail: 'is empty' }]);
      await send([{ questionId: 'vendor_name' }]).expect(400);
      expect(await stateOf(a.id)).toBe('screening');
      expect(await threads(officer, a.id)).toEqual([]);
    });
  });
});
