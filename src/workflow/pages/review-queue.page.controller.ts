import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import { label } from '../../common/labels';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { ReviewQueueService } from '../review-queue/review-queue.service';
import { pagination, QUEUE_LABELS, queueHref, queueQueryOf, queueRow } from './review-queue-view';

/** The reviewers' queues: a tab per queue the person has, filters by links and a plain GET form, paged. */
@WebPages()
@Controller('review')
export class ReviewQueuePageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queues: ReviewQueueService,
  ) {}

  @Get()
  @RequirePermission(Permission.WorkflowRequestChanges)
  async show(@Req() req: PageRequest, @Res() res: Response, @Query() raw: Record<string, unknown>) {
    const actor = req.user!;
    const mine = this.queues.queuesFor(actor);
    const query = queueQueryOf(raw ?? {}, mine);
    const [page, departments] = await Promise.all([
      this.queues.list(actor, query),
      this.queues.departments(actor, query.queue),
    ]);
    const filtered = !!(query.department || query.stage || query.overdue || query.surveillance);
    await this.pages.render(req, res, 'review/queue', `Reviews: ${QUEUE_LABELS[query.queue].tab}`, {
      tabs: mine.map((queue) => ({
        label: QUEUE_LABELS[queue].tab,
        href: queueHref({ ...query, department: undefined, stage: undefined, page: 1 }, { queue }),
        current: queue === query.queue,
      })),
      queue: query.queue,
      intro: QUEUE_LABELS[query.queue].intro,
      filters: {
        departments: departments.map((d) => ({ value: d, selected: d === query.department })),
        // A department typed into the address that the queue no longer holds stays visible as chosen.
        unknownDepartment: query.department && !departments.includes(query.department) ? query.department : null,
        stages:
          query.queue === 'mine'
            ? this.queues
                .stagesOf('mine')
                .map((s) => ({ value: s, label: label.stage(s), selected: s === query.stage }))
            : null,
        overdue: query.overdue,
        surveillance: query.surveillance,
        latestFirst: query.sort === '-deadline',
        clear: filtered
          ? queueHref({
              ...query,
              department: undefined,
              stage: undefined,
              overdue: false,
              surveillance: false,
              page: 1,
            })
          : null,
      },
      showSurveillance: query.queue !== 'legal' && query.queue !== 'approval',
      items: page.items.map((item) => queueRow(item, actor.id, query.queue)),
      filtered,
      pages: pagination(query, page.total, page.items.length),
    });
  }
}
