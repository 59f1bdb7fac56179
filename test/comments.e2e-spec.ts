import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { createAssessment, submittedAssessment } from './support/assessments';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

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
  let people: Reviewers & { users: Record<keyof Reviewers, { id: string }> };
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
});
