import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem.response';
import { ApiContentResponse } from '../common/openapi/responses';
import { CorrectionAcceptedResponse, DecisionResponse } from './dto/decision.responses';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Permission } from '../common/auth/permissions';
import { DecisionsService } from './decisions.service';
import { CorrectionDto, DocumentVersionQuery } from './dto/decision.dto';
import { IdParam } from '../common/validation/id.param';
import { DOCUMENT_PARTS, type DocumentPart, sendDocument } from './document-response';

@ApiTags('decisions')
@Controller()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get('assessments/:id/decision')
  @RequirePermission(Permission.DecisionsRead)
  @ApiOperation({ summary: "The assessment's latest decision" })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiProblems(404)
  ofAssessment(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.decisions.ofAssessment(actor, id);
  }

  /** The decision, its document status (pending, failed and retrying, issued) and every document version. */
  @Get('decisions/:id')
  @RequirePermission(Permission.DecisionsRead)
  @ApiOperation({ summary: 'A decision, its document status and every document version' })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.decisions.get(actor, id);
  }

  /** The complete record, PAdES-signed by the organisation. */
  @Get('decisions/:id/document.pdf')
  @RequirePermission(Permission.DecisionsRead)
  @ApiOperation({ summary: 'The signed decision document (PDF)' })
  @ApiContentResponse('application/pdf', 'PAdES-signed; ETag is its sha256.')
  @ApiProblems(404, 409)
  pdf(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Query() { version }: DocumentVersionQuery,
    @Res() res: Response,
  ) {
    return this.send(actor, id, 'pdf', version, res);
  }

  /** The public rendering: parts not tagged public are left out, and it says so. */
  @Get('decisions/:id/document.html')
  @RequirePermission(Permission.DecisionsRead)
  @ApiOperation({ summary: 'The public rendering of the decision document (HTML)' })
  @ApiContentResponse('text/html', 'ETag is its sha256.')
  @ApiProblems(404, 409)
  html(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Query() { version }: DocumentVersionQuery,
    @Res() res: Response,
  ) {
    return this.send(actor, id, 'html', version, res);
  }

  /** The signed manifest (compact JWS, EdDSA) naming both documents' sha256; check it with /.well-known/jwks.json. */
  @Get('decisions/:id/manifest.jws')
  @RequirePermission(Permission.DecisionsRead)
  @ApiOperation({ summary: 'The signed manifest (compact JWS) naming both documents’ sha256' })
  @ApiContentResponse('application/jose', 'Check it with /.well-known/jwks.json.')
  @ApiProblems(404, 409)
  manifest(
    @CurrentActor() actor: Actor,
    @Param() { id }: IdParam,
    @Query() { version }: DocumentVersionQuery,
    @Res() res: Response,
  ) {
    return this.send(actor, id, 'manifest', version, res);
  }

  @Post('decisions/:id/corrections')
  @HttpCode(202)
  @RequirePermission(Permission.DecisionsCorrect)
  @ApiOperation({ summary: 'Request a corrected version of the decision document' })
  @ApiAcceptedResponse({
    type: CorrectionAcceptedResponse,
    description: 'A corrected version will be rendered; GET /decisions/:id shows when it is issued.',
  })
  @ApiProblems(404, 409)
  correct(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: CorrectionDto) {
    return this.decisions.requestCorrection(actor, id, body.reason);
  }

  private async send(
    actor: Actor,
    id: string,
    part: DocumentPart,
    version: number | undefined,
    res: Response,
  ): Promise<void> {
    sendDocument(res, part, await this.decisions.document(actor, id, DOCUMENT_PARTS[part].column, version));
  }
}
