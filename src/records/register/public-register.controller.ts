import { pipeline } from 'node:stream/promises';
import { Controller, Get, Header, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../common/openapi/problem.response';
import { ApiContentResponse } from '../../common/openapi/responses';
import type { Response } from 'express';
import { QuestionnaireRegistry } from '../../assessments/questionnaire/questionnaire.registry';
import { Public } from '../../common/auth/access.decorators';
import { AppConfig } from '../../config/app-config';
import { DecisionsService } from '../../decisions/decisions.service';
import { PAGE_CSP, PUBLIC_CSP } from '../../web/content-security-policy';
import { PageRenderer } from '../../web/page-renderer.service';
import { DecisionFilter } from '../exports/export-filter';
import { PublicRegisterService } from './public-register.service';
import { RegisterPageQuery } from './register.query';
import { IdParam } from '../../common/validation/id.param';

/** Deliberately public, all of it: the register is what the city publishes about its privacy reviews. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicRegisterController {
  private readonly logger = new Logger(PublicRegisterController.name);

  constructor(
    private readonly register: PublicRegisterService,
    private readonly decisions: DecisionsService,
    private readonly pages: PageRenderer,
    private readonly config: AppConfig,
    private readonly questionnaires: QuestionnaireRegistry,
  ) {}

  @Get('register')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PUBLIC_CSP)
  @ApiOperation({ summary: 'The public register (HTML page)' })
  @ApiContentResponse('text/html', 'One page of decided reviews.')
  async page(@Query() { page, pageSize, ...filter }: RegisterPageQuery) {
    const { entries, total } = await this.register.page(filter, page, pageSize);
    const questions = this.config.records.registerQuestions;
    const template = this.questionnaires.latest(this.config.templates.defaultQuestionnaire);
    const labelOf = (id: string) =>
      template?.sections.flatMap((s) => s.questions).find((q) => q.id === id)?.label ?? id;
    return this.pages.composePublic(
      'public-register',
      'Public register of privacy review decisions',
      '/public/register',
      {
        organisation: this.config.decisions.organisation,
        jwksUrl: '/.well-known/jwks.json',
        verifyUrl: `${this.config.records.publicBaseUrl}/decisions/verify`,
        total,
        questions: questions.map((id) => ({ id, label: labelOf(id) })),
        entries: entries.map((e) => ({
          ref: e.assessment_ref,
          title: e.title,
          department: e.department,
          outcome: e.outcome_label,
          decidedAt: e.decided_at,
          reasons: e.reasons,
          reasonsWithheld: e.reasons_withheld,
          fields: questions.map((id) => ({ label: labelOf(id), value: e[id], withheld: e[`${id}_withheld`] })),
          // The page links within this site (the open data files carry PUBLIC_BASE_URL's absolute links).
          documentUrl: e.document_url && `/public/decisions/${e.decision_id}/document.html`,
          manifestUrl: e.manifest_url && `/public/decisions/${e.decision_id}/manifest.jws`,
          destroyedAt: e.documents_destroyed_at,
        })),
        pages: {
          current: page,
          previous: page > 1 ? pageLink(filter, page - 1, pageSize) : null,
          next: page * pageSize < total ? pageLink(filter, page + 1, pageSize) : null,
        },
      },
    );
  }

  @Get('register.json')
  @ApiOperation({ summary: 'The public register as open data (JSON)' })
  @ApiOkResponse({
    description: 'Every entry, oldest first; the columns are stable (open data portals key on them).',
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
  })
  json(@Query() filter: DecisionFilter, @Res() res: Response) {
    return this.send('json', filter, res);
  }

  @Get('register.csv')
  @ApiOperation({ summary: 'The public register as open data (CSV)' })
  @ApiContentResponse('text/csv', 'The same columns as the JSON.')
  csv(@Query() filter: DecisionFilter, @Res() res: Response) {
    return this.send('csv', filter, res);
  }

  /** The public rendering of a decision document (internal and exempt parts left out, and said so). */
  @Get('decisions/:id/document.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_CSP)
  @ApiOperation({ summary: "A decision's public document (HTML)" })
  @ApiContentResponse('text/html', 'Parts not tagged public are left out, and it says so.')
  @ApiProblems(404, 409)
  async document(@Param() { id }: IdParam) {
    return (await this.decisions.publicDocument(id, 'html')).body;
  }

  /** The signed manifest naming the document's sha256; check it with /.well-known/jwks.json. */
  @Get('decisions/:id/manifest.jws')
  @Header('Content-Type', 'application/jose; charset=utf-8')
  @ApiOperation({ summary: "A decision's signed manifest (compact JWS)" })
  @ApiContentResponse('application/jose', 'Check it with /.well-known/jwks.json.')
  @ApiProblems(404, 409)
  async manifest(@Param() { id }: IdParam) {
    return (await this.decisions.publicDocument(id, 'manifest_jws')).body;
  }

  private async send(format: 'json' | 'csv', filter: DecisionFilter, res: Response): Promise<void> {
    const entries = await this.register.stream(format, filter);
    res.setHeader(
      'Content-Type',
      format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8; header=present',
    );
    res.setHeader('Content-Disposition', `inline; filename="register.${format}"`);
    await pipeline(entries, res).catch((error: unknown) =>
      this.logger.error({ err: error }, 'public register stopped before its end'),
    );
  }
}

/** Another page of the same filtered register. */
function pageLink(filter: DecisionFilter, page: number, pageSize: number): string {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]));
  query.set('page', String(page));
  query.set('pageSize', String(pageSize));
  return `?${query.toString()}`;
}
