import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AssessmentsService } from './assessments.service';
import { CreateAssessmentDto, ListAssessmentsQuery, RevisionsQuery, SaveAnswersDto } from './dto/assessment.dto';
import {
  AssessmentDetailResponse,
  AssessmentPageResponse,
  AssessmentResponse,
  QuestionnaireResponse,
  RevisionPageResponse,
} from './dto/assessment.responses';
import { etagOf, parseIfMatch } from './if-match';
import { IdParam } from '../common/validation/id.param';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The version last read (the ETag), e.g. "3".' };

@ApiTags('assessments')
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @RequirePermission(Permission.AssessmentsCreate)
  @ApiOperation({ summary: 'Start an assessment (as its owner)' })
  @ApiCreatedResponse({ type: AssessmentResponse, description: 'Location names it; ETag is its version.' })
  @ApiProblems(422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateAssessmentDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const created = await this.assessments.create(actor, body);
    res.setHeader('ETag', etagOf(created.version)).setHeader('Location', `/assessments/${created.id}`);
    return created;
  }

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'List the assessments the caller may reach' })
  @ApiOkResponse({ type: AssessmentPageResponse })
  list(@CurrentActor() actor: Actor, @Query() query: ListAssessmentsQuery) {
    return this.assessments.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Read an assessment' })
  @ApiOkResponse({ type: AssessmentDetailResponse, description: 'ETag is its version.' })
  @ApiProblems(404)
  async get(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Res({ passthrough: true }) res: Response) {
    const assessment = await this.assessments.get(actor, id);
    res.setHeader('ETag', etagOf(assessment.version));
    return assessment;
  }

  @Get(':id/questionnaire')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The questionnaire with answers, what is shown and required now, and progress' })
  @ApiOkResponse({ type: QuestionnaireResponse, description: 'ETag is the version.' })
  @ApiProblems(404)
  async questionnaire(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { version, view } = await this.assessments.questionnaire(actor, id);
    res.setHeader('ETag', etagOf(version));
    return { version, ...view };
  }

  @Patch(':id/answers')
  @RequirePermission(Permission.AssessmentsEdit)
  @ApiOperation({ summary: 'Save some answers (If-Match required)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({
    type: QuestionnaireResponse,
    description: 'The questionnaire after saving; ETag is the new version.',
  })
  @ApiProblems(404, 409, 412, 428)
  async saveAnswers(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: SaveAnswersDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { version, view } = await this.assessments.saveAnswers(actor, id, parseIfMatch(ifMatch), body.answers);
    res.setHeader('ETag', etagOf(version));
    return { version, ...view };
  }

  @Get(':id/revisions')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Every change of an answer: who, when, from what to what' })
  @ApiOkResponse({ type: RevisionPageResponse })
  @ApiProblems(404)
  revisions(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: RevisionsQuery) {
    return this.assessments.revisions(actor, id, query);
  }
}
