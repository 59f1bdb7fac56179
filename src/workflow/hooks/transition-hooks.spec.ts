import type { DiscoveryService } from '@nestjs/core';
import { WorkflowErrorCode, WorkflowException } from '../workflow.exception';
import type { TransitionHookHandler, TransitionQuestion } from './transition-hook';
import { TransitionHooks } from './transition-hooks';

function hooksOf(...handlers: TransitionHookHandler[]): TransitionHooks {
  const discovery = { getProviders: () => handlers.map((instance) => ({ instance })) } as unknown as DiscoveryService;
  const hooks = new TransitionHooks(discovery);
  hooks.onModuleInit();
  return hooks;
}

const question = {} as TransitionQuestion;

describe('TransitionHooks', () => {
  it('merges every feature’s facts, a later hook overriding an earlier one', async () => {
    const hooks = hooksOf(
      { facts: async () => ({ riskComplete: false, legalReviewRequired: true }) },
      {},
      { facts: async () => ({ legalReviewRequired: false, openActionItems: 2 }) },
    );
    await expect(hooks.facts(question)).resolves.toEqual({
      riskComplete: false,
      legalReviewRequired: false,
      openActionItems: 2,
    });
  });

  it('gives the first refusal a hook explains, or none', async () => {
    const refusal = new WorkflowException(WorkflowErrorCode.RiskIncomplete, 'no');
    const hooks = hooksOf({ refusal: async () => undefined }, { refusal: async () => refusal });
    await expect(hooks.refusal(question, {}, () => true)).resolves.toBe(refusal);
    await expect(hooksOf({}).refusal(question, {}, () => true)).resolves.toBeUndefined();
  });

  it('runs checks and work in order, and stops at the first check that refuses', async () => {
    const ran: string[] = [];
    const hooks = hooksOf(
      { check: async () => void ran.push('check a'), within: async () => void ran.push('within a') },
      {
        check: async () => {
          ran.push('check b');
          throw new Error('refused');
        },
      },
      { check: async () => void ran.push('check c') },
    );
    await expect(hooks.check(question as never)).rejects.toThrow('refused');
    await hooks.within({} as never);
    expect(ran).toEqual(['check a', 'check b', 'within a']);
  });
});
