import { ApiProperty } from '@nestjs/swagger';

/** An action item as the API answers it: a condition of an approval (or a manual one), its owner, due date and closing evidence. */
export class ActionItemResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'condition', description: 'condition (of an approval) or manual.' })
  source: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate: string | null;

  @ApiProperty({ enum: ['open', 'done'] })
  status: string;

  @ApiProperty({ type: String, nullable: true })
  evidence: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  closedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
