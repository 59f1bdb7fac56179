import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../../assessments/assessments.service';
import { RequirePermission } from '../../../common/auth/access.decorators';
import type { Actor } from '../../../common/auth/actor';
import { Permission } from '../../../common/auth/permissions';
import { AppException } from '../../../common/errors/app.exception';
import {
  assertFormRefusal,
  type FormProblems,
  formProblems,
  formText,
  isUuid,
  NO_PROBLEMS,
  sentence,
} from '../../../web/forms';
import { PageRenderer } from '../../../web/page-renderer.service';
import type { PageRequest } from '../../../web/page-request';
import { WebPages } from '../../../web/web-pages.decorator';
import { COMMENT_MAX_LENGTH } from '../comment.dto';
import { CommentErrorCode, CommentException } from '../comment.exception';
import { CommentsService } from '../comments.service';
import { commentsModel, type Typed } from './comments-view';

const DONE = new Set(['posted', 'replied', 'edited', 'resolved', 'reopened']);

/** A textarea's text as typed; browsers send its line breaks as CRLF. */
const typedText = (body: unknown, name: string) =>
  formText(body, name, COMMENT_MAX_LENGTH + 1000).replace(/\r\n?/g, '\n');

/** A refusal pinned to the form's one text field: the body's problems read as "Your comment is empty." */
function problemsAt(error: AppException, field: string): FormProblems {
  const messages = error.errors?.length
    ? error.errors.map((e) => (e.pointer === '/body' ? `Your comment ${e.detail}.` : sentence(e.detail)))
    : [error.message];
  return formProblems(messages.map((message) => ({ field, message })));
}

/** The question a page is about (`?question=`), when it names one at all; the service says whether it exists. */
const questionOf = (value: unknown) => (typeof value === 'string' && value ? value.slice(0, 64) : undefined);

/**
 * An assessment's comment threads, all or one question's: read them, open one, reply, edit one's own comment,
 * resolve or reopen a thread. Each form posts, then redirects back here (POST, redirect, GET); CommentsService
 * decides who may do what, and a refusal shows the page again with what was typed.
 */
@WebPages()
@Controller('pia/:ref/comments')
export class CommentsPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly comments: CommentsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Query('question') question?: unknown,
    @Query('done') done?: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const notice = typeof done === 'string' && DONE.has(done) ? done : null;
    await this.render(req, res, actor, id, questionOf(question), { notice, typed: null }, NO_PROBLEMS);
  }

  /** A new thread (on the page's question, or the one chosen), or a reply when `parentId` names a comment. */
  @Post()
  @RequirePermission(Permission.CommentsWrite)
  async post(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const page = questionOf(formText(body, 'page', 64));
    const parentId = formText(body, 'parentId', 40);
    const reply = parentId !== '';
    const field = reply ? `reply-${parentId}` : 'body';
    const text = typedText(body, 'body');
    const questionId = reply ? undefined : questionOf(formText(body, 'questionId', 64)) || page;
    try {
      if (reply && !isUuid(parentId)) throw notFound();
      const thread = await this.comments.post(actor, id, {
        body: text,
        ...(reply ? { parentId } : {}),
        ...(questionId ? { questionId } : {}),
      });
      this.back(res, ref, page, reply ? 'replied' : 'posted', thread.id);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = problemsAt(error, field);
      const typed: Typed = { field, body: text, questionId: questionId ?? null };
      return this.render(req, res, actor, id, page, { notice: null, typed }, problems, error.status);
    }
  }

  @Post(':commentId/edit')
  @RequirePermission(Permission.CommentsWrite)
  async edit(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('commentId') commentId: string,
    @Body() body: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const page = questionOf(formText(body, 'page', 64));
    const field = `edit-${commentId}`;
    const text = typedText(body, 'body');
    try {
      if (!isUuid(commentId)) throw notFound();
      const thread = await this.comments.edit(actor, id, commentId, text);
      this.back(res, ref, page, 'edited', thread.id);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = problemsAt(error, field);
      const typed: Typed = { field, body: text, questionId: null };
      return this.render(req, res, actor, id, page, { notice: null, typed }, problems, error.status);
    }
  }

  @Post('threads/:threadId/resolve')
  @RequirePermission(Permission.CommentsWrite)
  async resolve(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('threadId') threadId: string,
    @Body() body: unknown,
  ) {
    await this.setResolved(req, res, ref, threadId, body, true);
  }

  @Post('threads/:threadId/reopen')
  @RequirePermission(Permission.CommentsWrite)
  async reopen(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('threadId') threadId: string,
    @Body() body: unknown,
  ) {
    await this.setResolved(req, res, ref, threadId, body, false);
  }

  private async setResolved(
    req: PageRequest,
    res: Response,
    ref: string,
    threadId: string,
    body: unknown,
    resolved: boolean,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    if (!isUuid(threadId))
      throw new CommentException(CommentErrorCode.ThreadNotFound, 'No such thread on this assessment.');
    // Nothing to type here: a refusal (403, 404) is the error page's to say.
    await this.comments.setResolved(actor, id, threadId, resolved);
    this.back(res, ref, questionOf(formText(body, 'page', 64)), resolved ? 'resolved' : 'reopened', threadId);
  }

  private back(res: Response, ref: string, question: string | undefined, done: string, threadId: string) {
    const query = new URLSearchParams({ ...(question ? { question } : {}), done });
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}/comments?${query}#thread-${threadId}`);
  }

  private async render(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    question: string | undefined,
    form: { notice: string | null; typed: Typed | null },
    problems: FormProblems,
    status = 200,
  ) {
    const [assessment, threads] = await Promise.all([
      this.assessments.get(actor, id),
      this.comments.list(actor, id, question ? { questionId: question } : {}),
    ]);
    const choices = this.comments.questionChoices(await this.assessments.visible(actor, id));
    const model = commentsModel({
      actor,
      assessment,
      threads,
      question: question ? (choices.flatMap((s) => s.questions).find((q) => q.id === question) ?? null) : null,
      choices,
      mayComment: this.comments.mayComment(actor),
      mayResolve: (thread) => this.comments.mayResolve(actor, thread),
      ...form,
      problems,
    });
    const title = model.question ? `Comments on “${model.question.label}”` : 'Comments';
    await this.pages.render(req, res, 'reviews/comments', `${title}: ${assessment.ref}`, model, status);
  }
}

function notFound(): CommentException {
  return new CommentException(CommentErrorCode.CommentNotFound, 'No such comment on this assessment.');
}
