import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException } from '../../common/errors/app.exception';
import { validateBody } from '../../common/validation/validation';
import { formProblems, type FormProblems, formText, NO_PROBLEMS, problemsOf, assertFormRefusal } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { AssessmentsService } from '../assessments.service';
import { CreateAssessmentDto } from '../dto/assessment.dto';
import { QuestionnaireRegistry } from '../questionnaire/questionnaire.registry';

/** The question of the default questionnaire that "what the project does" answers, when the template has it. */
const DESCRIPTION_QUESTION = 'project_description';
/** That question's limit in city-pia; the field says so, and longer text is not taken. */
const DESCRIPTION_MAX = 10_000;

interface StartForm {
  title: string;
  department: string;
  description: string;
}

/** Starting an assessment: its title, department and what the project does; then its first section. */
@WebPages()
@Controller('pia')
export class StartAssessmentPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly registry: QuestionnaireRegistry,
  ) {}

  @Get('new')
  @RequirePermission(Permission.AssessmentsCreate)
  form(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    return this.show(req, res, { title: '', department: actor.department ?? '', description: '' }, NO_PROBLEMS);
  }

  @Post()
  @RequirePermission(Permission.AssessmentsCreate)
  async create(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Body() body: unknown) {
    const typed: StartForm = {
      title: formText(body, 'title', 1000),
      department: formText(body, 'department', 1000),
      description: formText(body, 'description', DESCRIPTION_MAX + 1),
    };
    const missing = [
      ...(typed.title.trim() ? [] : [{ field: 'title', message: "Enter the project's title." }]),
      ...(typed.department.trim() ? [] : [{ field: 'department', message: 'Enter the department that runs it.' }]),
      ...(typed.description.length > DESCRIPTION_MAX
        ? [{ field: 'description', message: `Shorten the description to ${DESCRIPTION_MAX} characters or fewer.` }]
        : []),
    ];
    if (missing.length) return this.show(req, res, typed, formProblems(missing), 422);
    try {
      // The API's own checks of a new assessment (title and department, trimmed, their lengths).
      const input = await validateBody(CreateAssessmentDto, { title: typed.title, department: typed.department });
      const created = await this.assessments.create(actor, input);
      const { view } = await this.assessments.questionnaire(actor, created.id);
      const template = this.registry.get(created.questionnaire.id, created.questionnaire.version);
      const home = template.sections.find((s) => s.questions.some((q) => q.id === DESCRIPTION_QUESTION));
      const first = view.sections.find((s) => s.visible)!;
      if (typed.description.trim() && home) {
        // The assessment exists now: a description its question refuses is fixed on its own section, never by
        // starting (and so duplicating) the assessment again.
        const saved = await this.assessments
          .saveAnswers(actor, created.id, created.version, { [DESCRIPTION_QUESTION]: typed.description })
          .then(
            () => true,
            (error: unknown) => (error instanceof AppException && error.status < 500 ? false : Promise.reject(error)),
          );
        if (!saved) return this.pages.redirect(res, `/pia/${created.ref}/sections/${home.id}#${DESCRIPTION_QUESTION}`);
      }
      this.pages.redirect(res, `/pia/${created.ref}/sections/${first.id}`);
    } catch (error) {
      assertFormRefusal(error);
      await this.show(req, res, typed, problemsOf(error, 'title'), 422);
    }
  }

  private show(req: PageRequest, res: Response, form: StartForm, problems: FormProblems, status = 200) {
    return this.pages.render(
      req,
      res,
      'assessments/new',
      'Start an assessment',
      { form, descriptionMax: DESCRIPTION_MAX, ...problems },
      status,
    );
  }
}
