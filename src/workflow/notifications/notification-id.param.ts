import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class NotificationIdParam {
  @ApiProperty({ pattern: '^\\d{1,18}$', example: '42' })
  @Matches(/^\d{1,18}$/, { message: 'id must be a notification id' })
  id: string;
}
