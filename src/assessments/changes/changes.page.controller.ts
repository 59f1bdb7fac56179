import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { AssessmentsService } from '../assessments.service';
import { changesPage } from './changes-view';
import { ChangesService } from './changes.service';
import { CommentsService } from '../../reviews/comments/comments.service';

/** What changed in the answers, word by word: where a reviewer goes from the status page's "Changed since you asked". */
@WebPages()
@Controller('pia/:ref')
export class ChangesPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly changes: ChangesService,
    private readonly comments: CommentsService,
  ) {}

  @Get('changes')
  @RequirePermission(Permission.AssessmentsRead)
  async show(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Query('since') since: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const changes = await this.changes.changes(actor, id, since);
    // The threads each changed question relates to, so a reviewer reads the change beside what was said about it.
    const { byQuestion } = await this.comments.summary(actor, id);
    const model = changesPage(changes, actor, byQuestion);
    await this.pages.render(req, res, 'assessments/changes', `What changed in ${model.ref}`, model);
  }
}
