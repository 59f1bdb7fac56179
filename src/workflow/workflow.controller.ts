import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import type { Response } from 'express';
import { CurrentActor, Public, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { etagOf, parseIfMatch } from '../assessments/if-match';
import { parseEvent } from './dto/parse-event';
import { EVENT_BODY_SCHEMA, EVENT_PAYLOADS, WorkflowDefinitionQuery } from './dto/workflow-event.dto';
import {
  ChainCheckResponse,
  EventResponse,
  TransitionResponse,
  WorkflowDefinitionResponse,
} from './dto/workflow.responses';
import { describeMachine, mermaidDiagram } from './machine-diagram';
import { WorkflowHistoryService } from './workflow-history.service';
import { WorkflowService } from './workflow.service';
import { IdParam } from '../common/validation/id.param';

@ApiTags('workflow')
@Controller()
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly history: WorkflowHistoryService,
  ) {}

  @Post('assessments/:id/events')
  @RequirePermission(Permission.AssessmentsRead) // each event's own permission is checked by WorkflowService
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a workflow event (submit, screen, review, approve, …)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version last read; a stale one gets 412.' })
  @ApiExtraModels(...Object.values(EVENT_PAYLOADS))
  @ApiBody({ description: 'One event; `type` says which, and which fields it takes.', schema: EVENT_BODY_SCHEMA })
  @ApiOkResponse({ type: TransitionResponse, description: 'ETag is the new version.' })
  @ApiProblems(404, 409, 412, 422)
  async send(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const event = await parseEvent(body);
    const result = await this.workflow.apply(
      actor,
      id,
      event,
      ifMatch === undefined ? undefined : parseIfMatch(ifMatch),
    );
    res.setHeader('ETag', etagOf(result.version));
    return result;
  }

  @Get('assessments/:id/actions')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'What the caller may do now' })
  @ApiOkResponse({ type: TransitionResponse })
  @ApiProblems(404)
  actions(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.workflow.allowedEvents(actor, id);
  }

  @Get('assessments/:id/events')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: "The assessment's hash-chained event history" })
  @ApiOkResponse({ type: [EventResponse] })
  @ApiProblems(404)
  events(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.history.history(actor, id);
  }

  @Get('assessments/:id/events/verify')
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: "Re-compute the assessment's hash chain" })
  @ApiOkResponse({ type: ChainCheckResponse })
  @ApiProblems(404)
  verify(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.history.verify(actor, id);
  }

  /**
   * How reviews work, for anyone: the machine as JSON and as a Mermaid diagram generated from it; either version
   * (assessments started on v1 finish on it), the latest by default.
   */
  @Get('workflow')
  @Public()
  @ApiOperation({ summary: 'The review workflow as JSON and as a Mermaid diagram' })
  @ApiOkResponse({ type: WorkflowDefinitionResponse })
  @ApiProblems(422)
  definition(@Query() query: WorkflowDefinitionQuery) {
    const { version, machine } = this.workflow.definition(query.version);
    const description = describeMachine(machine);
    return { version, machine: description, mermaid: mermaidDiagram(description) };
  }
}
