import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import type { Actor } from '../../common/auth/actor';
import type { AppException } from '../../common/errors/app.exception';
import type { AssessmentContext, EventFacts, SentEvent } from '../assessment-machine.types';

/** What a hook is told before the guard: the row (locked when an event is being applied) and the event, if any. */
export interface TransitionQuestion {
  manager: EntityManager;
  row: Assessment;
  /** The event being applied; undefined when the engine asks which events a person may send now. */
  event?: SentEvent;
}

/** What a hook is told inside the transaction, once the row and the chained event are written. */
export interface TransitionOutcome {
  manager: EntityManager;
  /** The row as it is now (new state and version); a hook that changes more of it assigns what it wrote. */
  row: Assessment;
  actor: Actor | 'system';
  event: SentEvent;
  from: string;
  to: string;
  eventId: string;
  at: Date;
  context: AssessmentContext;
  /** The side effects the machine asked for, named as in OUTBOX_ACTIONS. */
  actions: { type: string; params?: unknown }[];
}

/**
 * What a feature contributes to the one transition path (ARCHITECTURE "Transition hooks"). The workflow knows this
 * interface, never the features: each feature marks its hook class with @TransitionHook() and the workflow finds it.
 */
export interface TransitionHookHandler {
  /** Before the guard: what this feature knows that the machine's guards need. */
  facts?(question: TransitionQuestion): Promise<Partial<EventFacts>>;
  /**
   * When the machine refused and this feature's fact is why: the 4xx that says what to do about it. `would` asks the
   * machine again with some facts changed.
   */
  refusal?(
    question: TransitionQuestion,
    facts: EventFacts,
    would: (changed: Partial<EventFacts>) => boolean,
  ): Promise<AppException | undefined>;
  /** After the guard accepted, before anything is written: refuse a payload this feature cannot take (4xx). */
  check?(question: TransitionQuestion & { event: SentEvent }): Promise<void>;
  /** Inside the transaction, after the row and the event: the feature's own writes for this transition. */
  within?(outcome: TransitionOutcome): Promise<void>;
}

/** Marks a provider as a transition hook; any module in the application may hold one. */
export const TransitionHook = DiscoveryService.createDecorator<void>();
