import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IdParam } from '../../common/validation/id.param';

/** The longest comment, in characters. */
export const COMMENT_MAX_LENGTH = 10_000;

/**
 * A new thread, or a reply when parentId names a comment of a thread. The body's length is the service's rule
 * (422 naming /body), so only its type is checked here.
 */
export class PostCommentDto {
  @ApiPropertyOptional({
    description: "A question of the assessment's questionnaire; none: about the assessment as a whole.",
    example: 'data_collected',
  })
  @IsOptional()
  @MaxLength(64)
  @IsString()
  questionId?: string;

  @ApiProperty({ description: `Plain text, 1 to ${COMMENT_MAX_LENGTH} characters; always shown as text.` })
  @IsString()
  body: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A comment of the thread to reply in.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class EditCommentDto {
  @ApiProperty({ description: 'The new text; the earlier one is kept and the comment shows as edited.' })
  @IsString()
  body: string;
}

export class CommentsQuery {
  @ApiPropertyOptional({ description: 'Only the threads on this question.' })
  @IsOptional()
  @MaxLength(64)
  @IsString()
  questionId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Only open, or only resolved, threads.' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}

export class CommentParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  commentId: string;
}

export class ThreadParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  threadId: string;
}
