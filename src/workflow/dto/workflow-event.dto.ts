import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/validation/is-calendar-date';
import { REVIEW_NAMES, type ReviewName } from '../assessment-machine.types';

/** Who may be assigned: v1's reviewers and approver, and v2's named reviewers (a v1 assessment refuses those). */
export const ASSIGNABLE_ROLES = [
  'privacy_officer',
  'legal_counsel',
  'approver',
  'security_reviewer',
  'equity_reviewer',
] as const;

/** Events a person may send over HTTP. DEADLINE_PASSED and CONDITIONS_MET come from the engine only. */
export const USER_EVENT_TYPES = [
  'SUBMIT',
  'WITHDRAW',
  'CONFIRM_SCREENING',
  'REQUEST_CHANGES',
  'RESUBMIT',
  'COMPLETE_RISK_ASSESSMENT',
  'ASSIGN',
  'LEGAL_CLEAR',
  'CLEAR_REVIEW',
  'APPROVE',
  'REJECT',
  'REASSESS',
] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** The body's type, checked before the payload so that the payload can be checked against it. */
export class EventTypeDto {
  @ApiProperty({ enum: USER_EVENT_TYPES })
  @IsIn(USER_EVENT_TYPES, { message: `type must be one of: ${USER_EVENT_TYPES.join(', ')}` })
  type: UserEventType;
}

class BareEvent extends EventTypeDto {}

class ReasonOptional extends EventTypeDto {
  @ApiPropertyOptional({ description: 'Why; kept in the event chain.' })
  @IsOptional()
  @MaxLength(5000)
  @IsString()
  reason?: string;
}

class ReasonRequired extends EventTypeDto {
  @ApiProperty({ description: 'Why; kept in the event chain and shown to the owner.' })
  @MaxLength(5000)
  @MinLength(1)
  @IsString()
  reason: string;
}

class ConfirmScreening extends ReasonOptional {
  @ApiProperty({
    enum: ['not_required', 'pia', 'sir'],
    description: "Screening's outcome; one other than the proposed outcome needs a reason.",
  })
  @IsIn(['not_required', 'pia', 'sir'])
  outcome: 'not_required' | 'pia' | 'sir';
}

class Assign extends EventTypeDto {
  @ApiProperty({
    enum: ASSIGNABLE_ROLES,
    description: 'security_reviewer and equity_reviewer only on workflow v2 (its named reviews).',
  })
  @IsIn(ASSIGNABLE_ROLES)
  role: (typeof ASSIGNABLE_ROLES)[number];

  @ApiProperty({ format: 'uuid', description: 'An active user who holds the role and can reach the assessment.' })
  @IsUUID()
  userId: string;
}

/** Workflow v2: a named review's reviewer clears it. */
class ClearReview extends EventTypeDto {
  @ApiProperty({ enum: REVIEW_NAMES, description: 'The named review being cleared: it must be yours and open.' })
  @IsIn(REVIEW_NAMES)
  review: ReviewName;

  @ApiPropertyOptional({
    description: "The review's findings: what its clearance rests on, for the decision document.",
  })
  @IsOptional()
  @MaxLength(20000)
  @IsString()
  findings?: string;
}

class LegalClear extends EventTypeDto {
  @ApiPropertyOptional({ description: 'Legal findings, for the decision document.' })
  @IsOptional()
  @MaxLength(20000)
  @IsString()
  findings?: string;
}

/** A question the owner is asked to change, with what the reviewer says about it; it opens a comment thread. */
export class RequestedChangeDto {
  @ApiProperty({ description: "A question of the assessment's questionnaire.", example: 'data_collected' })
  @MaxLength(64)
  @MinLength(1)
  @IsString()
  questionId: string;

  @ApiProperty({ description: 'What should change, in plain text.' })
  @MaxLength(10000)
  @MinLength(1)
  @IsString()
  comment: string;
}

class RequestChanges extends ReasonRequired {
  @ApiPropertyOptional({
    type: [RequestedChangeDto],
    description:
      'Questions to change, each with a comment: each opens a thread, and resubmitting waits until each is answered or replied to.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RequestedChangeDto)
  @ArrayMaxSize(50)
  @IsArray()
  questions?: RequestedChangeDto[];

  @ApiPropertyOptional({
    enum: REVIEW_NAMES,
    description: 'Workflow v2, in review: the named review asking (required there; not taken elsewhere).',
  })
  @IsOptional()
  @IsIn(REVIEW_NAMES)
  review?: ReviewName;
}

/** A condition of approval; it becomes an action item. */
export class ConditionDto {
  @ApiProperty()
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  text: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-06-30' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

/** Approving and rejecting are signatures: the signer confirms them with their password (never logged). */
const SIGNATURE_PASSWORD = 'is required: approving or rejecting is a signature; confirm it with your password';

class Reject extends ReasonRequired {
  @ApiProperty({ description: 'Your password: rejecting is a signature.', format: 'password' })
  @MaxLength(1024)
  @MinLength(1, { message: `password ${SIGNATURE_PASSWORD}` })
  @IsString({ message: `password ${SIGNATURE_PASSWORD}` })
  password: string;
}

class Approve extends ReasonOptional {
  @ApiProperty({ description: 'Your password: approving is a signature.', format: 'password' })
  @MaxLength(1024)
  @MinLength(1, { message: `password ${SIGNATURE_PASSWORD}` })
  @IsString({ message: `password ${SIGNATURE_PASSWORD}` })
  password: string;

  @ApiPropertyOptional({
    type: [ConditionDto],
    description: 'Conditions become action items; the assessment then waits in remediation.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  @ArrayMaxSize(50)
  @IsArray()
  conditions?: ConditionDto[];
}

/**
 * One class per event type: its payload, and `type` fixed to that one value, so that the OpenAPI document
 * shows the body as a union discriminated by `type` (validation is the payload's).
 */
function eventOf(type: UserEventType, Payload: new () => EventTypeDto): new () => EventTypeDto {
  class Event extends Payload {}
  ApiProperty({ enum: [type] })(Event.prototype, 'type');
  const name = type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());
  Object.defineProperty(Event, 'name', { value: `${name}Event` });
  return Event;
}

/** The payload each event type takes. */
export const EVENT_PAYLOADS: Record<UserEventType, new () => EventTypeDto> = {
  SUBMIT: eventOf('SUBMIT', BareEvent),
  RESUBMIT: eventOf('RESUBMIT', BareEvent),
  COMPLETE_RISK_ASSESSMENT: eventOf('COMPLETE_RISK_ASSESSMENT', BareEvent),
  WITHDRAW: eventOf('WITHDRAW', ReasonOptional),
  REASSESS: eventOf('REASSESS', ReasonOptional),
  REQUEST_CHANGES: eventOf('REQUEST_CHANGES', RequestChanges),
  REJECT: eventOf('REJECT', Reject),
  CONFIRM_SCREENING: eventOf('CONFIRM_SCREENING', ConfirmScreening),
  ASSIGN: eventOf('ASSIGN', Assign),
  LEGAL_CLEAR: eventOf('LEGAL_CLEAR', LegalClear),
  CLEAR_REVIEW: eventOf('CLEAR_REVIEW', ClearReview),
  APPROVE: eventOf('APPROVE', Approve),
};

/** GET /workflow's query: which machine version to show (assessments keep the version they started on). */
export class WorkflowDefinitionQuery {
  @ApiPropertyOptional({ enum: ['v1', 'v2'], description: 'Default: the latest.' })
  @IsOptional()
  @IsIn(['v1', 'v2'], { message: 'version must be v1 or v2' })
  version?: 'v1' | 'v2';
}

/** The body of POST /assessments/:id/events: one of the events, told apart by `type`. */
export const EVENT_BODY_SCHEMA = {
  oneOf: USER_EVENT_TYPES.map((type) => ({ $ref: getSchemaPath(EVENT_PAYLOADS[type]) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(USER_EVENT_TYPES.map((type) => [type, getSchemaPath(EVENT_PAYLOADS[type])])),
  },
};
