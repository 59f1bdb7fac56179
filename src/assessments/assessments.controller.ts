import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { AssessmentsService } from './assessments.service';
import { CreateAssessmentDto, ListAssessmentsQuery, RevisionsQuery, SaveAnswersDto } from './dto/assessment.dto';
import { etagOf, parseIfMatch } from './if-match';
import { IdParam } from '../common/validation/id.param';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The version last read (the ETag), e.g. "3".' };

@ApiTags('assessments')
@ApiBearerAuth()
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @RequirePermission(Permission.AssessmentsCreate)
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
  list(@CurrentActor() actor: Actor, @Query() query: ListAssessmentsQuery) {
    return this.assessments.list(actor, query);
  }

  @Get(':id')
  @RequirePermission(Permission.AssessmentsRead)
  async get(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Res({ passthrough: true }) res: Response) {
    const assessment = await this.assessments.get(actor, id);
    res.setHeader('ETag', etagOf(assessment.version));
    return assessment;
  }

  @Get(':id/questionnaire')
  @RequirePermission(Permission.AssessmentsRead)
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
  @ApiHeader(IF_MATCH)
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
  revisions(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: RevisionsQuery) {
    return this.assessments.revisions(actor, id, query);
  }
}
