import { Injectable } from '@nestjs/common';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionOutcome,
  type TransitionQuestion,
} from '../../workflow/hooks/transition-hook';
import type { SentEvent } from '../../workflow/assessment-machine.types';
import { CommentsService } from './comments.service';

/**
 * Changes requested per question: REQUEST_CHANGES may name questions, each of which becomes a thread marked as a
 * requested change, written in the transition's transaction; RESUBMIT waits until each is answered or replied to.
 */
@TransitionHook()
@Injectable()
export class CommentsTransitionHook implements TransitionHookHandler {
  constructor(private readonly comments: CommentsService) {}

  async check({ manager, row, event }: TransitionQuestion & { event: SentEvent }): Promise<void> {
    if (event.type === 'REQUEST_CHANGES' && event.questions?.length)
      this.comments.checkRequestedChanges(row, event.questions);
    if (event.type === 'RESUBMIT') await this.comments.refuseUnaddressed(manager, row);
  }

  async within({ manager, row, actor, event, eventId }: TransitionOutcome): Promise<void> {
    if (event.type !== 'REQUEST_CHANGES' || !event.questions?.length || actor === 'system') return;
    await this.comments.openRequestedChanges(manager, {
      assessmentId: row.id,
      version: row.version,
      eventId,
      actorId: actor.id,
      questions: event.questions,
    });
  }
}
