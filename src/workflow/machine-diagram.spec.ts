import { assessmentMachineV1 } from './assessment.machine.v1';
import { assessmentMachineV2 } from './assessment.machine.v2';
import { describeMachine, mermaidDiagram } from './machine-diagram';

describe('machine diagram', () => {
  it('describes v1 as flat states only', () => {
    const description = describeMachine(assessmentMachineV1);
    expect(Object.values(description.states).some((s) => s.regions || s.always || s.onDone)).toBe(false);
    expect(mermaidDiagram(description)).toContain('  legal_review --> approval : LEGAL_CLEAR [legalCounsel]');
  });

  it('describes v2’s review as a parallel state whose regions are the named reviews', () => {
    const { states } = describeMachine(assessmentMachineV2);
    expect(Object.keys(states.review.regions ?? {})).toEqual(['privacy', 'legal', 'security', 'equity']);
    expect(states.review.regions?.legal.states.open.on.REQUEST_CHANGES).toEqual([
      { target: 'changes_requested', guard: 'reviewer', actions: ['askChanges', 'notify'] },
    ]);
    expect(states.review.onDone).toEqual([{ target: 'approval', guard: null, actions: ['notify'] }]);
  });

  it('draws the regions side by side in a composite, with the transitions that leave them drawn from it', () => {
    const mermaid = mermaidDiagram(describeMachine(assessmentMachineV2));
    expect(mermaid).toContain('  state review {\n    state privacy {');
    expect(mermaid.match(/^ {4}--$/gm)).toHaveLength(3);
    expect(mermaid).toContain('      state "open" as security_open');
    expect(mermaid).toContain('      security_open --> security_cleared : CLEAR_REVIEW [reviewer]');
    expect(mermaid).toContain('      equity_pending --> equity_not_applicable : [notApplicable]');
    expect(mermaid).toContain('  review --> changes_requested : REQUEST_CHANGES (legal) [reviewer]');
    expect(mermaid).toContain('  review --> approval : every review done');
    expect(mermaid).toContain('  changes_requested --> review : RESUBMIT [resubmitsToReview]');
  });
});
