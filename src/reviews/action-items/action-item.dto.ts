import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IdParam } from '../../common/validation/id.param';
import { IsCalendarDate } from '../../common/validation/is-calendar-date';
import { ConditionDto } from '../../workflow/dto/workflow-event.dto';

/** A manual action item has the shape of a condition of approval. */
export class CreateActionItemDto extends ConditionDto {}

export class UpdateActionItemDto {
  @ApiPropertyOptional({ enum: ['open', 'done'], description: 'done needs evidence.' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

  @ApiPropertyOptional({ description: 'What shows the item is done (a link, a description).' })
  @IsOptional()
  @MaxLength(10000)
  @MinLength(1)
  @IsString()
  evidence?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Privacy officers only.' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-06-30', description: 'Privacy officers only.' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

export class ActionItemParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId: string;
}
