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
import { PAGE_CSP } from '../web/content-security-policy';

const PARTS = {
  pdf: { column: 'pdf', type: 'application/pdf', extension: 'pdf' },
  html: { column: 'html', type: 'text/html; charset=utf-8', extension: 'html' },
  manifest: { column: 'manifest_jws', type: 'application/jose; charset=utf-8', extension: 'jws' },
} as const;

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
    part: keyof typeof PARTS,
    version: number | undefined,
    res: Response,
  ): Promise<void> {
    const { column, type, extension } = PARTS[part];
    const document = await this.decisions.document(actor, id, column, version);
    res.setHeader('Content-Type', type);
    res.setHeader(
      'Content-Disposition',
      `${part === 'html' ? 'inline' : 'attachment'}; filename="${document.ref}-decision-v${document.version}.${extension}"`,
    );
    // Immutable content: its hash is its identity.
    if (document.sha256) res.setHeader('ETag', `"${document.sha256}"`);
    // The HTML is a document, not an app: it runs no script and loads nothing.
    if (part === 'html') res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.send(document.body);
  }
}
