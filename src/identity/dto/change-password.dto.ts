import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @MinLength(1)
  @IsString()
  currentPassword: string;

  @ApiProperty({ format: 'password', description: 'At least 12 characters, and not a common password.' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @IsString()
  newPassword: string;
}
