import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';

export class DecisionIdParam {
  @IsUUID()
  id: string;
}

export class DocumentVersionQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'A document version; the newest when left out.' })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version?: number;
}

export class CorrectionDto {
  @ApiProperty({ description: 'Why the document needs a corrected version; it is kept in the audit log and the new document.' })
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  reason: string;
}
