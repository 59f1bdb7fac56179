import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import type { Page } from '../../common/validation/page.query';
import { Notification } from './notification.entity';

export type NotificationView = Omit<Notification, 'outboxId' | 'commentId' | 'userId'>;

/** A person's own in-app notifications. */
@Injectable()
export class NotificationsService {
  constructor(private readonly db: DataSource) {}

  async list(
    actor: Actor,
    query: { page: number; pageSize: number; unread?: boolean },
  ): Promise<Page<NotificationView>> {
    const [items, total] = await this.db.getRepository(Notification).findAndCount({
      where: { userId: actor.id, ...(query.unread ? { readAt: IsNull() } : {}) },
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return {
      items: items.map(({ outboxId: _outbox, commentId: _comment, userId: _user, ...n }) => n),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * A comment's notice to the people in its thread, written in the comment's own transaction (the comment and its
   * notices stand or fall together); once per comment and person.
   */
  async notifyOfComment(
    manager: EntityManager,
    notice: { commentId: string; assessmentId: string; userIds: string[] },
  ): Promise<void> {
    if (notice.userIds.length === 0) return;
    await manager.query(
      `INSERT INTO notifications (user_id, assessment_id, comment_id, reason)
       SELECT unnest($1::uuid[]), $2, $3, 'comment'
       ON CONFLICT (comment_id, user_id) DO NOTHING`,
      [notice.userIds, notice.assessmentId, notice.commentId],
    );
  }

  /** The count the page header shows beside "Notifications". */
  countUnread(userId: string): Promise<number> {
    return this.db.getRepository(Notification).countBy({ userId, readAt: IsNull() });
  }

  /** Marks one's own notification read (again is harmless); returns the assessment it is about, and its comment if any. */
  async markRead(actor: Actor, id: string): Promise<{ assessmentId: string; commentId: string | null }> {
    const [rows]: [{ assessment_id: string; comment_id: string | null }[], number] = await this.db.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2
       RETURNING assessment_id, comment_id`,
      [id, actor.id],
    );
    if (!rows.length) throw new AppException('notification-not-found', 'No such notification.');
    return { assessmentId: rows[0].assessment_id, commentId: rows[0].comment_id };
  }
}
