import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateActionItemDto {
  @ApiProperty()
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  text: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real date' })
  dueDate?: string;
}

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

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real date' })
  dueDate?: string;
}

export class ActionItemParams {
  @IsUUID()
  id: string;

  @IsUUID()
  itemId: string;
}
