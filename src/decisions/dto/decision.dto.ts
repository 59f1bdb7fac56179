import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_INT } from '../../common/validation/limits';

export class DocumentVersionQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INT,
    description: 'A document version; the newest when left out.',
  })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_INT)
  @Min(1)
  @IsInt()
  version?: number;
}

export class CorrectionDto {
  @ApiProperty({
    description: 'Why the document needs a corrected version; it is kept in the audit log and the new document.',
  })
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  reason: string;
}
