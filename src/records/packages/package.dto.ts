import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { DecisionFilter } from '../exports/export-filter';

export class CreatePackageDto {
  @ApiPropertyOptional({ type: DecisionFilter, description: 'Which decisions; the same filters as the exports.' })
  @IsOptional()
  @ValidateNested()
  @IsObject({ message: 'filter must be an object of filters' })
  @Type(() => DecisionFilter)
  filter?: DecisionFilter;
}
