import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Every retention act says why; the reason goes into the assessment's event chain. */
export class RetentionReasonDto {
  @ApiProperty({ example: 'Public records request PRR-2026-118 is pending.' })
  @MaxLength(2000)
  @MinLength(1)
  @IsString()
  reason: string;
}
