import { ApiProperty } from '@nestjs/swagger';
import { FieldErrorView } from '../../common/openapi/problem.response';
import { ANY_VALUE, PageOf } from '../../common/openapi/responses';
import { ASSESSMENT_STATES } from '../assessment-state';

export class PersonResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the engine itself.' })
  id: string | null;

  @ApiProperty({ example: 'Jordan Lee' })
  displayName: string;
}

class TemplateRefResponse {
  @ApiProperty({ example: 'city-pia' })
  id: string;

  @ApiProperty({ example: 1 })
  version: number;
}

class LastSavedResponse {
  @ApiProperty({ type: PersonResponse })
  by: PersonResponse;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'PIA-2026-0042' })
  ref: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  department: string;

  @ApiProperty({ type: PersonResponse })
  owner: PersonResponse;

  @ApiProperty({ enum: ASSESSMENT_STATES })
  state: string;

  @ApiProperty({ description: 'The version to send as If-Match (also the ETag).', example: 3 })
  version: number;

  @ApiProperty({ type: TemplateRefResponse })
  questionnaire: TemplateRefResponse;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: string | null;

  @ApiProperty({ type: LastSavedResponse, nullable: true })
  lastSaved: LastSavedResponse | null;
}

export class AssessmentDetailResponse extends AssessmentResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'Set at SUBMIT: the WP248 criteria met and by which answers, sensitive categories, the proposed outcome.',
  })
  screening: Record<string, unknown> | null;
}

export const AssessmentPageResponse = PageOf(AssessmentResponse);

class QuestionResponse {
  @ApiProperty({ example: 'abstract_purpose' })
  id: string;

  @ApiProperty({ example: 'text', description: 'text, choice, multi_choice, number, scale, data_inventory, …' })
  type: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: String, nullable: true })
  help: string | null;

  @ApiProperty({ description: 'Required now (conditions on other answers apply).' })
  required: boolean;

  @ApiProperty({ description: 'Shown now (conditions on other answers apply).' })
  visible: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'public, internal, or exempt (cited).' })
  disclosure: Record<string, unknown>;

  @ApiProperty({ ...ANY_VALUE, description: 'The answer, or null.' })
  answer: unknown;

  @ApiProperty({ type: [FieldErrorView], description: 'What is missing or wrong in the answer.' })
  errors: FieldErrorView[];
}

class SectionResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  visible: boolean;

  @ApiProperty()
  complete: boolean;

  @ApiProperty()
  requiredQuestions: number;

  @ApiProperty()
  answeredRequiredQuestions: number;

  @ApiProperty({
    type: [QuestionResponse],
    description: 'Each question also carries its constraints (options, min, max, …) as the template defines.',
  })
  questions: QuestionResponse[];
}

class ProgressResponse {
  @ApiProperty()
  requiredQuestions: number;

  @ApiProperty()
  answeredRequiredQuestions: number;

  @ApiProperty({ minimum: 0, maximum: 100 })
  percent: number;

  @ApiProperty()
  complete: boolean;
}

class QuestionnaireTemplateResponse extends TemplateRefResponse {
  @ApiProperty()
  title: string;
}

export class QuestionnaireResponse {
  @ApiProperty({ description: "The assessment's version (send it as If-Match when saving answers)." })
  version: number;

  @ApiProperty({ type: QuestionnaireTemplateResponse })
  template: QuestionnaireTemplateResponse;

  @ApiProperty({ type: [SectionResponse] })
  sections: SectionResponse[];

  @ApiProperty({ type: ProgressResponse })
  progress: ProgressResponse;
}

export class RevisionResponse {
  @ApiProperty()
  id: number;

  @ApiProperty()
  questionId: string;

  @ApiProperty({ ...ANY_VALUE, description: 'The answer before; null when there was none.' })
  oldValue: unknown;

  @ApiProperty({ ...ANY_VALUE, description: 'The answer after; null when cleared.' })
  newValue: unknown;

  @ApiProperty({ type: PersonResponse })
  changedBy: PersonResponse;

  @ApiProperty({ format: 'date-time' })
  changedAt: string;

  @ApiProperty({ description: 'The assessment version this change made.' })
  version: number;
}

export const RevisionPageResponse = PageOf(RevisionResponse);
