import { AnswerRevision } from '../assessments/entities/answer-revision.entity';
import { Assessment } from '../assessments/entities/assessment.entity';
import { AuthEvent } from '../identity/entities/auth-event.entity';
import { RefreshToken } from '../identity/entities/refresh-token.entity';
import { UserRole } from '../identity/entities/user-role.entity';
import { User } from '../identity/entities/user.entity';

/** Every TypeORM entity, listed once for the app and the CLIs. Features add theirs here. */
export const entities: Function[] = [User, UserRole, RefreshToken, AuthEvent, Assessment, AnswerRevision];
