import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { formText, assertFormRefusal } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { CommentsService } from '../../reviews/comments/comments.service';
import { WorkflowService } from '../../workflow/workflow.service';
import { AssessmentsService } from '../assessments.service';
import { QuestionnaireRegistry } from '../questionnaire/questionnaire.registry';
import { placeProblems } from './problem-messages';
import { navigation } from './section-model';

/** The owner's ways to send the questionnaire for review; the buttons come from the workflow's allowed events. */
const SUBMIT_EVENTS = { SUBMIT: 'Submit for review', RESUBMIT: 'Resubmit for review' } as const;
type SubmitEvent = keyof typeof SUBMIT_EVENTS;

/** Checking the questionnaire before it goes for review: what is missing, per section, and the submit button. */
@WebPages()
@Controller('pia/:ref/submit')
export class SubmitAssessmentPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly registry: QuestionnaireRegistry,
    private readonly comments: CommentsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async show(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Param('ref') ref: string) {
    const id = await this.assessments.idForRef(actor, ref);
    await this.render(req, res, actor, id, null);
  }

  @Post()
  @RequirePermission(Permission.AssessmentsEdit)
  async submit(
    @Req() req: PageRequest,
    @Res() res: Response,
    @CurrentActor() actor: Actor,
    @Param('ref') ref: string,
    @Body() body: unknown,
  ) {
    const id = await this.assessments.idForRef(actor, ref);
    const event = formText(body, 'event', 20);
    const version = Number.parseInt(formText(body, 'version', 12), 10) || 0;
    if (!Object.hasOwn(SUBMIT_EVENTS, event))
      return this.render(req, res, actor, id, 'Choose the button to submit.', 422);
    try {
      // The one transition path, as the API's POST /assessments/:id/events.
      await this.workflow.apply(actor, id, { type: event as SubmitEvent }, version);
      this.pages.redirect(res, `/pia/${ref.toUpperCase()}?done=${event}`);
    } catch (error) {
      assertFormRefusal(error);
      await this.render(req, res, actor, id, error.message, error.status);
    }
  }

  private async render(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    problem: string | null,
    status = 200,
  ) {
    const [assessment, summary, { view }, allowed, unaddressed] = await Promise.all([
      this.assessments.visible(actor, id),
      this.assessments.get(actor, id),
      this.assessments.questionnaire(actor, id),
      this.workflow.allowedEvents(actor, id),
      this.comments.unaddressedFor(actor, id),
    ]);
    const template = this.registry.get(summary.questionnaire.id, summary.questionnaire.version);
    const base = `/pia/${summary.ref}`;
    const { missing } = this.assessments.submissionCheck(assessment);
    const sections = missing.map((section) => ({
      title: section.title,
      href: `${base}/sections/${section.id}`,
      items: placeProblems(section.missing, template.sections).map((p) => ({
        href: `${base}/sections/${section.id}#${p.field}`,
        text: p.summary,
      })),
    }));
    const event = (Object.keys(SUBMIT_EVENTS) as SubmitEvent[]).find((e) => allowed.allowedEvents.includes(e)) ?? null;
    const editable = this.assessments.canEditAnswers(actor, { ownerId: summary.owner.id, state: summary.state });
    return this.pages.render(
      req,
      res,
      'assessments/submit',
      `Check and submit: ${summary.ref}`,
      {
        assessment: { ref: summary.ref, title: summary.title },
        nav: navigation({ base, view, template }, null),
        submitHref: `${base}/submit`,
        submitCurrent: true,
        progress: view.progress,
        missing: sections,
        missingCount: sections.reduce((n, s) => n + s.items.length, 0),
        // Resubmitting also waits for each change a reviewer asked for: its answer changed, or a reply in its thread.
        requested: unaddressed.map((change) => ({
          text: change.question,
          href: `${base}/comments?question=${encodeURIComponent(change.questionId)}#thread-${change.threadId}`,
        })),
        submit: event ? { event, label: SUBMIT_EVENTS[event] } : null,
        version: allowed.version,
        editable,
        statusHref: base,
        problem,
        errors: problem ? [{ field: 'submit', message: problem }] : [],
      },
      status,
    );
  }
}
