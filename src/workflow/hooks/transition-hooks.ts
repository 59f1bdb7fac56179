import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { AppException } from '../../common/errors/app.exception';
import type { EventFacts } from '../assessment-machine.types';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionOutcome,
  type TransitionQuestion,
} from './transition-hook';

/** The hooks of every feature, found once at start, run in a fixed order (the order Nest registered them). */
@Injectable()
export class TransitionHooks implements OnModuleInit {
  private hooks: TransitionHookHandler[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.hooks = this.discovery
      .getProviders({ metadataKey: TransitionHook.KEY })
      .map((wrapper) => wrapper.instance as TransitionHookHandler);
  }

  async facts(question: TransitionQuestion): Promise<Partial<EventFacts>> {
    // One after another: inside a transaction they share one connection.
    const facts: Partial<EventFacts> = {};
    for (const hook of this.hooks) Object.assign(facts, await hook.facts?.(question));
    return facts;
  }

  async refusal(
    question: TransitionQuestion,
    facts: EventFacts,
    would: (changed: Partial<EventFacts>) => boolean,
  ): Promise<AppException | undefined> {
    for (const hook of this.hooks) {
      const refusal = await hook.refusal?.(question, facts, would);
      if (refusal) return refusal;
    }
    return undefined;
  }

  async check(question: Required<TransitionQuestion>): Promise<void> {
    for (const hook of this.hooks) await hook.check?.(question);
  }

  async within(outcome: TransitionOutcome): Promise<void> {
    for (const hook of this.hooks) await hook.within?.(outcome);
  }
}
