import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { ANY_VALUE } from '../../common/openapi/responses';
import { PersonResponse } from '../dto/assessment.responses';
import type { AnswerChanges } from './changes.service';

export class ChangesQuery {
  @ApiPropertyOptional({
    type: String,
    pattern: '^(cycle|seq):[1-9][0-9]{0,8}$',
    example: 'cycle:2',
    description:
      'Where the window starts. cycle:N: the start of review cycle N (1: the creation; each REASSESS starts the ' +
      'next), so every change made in that cycle and since. seq:N: just after event N of the chain ' +
      '(GET /assessments/{id}/events). Absent: the latest REQUEST_CHANGES or REASSESS (what the owner changed ' +
      'since it was last sent back to them), or the creation if there is none. Any other value, or a cycle or ' +
      'event the assessment does not have: 422 naming /since.',
  })
  @Allow() // checked by parseSince, which answers 422 rather than the pipe's 400
  since?: unknown;
}

class DiffPartResponse {
  @ApiProperty({ enum: ['same', 'added', 'removed'] })
  op: string;

  @ApiProperty({ description: 'The words, with the white space between them.' })
  text: string;
}

class QuestionRefResponse {
  @ApiProperty({ example: 'retention_schedule' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The question's text in the assessment's questionnaire version.",
  })
  text: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'long_text' })
  type: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The section holding it.' })
  sectionId: string | null;
}

class AnswerChangeResponse {
  @ApiProperty({ type: QuestionRefResponse })
  question: QuestionRefResponse;

  @ApiProperty({ ...ANY_VALUE, description: "The answer at the window's start; null when there was none." })
  before: unknown;

  @ApiProperty({ ...ANY_VALUE, description: 'The answer now; null when cleared.' })
  after: unknown;

  @ApiProperty({ type: PersonResponse, description: 'Who made the latest change.' })
  changedBy: PersonResponse;

  @ApiProperty({ format: 'date-time', description: 'When the latest change was made.' })
  changedAt: string;

  @ApiProperty({ description: 'How many saves changed it in the window (they collapse into before and after).' })
  revisions: number;

  @ApiProperty({
    type: [DiffPartResponse],
    nullable: true,
    description:
      'For long text answered before and after: a word-level diff, in reading order. null for other answers, ' +
      'and when more than 400 words changed (compare before and after whole).',
  })
  diff: DiffPartResponse[] | null;
}

class WindowStartResponse {
  @ApiProperty({ description: 'The event of the chain the window starts after.' })
  seq: number;

  @ApiProperty({ example: 'REQUEST_CHANGES' })
  type: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: PersonResponse, nullable: true, description: 'Who sent the event; null for the engine.' })
  by: PersonResponse | null;

  @ApiProperty({ description: 'The review cycle of that event.' })
  cycle: number;

  @ApiProperty({ enum: ['default', 'cycle', 'seq'], description: 'How it was chosen: by `since`, or the default.' })
  chosen: string;
}

export class ChangesResponse {
  @ApiProperty({ type: WindowStartResponse, nullable: true })
  since: WindowStartResponse | null;

  @ApiProperty({ description: 'The review cycle the assessment is in now.' })
  cycle: number;

  @ApiProperty({ type: [AnswerChangeResponse], description: "In the questionnaire's order." })
  items: AnswerChangeResponse[];
}

/** The API's view of the changes: the question by id and text (not the template's whole definition). */
export function changesResponse({ since, cycle, items }: AnswerChanges) {
  return {
    since,
    cycle,
    items: items.map(({ questionId, question, section, before, after, changedBy, changedAt, revisions, diff }) => ({
      question: {
        id: questionId,
        text: question?.label ?? null,
        type: question?.type ?? null,
        sectionId: section?.id ?? null,
      },
      before,
      after,
      changedBy,
      changedAt,
      revisions,
      diff,
    })),
  };
}
