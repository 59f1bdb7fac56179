import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/validation/page.query';
import { ASSESSMENT_STATES } from '../assessment-state';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const ASSESSMENT_SORTS = [
  'updated_at',
  '-updated_at',
  'created_at',
  '-created_at',
  'title',
  '-title',
  'ref',
  '-ref',
] as const;

export class CreateAssessmentDto {
  @ApiProperty({ example: 'Pay-by-phone parking' })
  @Transform(trim)
  @MaxLength(200)
  @MinLength(1)
  @IsString()
  title: string;

  @ApiProperty({ example: 'Transportation' })
  @Transform(trim)
  @MaxLength(100)
  @MinLength(1)
  @IsString()
  department: string;

  @ApiPropertyOptional({
    example: 'city-pia',
    pattern: '^[a-z][a-z0-9-]{0,62}$',
    description: 'The questionnaire; its latest version is pinned. Default: the configured one.',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'templateId must be a questionnaire id such as city-pia' })
  @IsString()
  templateId?: string;
}

export class ListAssessmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSESSMENT_STATES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATES)
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  department?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The owner\'s id, or "me".' })
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'owner must be a user id or "me"',
  })
  @IsString()
  owner?: string;

  @ApiPropertyOptional({ description: 'Text found in the title or the ref.' })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @ApiPropertyOptional({ enum: ASSESSMENT_SORTS, default: '-updated_at' })
  @IsOptional()
  @IsIn(ASSESSMENT_SORTS)
  sort: (typeof ASSESSMENT_SORTS)[number] = '-updated_at';
}

export class SaveAnswersDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Question id to value; null clears an answer. Questions not named keep their answers.',
    example: { abstract_purpose: 'Let people pay for parking by phone.', scale_people: 250000 },
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class RevisionsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,62}$/, { message: 'questionId must be a question id' })
  @IsString()
  questionId?: string;
}
