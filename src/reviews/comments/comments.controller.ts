import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { ApiProblems } from '../../common/openapi/problem.response';
import { IdParam } from '../../common/validation/id.param';
import { CommentParams, CommentsQuery, EditCommentDto, PostCommentDto, ThreadParams } from './comment.dto';
import { ThreadResponse } from './comment.responses';
import { CommentsService } from './comments.service';

@ApiTags('comments')
@Controller('assessments/:id/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  @ApiOperation({ summary: "The assessment's comment threads, oldest first, each with its comments" })
  @ApiOkResponse({ type: [ThreadResponse] })
  @ApiProblems(404)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Query() query: CommentsQuery) {
    return this.comments.list(actor, id, query);
  }

  @Post()
  @RequirePermission(Permission.CommentsWrite)
  @ApiOperation({
    summary: 'Open a thread on a question (or the whole assessment), or reply in one (parentId)',
    description: 'Everyone else in the thread is notified.',
  })
  @ApiCreatedResponse({ type: ThreadResponse, description: 'The thread, with the new comment last.' })
  @ApiProblems(404, 409, 422)
  post(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() body: PostCommentDto) {
    return this.comments.post(actor, id, body);
  }

  @Patch(':commentId')
  @RequirePermission(Permission.CommentsWrite)
  @ApiOperation({ summary: 'Edit your comment; its earlier text is kept and it shows as edited' })
  @ApiOkResponse({ type: ThreadResponse })
  @ApiProblems(404, 422)
  edit(@CurrentActor() actor: Actor, @Param() { id, commentId }: CommentParams, @Body() body: EditCommentDto) {
    return this.comments.edit(actor, id, commentId, body.body);
  }

  @Post('threads/:threadId/resolve')
  @HttpCode(200)
  @RequirePermission(Permission.CommentsWrite)
  @ApiOperation({ summary: 'Resolve a thread: whoever opened it, or the privacy office' })
  @ApiOkResponse({ type: ThreadResponse })
  @ApiProblems(404)
  resolve(@CurrentActor() actor: Actor, @Param() { id, threadId }: ThreadParams) {
    return this.comments.setResolved(actor, id, threadId, true);
  }

  @Post('threads/:threadId/reopen')
  @HttpCode(200)
  @RequirePermission(Permission.CommentsWrite)
  @ApiOperation({ summary: 'Reopen a resolved thread: whoever opened it, or the privacy office' })
  @ApiOkResponse({ type: ThreadResponse })
  @ApiProblems(404)
  reopen(@CurrentActor() actor: Actor, @Param() { id, threadId }: ThreadParams) {
    return this.comments.setResolved(actor, id, threadId, false);
  }
}
