import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonResponse } from '../../assessments/dto/assessment.responses';
import { ASSESSMENT_STATES } from '../../assessments/assessment-state';
import { PageOf } from '../../common/openapi/responses';
import { USER_EVENT_TYPES } from './workflow-event.dto';

/** Where an assessment stands and what the caller may send next (also the answer to an event). */
export class TransitionResponse {
  @ApiProperty({ enum: ASSESSMENT_STATES })
  state: string;

  @ApiProperty({ description: 'Send it as If-Match with the next event (also the ETag).' })
  version: number;

  @ApiProperty({ enum: USER_EVENT_TYPES, isArray: true, description: 'The events the caller may send now.' })
  allowedEvents: string[];
}

export class EventResponse {
  @ApiProperty({ description: '1, 2, 3, … within the assessment.' })
  seq: number;

  @ApiProperty({
    example: 'CONFIRM_SCREENING',
    description: 'A workflow event, or a records act such as LEGAL_HOLD_PLACED.',
  })
  type: string;

  @ApiProperty({ enum: ASSESSMENT_STATES })
  from: string;

  @ApiProperty({ enum: ASSESSMENT_STATES })
  to: string;

  @ApiProperty({ type: PersonResponse, description: 'The engine has id null.' })
  actor: PersonResponse;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's payload, as hashed." })
  payload: Record<string, unknown>;

  @ApiProperty()
  machineVersion: number;

  @ApiProperty({ description: "The previous event's hash as hex text (64 zeros for seq 1)." })
  prevHash: string;

  @ApiProperty({ description: 'sha256(prevHash ‖ RFC 8785 canonical JSON of the event), hex.' })
  hash: string;
}

export class ChainCheckResponse {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ description: 'Events checked.' })
  length: number;

  @ApiPropertyOptional({ type: String, description: 'When ok: the hash of the last event.' })
  lastHash?: string;

  @ApiPropertyOptional({ type: Number, description: 'When not ok: the seq of the first event that does not fit.' })
  brokenAt?: number;

  @ApiPropertyOptional({ type: String, description: 'When not ok: why.' })
  reason?: string;
}

export class WorkflowDefinitionResponse {
  @ApiProperty({ description: 'The machine version shown: the one asked for, else the newest.', example: 'v2' })
  version: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '{ id, initial, states: { <state>: { final, on: { <EVENT>: [{ target, guard, actions }] } } } }',
  })
  machine: Record<string, unknown>;

  @ApiProperty({ description: 'The same as a Mermaid state diagram.' })
  mermaid: string;
}

export class NotificationResponse {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  assessmentId: string;

  @ApiProperty({ example: 'review_requested' })
  reason: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readAt: string | null;
}

export const NotificationPageResponse = PageOf(NotificationResponse);
