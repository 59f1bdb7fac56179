import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { DecisionFilter } from '../exports/export-filter';

export class CreatePackageDto {
  @ApiPropertyOptional({ type: DecisionFilter, description: 'Which decisions; the same filters as the exports.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DecisionFilter)
  filter?: DecisionFilter;
}

export class PackageIdParam {
  @IsUUID()
  id: string;
}
