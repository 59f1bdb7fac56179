import { Identity1796025600000 } from './1796025600000-identity';
import { Assessments1796025700000 } from './1796025700000-assessments';
import { Workflow1796025800000 } from './1796025800000-workflow';
import { Risk1796025900000 } from './1796025900000-risk';
import { Decisions1796026000000 } from './1796026000000-decisions';
import { Records1796026100000 } from './1796026100000-records';
import { LegalClearers1796026210000 } from './1796026210000-legal-clearers';
import { TokenGeneration1796026220000 } from './1796026220000-token-generation';
import { RateLimits1796026230000 } from './1796026230000-rate-limits';
import { WebSessions1796026240000 } from './1796026240000-web-sessions';
import { ReviewQueues1796026263000 } from './1796026263000-review-queues';
import { RecordsList1796026270000 } from './1796026270000-records-list';
import { Comments1796026300000 } from './1796026300000-comments';
import { NamedReviewers1796026310000 } from './1796026310000-named-reviewers';

/** Every migration, in order. Migrations are never edited once landed; add a new one instead. */
export const migrations: Function[] = [
  Identity1796025600000,
  Assessments1796025700000,
  Workflow1796025800000,
  Risk1796025900000,
  Decisions1796026000000,
  Records1796026100000,
  LegalClearers1796026210000,
  TokenGeneration1796026220000,
  RateLimits1796026230000,
  WebSessions1796026240000,
  ReviewQueues1796026263000,
  RecordsList1796026270000,
  Comments1796026300000,
  NamedReviewers1796026310000,
];
