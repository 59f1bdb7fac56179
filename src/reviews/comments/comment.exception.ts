import { AppException } from '../../common/errors/app.exception';

export enum CommentErrorCode {
  NotYourComment = 'not-your-comment',
  NotYourThread = 'not-your-thread',
  CommentNotFound = 'comment-not-found',
  ThreadNotFound = 'comment-thread-not-found',
  QuestionNotFound = 'question-not-found',
  ThreadResolved = 'thread-resolved',
  InvalidComment = 'invalid-comment',
  InvalidRequestedChange = 'invalid-requested-change',
  ChangesUnaddressed = 'changes-unaddressed',
}

export class CommentException extends AppException<CommentErrorCode> {}
