import { Injectable } from '@nestjs/common';
import type { EventFacts } from '../../workflow/assessment-machine.types';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionQuestion,
} from '../../workflow/hooks/transition-hook';
import { ActionItemsService } from './action-items.service';

/** Remediation ends when no action item is open; counted under the row lock, as CONDITIONS_MET is applied. */
@TransitionHook()
@Injectable()
export class ActionItemsTransitionHook implements TransitionHookHandler {
  constructor(private readonly items: ActionItemsService) {}

  async facts({ manager, row, event }: TransitionQuestion): Promise<Partial<EventFacts>> {
    if (event?.type !== 'CONDITIONS_MET') return {};
    return { openActionItems: await this.items.openCount(manager, row.id) };
  }
}
