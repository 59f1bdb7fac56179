import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The opaque refresh token from login or the last refresh.' })
  @Length(20, 200)
  @IsString()
  refreshToken: string;
}
