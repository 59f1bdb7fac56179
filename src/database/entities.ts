import { AnswerRevision } from '../assessments/entities/answer-revision.entity';
import { Assessment } from '../assessments/entities/assessment.entity';
import { AssessmentEvent } from '../audit/assessment-event.entity';
import { AuthEvent } from '../identity/entities/auth-event.entity';
import { RefreshToken } from '../identity/entities/refresh-token.entity';
import { UserRole } from '../identity/entities/user-role.entity';
import { User } from '../identity/entities/user.entity';
import { Notification } from '../workflow/notifications/notification.entity';
import { OutboxEntry } from '../workflow/outbox/outbox-entry.entity';

/** Every TypeORM entity, listed once for the app and the CLIs. Features add theirs here. */
export const entities: Function[] = [
  User,
  UserRole,
  RefreshToken,
  AuthEvent,
  Assessment,
  AnswerRevision,
  AssessmentEvent,
  OutboxEntry,
  Notification,
];
