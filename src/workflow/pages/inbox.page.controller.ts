import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { label } from '../../common/labels';
import { PageQuery } from '../../common/validation/page.query';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { NotificationIdParam } from '../notifications/notification-id.param';
import { NotificationsService } from '../notifications/notifications.service';

const PAGE_SIZE = 25;

/** A person's in-app notifications, newest first, each linking to its assessment; opening one marks it read. */
@WebPages()
@Controller('inbox')
export class InboxPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly notifications: NotificationsService,
    private readonly assessments: AssessmentsService,
  ) {}

  @Get()
  @RequirePermission(Permission.OwnAccount)
  async show(@Req() req: PageRequest, @Res() res: Response, @CurrentActor() actor: Actor, @Query() query: PageQuery) {
    const page = await this.notifications.list(actor, { page: query.page, pageSize: PAGE_SIZE });
    const refs = await this.assessments.refsOf(
      actor,
      page.items.map((n) => n.assessmentId),
    );
    const items = page.items.map((n) => ({
      id: n.id,
      unread: n.readAt === null,
      reason: label.notificationReason(n.reason),
      at: n.createdAt.toISOString(),
      assessment: refs.get(n.assessmentId) ?? null,
    }));
    const lastPage = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    await this.pages.render(req, res, 'workflow/inbox', 'Notifications', {
      items,
      total: page.total,
      previous: query.page > 1 ? query.page - 1 : null,
      next: query.page < lastPage ? query.page + 1 : null,
      current: query.page,
      lastPage,
    });
  }

  /** Marks it read and goes to its assessment (a comment's, to the comment): the one button a notification needs. */
  @Post(':id/open')
  @RequirePermission(Permission.OwnAccount)
  async open(@Res() res: Response, @CurrentActor() actor: Actor, @Param() { id }: NotificationIdParam) {
    const { assessmentId, commentId } = await this.notifications.markRead(actor, id);
    const target = (await this.assessments.refsOf(actor, [assessmentId])).get(assessmentId);
    if (!target) return this.pages.redirect(res, '/inbox');
    const base = `/pia/${encodeURIComponent(target.ref)}`;
    // A comment's notice opens its thread among the assessment's comments.
    this.pages.redirect(res, commentId ? `${base}/comments#comment-${commentId}` : base);
  }
}
