import { Body, Controller, Get, Logger, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import { IdParam } from '../../common/validation/id.param';
import { validateBody } from '../../common/validation/validation';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { DecisionFilter } from '../exports/export-filter';
import { PackagesService } from '../packages/packages.service';
import { sendPackage } from '../packages/send-package';
import { givenFilter, pageNumber, pagingOf, typedFilter } from './decision-list';
import { packageView } from './package-view';
import { canManage } from './records.page.controller';

const PAGE_SIZE = 25;
/** How often a package's page reloads itself without script while the package is being built. */
const REFRESH_SECONDS = 2;

/**
 * Archival packages from the records pages: made from the decisions page's filter, followed while the job
 * builds them, then downloaded; all through PackagesService, as the API's /records/packages.
 */
@WebPages()
@Controller('records/archives')
export class ArchivesPageController {
  private readonly logger = new Logger(ArchivesPageController.name);

  constructor(
    private readonly pages: PageRenderer,
    private readonly packages: PackagesService,
  ) {}

  @Get()
  @RequirePermission(Permission.RecordsExport)
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() query: unknown) {
    const actor = req.user!;
    const page = pageNumber(query);
    const found = await this.packages.list(actor, { page, pageSize: PAGE_SIZE });
    const paging = pagingOf(found.total, page, PAGE_SIZE);
    await this.pages.render(req, res, 'records/archives', 'Archival packages', {
      manages: canManage(actor),
      items: found.items.map(packageView),
      paging: {
        ...paging,
        previousHref: paging.previous ? `/records/archives?page=${paging.previous}` : null,
        nextHref: paging.next ? `/records/archives?page=${paging.next}` : null,
      },
    });
  }

  /** A package of the decisions page's filter (its hidden fields), checked as the API checks a package's filter. */
  @Post()
  @RequirePermission(Permission.RecordsExport)
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() body: unknown) {
    const filter = await validateBody(DecisionFilter, givenFilter(typedFilter(body)));
    const { id } = await this.packages.request(req.user!, filter);
    this.pages.redirect(res, `/records/archives/${id}`);
  }

  @Get(':id')
  @RequirePermission(Permission.RecordsExport)
  async show(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam) {
    const actor = req.user!;
    const pkg = packageView(await this.packages.get(actor, id));
    const head = pkg.running ? { refreshSeconds: REFRESH_SECONDS } : {};
    await this.pages.render(
      req,
      res,
      'records/archive',
      'Archival package',
      { manages: canManage(actor), pkg },
      200,
      head,
    );
  }

  /** The same zip as the API's download, with the page's session. */
  @Get(':id/download')
  @RequirePermission(Permission.RecordsExport)
  async download(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam) {
    await sendPackage(id, await this.packages.download(req.user!, id), res, this.logger);
  }
}
