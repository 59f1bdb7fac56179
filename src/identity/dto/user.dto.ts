import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role } from '../../common/auth/roles';
import { MayBeAbsent } from '../../common/validation/may-be-absent';
import { PageQuery } from '../../common/validation/page.query';
import { AuthEventType } from '../entities/auth-event.entity';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'jordan.lee@example.gov' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @MaxLength(254)
  @IsEmail()
  email: string;

  @ApiProperty({ example: 'Jordan Lee' })
  @Transform(trim)
  @MaxLength(200)
  @MinLength(1)
  @IsString()
  displayName: string;

  @ApiPropertyOptional({ example: 'Transportation' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(100)
  @MinLength(1)
  @IsString()
  department?: string;

  @ApiProperty({ enum: Role, isArray: true })
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(6)
  @IsArray()
  roles: Role[];

  @ApiProperty({ format: 'password', description: 'The initial password: at least 12 characters, not a common one.' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @IsString()
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @MayBeAbsent()
  @Transform(trim)
  @MaxLength(200)
  @MinLength(1)
  @IsString()
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes the department.' })
  @IsOptional()
  @Transform(trim)
  @MaxLength(100)
  @MinLength(1)
  @IsString()
  department?: string | null;

  @ApiPropertyOptional({ enum: Role, isArray: true, description: 'Replaces the roles.' })
  @MayBeAbsent()
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(6)
  @IsArray()
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates the user and revokes their tokens at once.' })
  @MayBeAbsent()
  @IsBoolean()
  active?: boolean;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Exactly this department.' })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  department?: string;

  @ApiPropertyOptional({ description: 'Matches e-mail or name.' })
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;
}

export class ListAuthEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: AuthEventType })
  @IsOptional()
  @IsIn(Object.values(AuthEventType))
  type?: AuthEventType;
}
