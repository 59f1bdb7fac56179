import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission, permissionsOf } from '../../common/auth/permissions';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import { validateBody } from '../../common/validation/validation';
import { formProblems, NO_PROBLEMS } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { DecisionExportService, type ExportFormat } from '../exports/decision-export.service';
import { DecisionFilter } from '../exports/export-filter';
import { sendExport } from '../exports/send-export';
import {
  decisionRowView,
  filterChoices,
  filterErrors,
  filterQuery,
  givenFilter,
  pageNumber,
  pagingOf,
  typedFilter,
} from './decision-list';

const PAGE_SIZE = 25;

/**
 * The records officer's decisions: the export's filters as a GET form, a page of the export's own rows with the
 * total, and the downloads of that filter streamed by the export service, exactly as the API streams them.
 */
@WebPages()
@Controller('records')
export class RecordsPageController {
  private readonly logger = new Logger(RecordsPageController.name);

  constructor(
    private readonly pages: PageRenderer,
    private readonly exports: DecisionExportService,
  ) {}

  @Get()
  @RequirePermission(Permission.RecordsExport)
  async list(@Req() req: PageRequest, @Res() res: Response, @Query() query: unknown) {
    const actor = req.user!;
    const typed = typedFilter(query);
    const base = {
      ...filterChoices(typed),
      typed,
      manages: canManage(actor),
      filtered: false,
      items: [],
      paging: null,
      downloads: null,
      filterFields: [],
    };
    let filter: DecisionFilter;
    try {
      filter = await this.filterOf(typed);
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== CommonErrorCode.ValidationFailed) throw error;
      const problems = formProblems(filterErrors(error.errors ?? []));
      return this.pages.render(req, res, 'records/decisions', 'Decisions', { ...base, ...problems }, 422);
    }
    const page = pageNumber(query);
    const found = await this.exports.page(actor, filter, { page, pageSize: PAGE_SIZE });
    const qs = filterQuery(filter);
    const withPage = (n: number) => `/records?${qs ? `${qs}&` : ''}page=${n}`;
    const paging = pagingOf(found.total, page, PAGE_SIZE);
    const download = (format: ExportFormat) => `/records/download.${format}${qs ? `?${qs}` : ''}`;
    await this.pages.render(req, res, 'records/decisions', 'Decisions', {
      ...base,
      ...NO_PROBLEMS,
      filtered: qs !== '',
      items: found.items.map(decisionRowView),
      paging: {
        ...paging,
        firstHref: withPage(1),
        previousHref: paging.previous ? withPage(paging.previous) : null,
        nextHref: paging.next ? withPage(paging.next) : null,
      },
      downloads: { csv: download('csv'), jsonl: download('jsonl') },
      filterFields: Object.entries(filter).map(([name, value]) => ({ name, value: String(value) })),
    });
  }

  /** The filter's decisions as CSV: the API's export (same service, same neutralised cells), with the page's session. */
  @Get('download.csv')
  @RequirePermission(Permission.RecordsExport)
  csv(@Req() req: PageRequest, @Res() res: Response, @Query() query: unknown) {
    return this.download(req.user!, query, 'csv', res);
  }

  @Get('download.jsonl')
  @RequirePermission(Permission.RecordsExport)
  jsonl(@Req() req: PageRequest, @Res() res: Response, @Query() query: unknown) {
    return this.download(req.user!, query, 'jsonl', res);
  }

  private async download(actor: Actor, query: unknown, format: ExportFormat, res: Response) {
    // A filter the page would refuse is refused here too (the error page), before anything is streamed.
    const filter = await this.filterOf(typedFilter(query));
    await sendExport(await this.exports.stream(actor, filter, format), format, res, this.logger);
  }

  /** The API's own checks of the filter (DecisionFilter), over the fields that were filled in. */
  private filterOf(typed: Record<string, string>): Promise<DecisionFilter> {
    return validateBody(DecisionFilter, givenFilter(typed));
  }
}

/** Legal holds and dispositions are another permission than exports (an administrator exports, but never disposes). */
export function canManage(actor: Actor): boolean {
  return permissionsOf(actor.roles).has(Permission.RecordsManage);
}
