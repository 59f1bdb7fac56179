import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IdParam } from '../../common/validation/id.param';
import { IsCalendarDate } from '../../common/validation/is-calendar-date';

const scoresDoc = 'Dimension id → its value within the scale and why. Dimensions not named keep their value.';
const SCORES = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    properties: { value: { type: 'number' }, justification: { type: 'string' } },
    required: ['value', 'justification'],
  },
};

export class AdjustRiskDto {
  @ApiPropertyOptional({
    ...SCORES,
    description: `Adjusted inherent scores. ${scoresDoc}`,
    example: { severity: { value: 3, justification: 'Plates identify owners.' } },
  })
  @IsOptional()
  @IsObject()
  inherent?: Record<string, unknown>;

  @ApiPropertyOptional({ ...SCORES, description: `Residual scores after measures. ${scoresDoc}` })
  @IsOptional()
  @IsObject()
  residual?: Record<string, unknown>;

  @ApiPropertyOptional({
    ...SCORES,
    description: `Target scores; null removes the target. ${scoresDoc}`,
    nullable: true,
  })
  @IsOptional()
  @IsObject()
  target?: Record<string, unknown> | null;

  @ApiPropertyOptional({ enum: ['reduced', 'accepted', 'eliminated', 'transferred'] })
  @IsOptional()
  @IsIn(['reduced', 'accepted', 'eliminated', 'transferred'])
  treatment?: 'reduced' | 'accepted' | 'eliminated' | 'transferred';

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-06-30', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: ['open', 'treated', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'treated', 'closed'])
  status?: 'open' | 'treated' | 'closed';
}

export class MeasureDto {
  @ApiProperty()
  @MaxLength(300)
  @MinLength(1)
  @IsString()
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(10000)
  @IsString()
  description?: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'The risks this measure treats (of the same assessment).',
  })
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(50)
  @ArrayMinSize(1)
  @IsArray()
  riskIds: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-06-30' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;

  @ApiPropertyOptional({ enum: ['planned', 'in_progress', 'done'] })
  @IsOptional()
  @IsIn(['planned', 'in_progress', 'done'])
  status?: 'planned' | 'in_progress' | 'done';
}

export class UpdateMeasureDto {
  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(300)
  @MinLength(1)
  @IsString()
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(10000)
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(50)
  @ArrayMinSize(1)
  @IsArray()
  riskIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: ['planned', 'in_progress', 'done'] })
  @IsOptional()
  @IsIn(['planned', 'in_progress', 'done'])
  status?: 'planned' | 'in_progress' | 'done';
}

export class RescoreDto {
  @ApiProperty({ description: 'Why the assessment is rescored; kept in its history.' })
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  reason: string;
}

export class RiskParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  riskId: string;
}

export class MeasureParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  measureId: string;
}
