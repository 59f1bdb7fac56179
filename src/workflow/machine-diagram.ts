import type { AnyStateMachine } from 'xstate';

interface TransitionSpec {
  target?: string;
  guard?: string | { type: string };
  actions?: unknown;
}

export interface MachineDescription {
  id: string;
  initial: string;
  states: Record<
    string,
    { final: boolean; on: Record<string, { target: string; guard: string | null; actions: string[] }[]> }
  >;
}

const actionName = (action: unknown): string =>
  typeof action === 'string'
    ? action
    : typeof action === 'object' && action && 'type' in action
      ? String((action as { type: unknown }).type)
      : 'assign';

/** The machine's own configuration as plain JSON: states, events, targets, guards and named actions. */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const config = machine.config as {
    id: string;
    initial: string;
    states: Record<string, { type?: string; on?: Record<string, TransitionSpec | TransitionSpec[]> }>;
  };
  const states: MachineDescription['states'] = {};
  for (const [name, state] of Object.entries(config.states)) {
    const on: MachineDescription['states'][string]['on'] = {};
    for (const [event, spec] of Object.entries(state.on ?? {})) {
      on[event] = (Array.isArray(spec) ? spec : [spec]).map((t) => ({
        target: t.target ?? name,
        guard: typeof t.guard === 'string' ? t.guard : (t.guard?.type ?? null),
        actions: (Array.isArray(t.actions) ? t.actions : t.actions ? [t.actions] : []).map(actionName),
      }));
    }
    states[name] = { final: state.type === 'final', on };
  }
  return { id: config.id, initial: config.initial, states };
}

/** A Mermaid state diagram generated from the machine itself, so it cannot drift from the code. */
export function mermaidDiagram(description: MachineDescription): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${description.initial}`];
  for (const [name, state] of Object.entries(description.states)) {
    for (const [event, transitions] of Object.entries(state.on)) {
      for (const t of transitions) lines.push(`  ${name} --> ${t.target} : ${event}${t.guard ? ` [${t.guard}]` : ''}`);
    }
    if (state.final) lines.push(`  ${name} --> [*]`);
  }
  return lines.join('\n');
}
