import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission, permissionsOf } from '../../common/auth/permissions';
import { workspacesFor } from '../../web/page-navigation';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { MyWorkService } from '../my-work/my-work.service';

/** The home page: what waits for the signed-in person now, and where each of their roles works. */
@WebPages()
@Controller()
export class MyWorkPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly work: MyWorkService,
  ) {}

  @Get()
  @RequirePermission(Permission.OwnAccount)
  async show(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor) {
    const owns = permissionsOf(actor.roles).has(Permission.AssessmentsCreate);
    const work = owns ? await this.work.forOwner(actor) : { waiting: [], inReview: [] };
    const workspaces = workspacesFor(actor);
    await this.pages.render(req, res, 'workflow/my-work', 'My work', { owns, ...work, workspaces });
  }
}
