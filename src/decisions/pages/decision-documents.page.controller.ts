import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { DecisionsService } from '../decisions.service';
import { DOCUMENT_PARTS, type DocumentPart, sendDocument } from '../document-response';

/**
 * The latest decision's documents for a signed-in person, by the assessment's ref: the API's document routes
 * take a bearer token, and a browser has only its session. Same service, same reach, same bytes.
 */
@WebPages()
@Controller('pia/:ref/decision')
export class DecisionDocumentsPageController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly decisions: DecisionsService,
  ) {}

  @Get('document.pdf')
  @RequirePermission(Permission.DecisionsRead)
  pdf(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    return this.send(req, res, ref, 'pdf');
  }

  @Get('document.html')
  @RequirePermission(Permission.DecisionsRead)
  html(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    return this.send(req, res, ref, 'html');
  }

  @Get('manifest.jws')
  @RequirePermission(Permission.DecisionsRead)
  manifest(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    return this.send(req, res, ref, 'manifest');
  }

  private async send(req: PageRequest, res: Response, ref: string, part: DocumentPart): Promise<void> {
    const actor = req.user!;
    const decision = await this.decisions.ofAssessment(actor, await this.assessments.idForRef(actor, ref));
    sendDocument(res, part, await this.decisions.document(actor, decision.id, DOCUMENT_PARTS[part].column));
  }
}
