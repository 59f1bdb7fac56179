import { ApiProperty } from '@nestjs/swagger';
import { PersonResponse } from '../../assessments/dto/assessment.responses';

export class QuestionRefResponse {
  @ApiProperty({ example: 'data_collected' })
  id: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ example: 'data_collection' })
  sectionId: string;
}

export class EarlierVersionResponse {
  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  writtenAt: Date;

  @ApiProperty({ format: 'date-time' })
  replacedAt: Date;
}

export class CommentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: PersonResponse })
  author: PersonResponse;

  @ApiProperty({ description: 'Plain text.' })
  body: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null: never edited.' })
  editedAt: Date | null;

  @ApiProperty({ type: [EarlierVersionResponse], description: 'The earlier texts of an edited comment, oldest first.' })
  earlierVersions: EarlierVersionResponse[];
}

export class AddressedResponse {
  @ApiProperty({ description: 'The answer differs from what it was when the change was asked for.' })
  answered: boolean;

  @ApiProperty({ description: "The assessment's owner replied in the thread." })
  replied: boolean;
}

export class ThreadResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'null: about the assessment as a whole.' })
  questionId: string | null;

  @ApiProperty({ type: QuestionRefResponse, nullable: true })
  question: QuestionRefResponse | null;

  @ApiProperty({ description: "Opened by a reviewer's REQUEST_CHANGES; resubmitting waits until it is addressed." })
  requestedChange: boolean;

  @ApiProperty({ type: AddressedResponse, nullable: true, description: 'For a requested change only.' })
  addressed: AddressedResponse | null;

  @ApiProperty({ enum: ['open', 'resolved'] })
  status: 'open' | 'resolved';

  @ApiProperty({ type: PersonResponse })
  openedBy: PersonResponse;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: PersonResponse, nullable: true })
  resolvedBy: PersonResponse | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  resolvedAt: Date | null;

  @ApiProperty({ type: [CommentResponse], description: 'Oldest first; the first opened the thread.' })
  comments: CommentResponse[];
}
