import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import { formProblems } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { pageNumber, pagerOf } from '../../web/pager';
import { WebPages } from '../../web/web-pages.decorator';
import { AuthEventsService } from '../auth-events.service';
import { logRow, readSignInFilter, typeChoices } from './sign-in-log';

const PAGE_SIZE = 50;

/** The sign-in and account log (GET /auth/events in the API), newest first, filtered by person, kind and days. */
@WebPages()
@Controller('admin/sign-ins')
export class SignInsPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly events: AuthEventsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AuthEventsRead)
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const filter = readSignInFilter(query);
    const page = pageNumber(query.page);
    const { items, total } = await this.events.log({
      page,
      pageSize: PAGE_SIZE,
      person: filter.person,
      type: filter.type,
      from: filter.from,
      to: filter.to,
    });
    await this.pages.render(
      req,
      res,
      'admin/sign-ins',
      'Sign-in log',
      {
        filter: filter.typed,
        filtered: Object.values(filter.typed).some(Boolean),
        types: typeChoices(filter.typed.type),
        events: items.map(logRow),
        pager: pagerOf('/admin/sign-ins', { ...filter.typed }, page, PAGE_SIZE, total),
        ...formProblems(filter.errors),
      },
      filter.errors.length ? 400 : 200,
    );
  }
}
