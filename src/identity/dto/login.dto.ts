import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../password/password-policy';

export class LoginDto {
  @ApiProperty({ example: 'jordan.lee@example.gov' })
  @MaxLength(254)
  @MinLength(3)
  @IsString()
  email: string;

  @ApiProperty({ format: 'password' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @MinLength(1)
  @IsString()
  password: string;
}
