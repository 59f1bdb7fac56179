import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException } from '../../common/errors/app.exception';
import { formProblems, formText, assertFormRefusal } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { CommentsService } from '../../reviews/comments/comments.service';
import { AssessmentErrorCode } from '../assessment.exception';
import { AssessmentsService } from '../assessments.service';
import { etagOf } from '../if-match';
import { QuestionnaireRegistry } from '../questionnaire/questionnaire.registry';
import { mergeStaleForm } from './answer-conflicts';
import { answerOf, type FormInput, inputFromBody } from './answer-form';
import { placeProblems } from './problem-messages';
import { type SectionContext, sectionModel, type SectionProblems } from './section-model';

/**
 * The questionnaire, one section per page: the owner fills and saves it through the same validation as the
 * API (partial saves, 422 per field, 412 when someone saved first); anyone else who may see it reads it.
 */
@WebPages()
@Controller('pia/:ref/sections')
export class QuestionnairePageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly registry: QuestionnaireRegistry,
    private readonly comments: CommentsService,
  ) {}

  @Get(':sectionId')
  @RequirePermission(Permission.AssessmentsRead)
  async show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @Param('sectionId') sectionId: string,
    @Query('saved') saved?: unknown,
  ) {
    const context = await this.context(actor, ref, sectionId);
    const notice = saved === '1' ? 'Your answers in this section were saved.' : null;
    await this.render(req, res, context, { notice });
  }

  @Post(':sectionId')
  @RequirePermission(Permission.AssessmentsEdit)
  async save(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @Param('sectionId') sectionId: string,
    @Body() body: unknown,
  ) {
    const context = await this.context(actor, ref, sectionId);
    const expectedVersion = Number.parseInt(formText(body, 'version', 12), 10) || 0;
    const questions = context.section.questions;
    const typed = new Map<string, FormInput>(questions.map((q) => [q.id, inputFromBody(q, body)]));
    const patch = Object.fromEntries(questions.map((q) => [q.id, answerOf(q, typed.get(q.id)!)]));
    try {
      const { version, view } = await this.assessments.saveAnswers(actor, context.id, expectedVersion, patch);
      const action = formText(body, 'action');
      // The script's autosave needs no page, only the version to save against next.
      if (action === 'autosave') return void res.status(204).set('ETag', etagOf(version)).end();
      if (action !== 'continue') return this.pages.redirect(res, `${context.base}/sections/${sectionId}?saved=1`);
      const visible = view.sections.filter((s) => s.visible).map((s) => s.id);
      const next = visible[visible.indexOf(sectionId) + 1];
      this.pages.redirect(res, next ? `${context.base}/sections/${next}` : `${context.base}/submit`);
    } catch (error) {
      assertFormRefusal(error);
      if (error.code === AssessmentErrorCode.InvalidAnswers) {
        const problems = placeProblems(error.errors ?? [], context.template.sections);
        return this.render(req, res, context, { inputs: typed, problems, version: expectedVersion }, 422);
      }
      if (error.code === AssessmentErrorCode.StaleVersion) {
        const later = await this.assessments.revisionsSince(actor, context.id, expectedVersion);
        const merged = mergeStaleForm(questions, typed, context.answers, later);
        const stale = {
          by: (error.extensions.lastSavedBy as { displayName: string } | null)?.displayName ?? 'Someone',
          at: (error.extensions.lastSavedAt as Date | null) ?? null,
          conflicts: merged.conflicts,
          takenFromThem: merged.takenFromThem.length,
        };
        return this.render(req, res, context, { inputs: merged.inputs, stale }, 412);
      }
      if (error.code === AssessmentErrorCode.NotEditable) {
        const notice = 'This assessment can no longer be changed here: your changes were not saved.';
        return this.render(req, res, { ...context, editable: false }, { notice }, 409);
      }
      throw error;
    }
  }

  /** The assessment behind the ref (404 when out of reach) and the section, which must be shown now. */
  private async context(actor: Actor, ref: string, sectionId: string): Promise<SectionContext> {
    const id = await this.assessments.idForRef(actor, ref);
    const [summary, { version, view }, threads] = await Promise.all([
      this.assessments.get(actor, id),
      this.assessments.questionnaire(actor, id),
      this.comments.summary(actor, id),
    ]);
    const template = this.registry.get(summary.questionnaire.id, summary.questionnaire.version);
    const section = template.sections.find((s) => s.id === sectionId);
    const shown = view.sections.find((s) => s.id === sectionId)?.visible === true;
    if (!section || !shown) throw new AppException(AssessmentErrorCode.NotFound, 'There is no such section here.');
    const answers = Object.fromEntries(
      template.sections.flatMap((s, i) => s.questions.map((q, j) => [q.id, view.sections[i].questions[j].answer])),
    );
    return {
      id,
      base: `/pia/${summary.ref}`,
      summary,
      version,
      view,
      template,
      section,
      answers,
      editable: this.assessments.canEditAnswers(actor, { ownerId: summary.owner.id, state: summary.state }),
      ownView: summary.owner.id === actor.id,
      comments: {
        byQuestion: threads.byQuestion,
        requested: threads.requested.map((t) => ({
          threadId: t.id,
          questionId: t.questionId!,
          label: t.question?.label ?? t.questionId!,
          sectionId: t.question?.sectionId ?? sectionId,
          comment: excerpt(t.comments[0].body),
          by: t.openedBy.displayName,
          addressed: !!t.addressed && (t.addressed.answered || t.addressed.replied),
        })),
        mayComment: this.comments.mayComment(actor),
      },
    };
  }

  private render(
    req: PageRequest,
    res: Response,
    context: SectionContext,
    problems: Partial<SectionProblems>,
    status = 200,
  ) {
    const model = sectionModel(context, problems);
    const summaryErrors = (problems.problems ?? []).map((p) => ({ field: p.field, message: p.summary }));
    return this.pages.render(
      req,
      res,
      'assessments/section',
      `${context.section.title}: ${context.summary.ref}`,
      { ...model, ...formProblems(summaryErrors) },
      status,
    );
  }
}

/** The start of a long comment, for the list at the top of the page (the thread holds the whole of it). */
function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199).trimEnd()}…` : text;
}
