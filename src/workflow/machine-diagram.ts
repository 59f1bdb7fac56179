import type { AnyStateMachine } from 'xstate';

interface TransitionSpec {
  target?: string;
  guard?: string | { type: string };
  actions?: unknown;
}

interface StateSpec {
  type?: string;
  initial?: string;
  on?: Record<string, TransitionSpec | TransitionSpec[]>;
  always?: TransitionSpec | TransitionSpec[];
  onDone?: TransitionSpec | TransitionSpec[];
  states?: Record<string, StateSpec>;
}

export interface TransitionDescription {
  target: string;
  guard: string | null;
  actions: string[];
}

export interface StateDescription {
  final: boolean;
  on: Record<string, TransitionDescription[]>;
  /** A parallel state's regions (v2's named reviews), each with its own initial and states. */
  regions?: Record<string, { initial: string; states: Record<string, StateDescription> }>;
  /** Taken at once on entry: a region settling where it stands. */
  always?: TransitionDescription[];
  /** Where a parallel state goes once every region is done. */
  onDone?: TransitionDescription[];
}

export interface MachineDescription {
  id: string;
  initial: string;
  states: Record<string, StateDescription>;
}

const actionName = (action: unknown): string =>
  typeof action === 'string'
    ? action
    : typeof action === 'object' && action && 'type' in action
      ? String((action as { type: unknown }).type)
      : 'assign';

/** A target by the machine's id ("#assessment.changes_requested") is a top-level state's name. */
const targetName = (target: string, id: string) =>
  target.startsWith(`#${id}.`) ? target.slice(id.length + 2) : target;

function transitions(spec: TransitionSpec | TransitionSpec[], self: string, id: string): TransitionDescription[] {
  return (Array.isArray(spec) ? spec : [spec]).map((t) => ({
    target: t.target ? targetName(t.target, id) : self,
    guard: typeof t.guard === 'string' ? t.guard : (t.guard?.type ?? null),
    actions: (Array.isArray(t.actions) ? t.actions : t.actions ? [t.actions] : []).map(actionName),
  }));
}

function describeStates(states: Record<string, StateSpec>, id: string): Record<string, StateDescription> {
  const described: Record<string, StateDescription> = {};
  for (const [name, state] of Object.entries(states)) {
    const on: StateDescription['on'] = {};
    for (const [event, spec] of Object.entries(state.on ?? {})) on[event] = transitions(spec, name, id);
    const description: StateDescription = { final: state.type === 'final', on };
    if (state.type === 'parallel' && state.states) {
      description.regions = Object.fromEntries(
        Object.entries(state.states).map(([region, spec]) => [
          region,
          { initial: spec.initial ?? '', states: describeStates(spec.states ?? {}, id) },
        ]),
      );
    }
    if (state.always) description.always = transitions(state.always, name, id);
    if (state.onDone) description.onDone = transitions(state.onDone, name, id);
    described[name] = description;
  }
  return described;
}

/** The machine's own configuration as plain JSON: states, events, targets, guards and named actions. */
export function describeMachine(machine: AnyStateMachine): MachineDescription {
  const config = machine.config as { id: string; initial: string; states: Record<string, StateSpec> };
  return { id: config.id, initial: config.initial, states: describeStates(config.states, config.id) };
}

/** `from --> to : EVENT [guard]`; a region's settling on entry has a guard and no event. */
function edge(from: string, t: TransitionDescription, label: string): string {
  const text = [label, t.guard ? `[${t.guard}]` : ''].filter(Boolean).join(' ');
  return `${from} --> ${t.target}${text ? ` : ${text}` : ''}`;
}

/**
 * A parallel state as a composite with its regions side by side (Mermaid's `--`). Mermaid's state ids are
 * global, so a region's states are named region_state and labelled with their own name; a transition that
 * leaves the parallel state is drawn from the composite, naming the region it starts in.
 */
function parallelLines(name: string, state: StateDescription): string[] {
  const inner: string[] = [];
  const leaving: string[] = [];
  Object.entries(state.regions ?? {}).forEach(([region, { initial, states }], i) => {
    const local = new Set(Object.keys(states));
    const id = (s: string) => `${region}_${s}`;
    if (i > 0) inner.push('    --');
    inner.push(`    state ${region} {`);
    for (const s of local) inner.push(`      state "${s}" as ${id(s)}`);
    inner.push(`      [*] --> ${id(initial)}`);
    for (const [s, described] of Object.entries(states)) {
      const all = [
        ...(described.always ?? []).map((t) => ({ t, event: '' })),
        ...Object.entries(described.on).flatMap(([event, ts]) => ts.map((t) => ({ t, event }))),
      ];
      for (const { t, event } of all) {
        if (local.has(t.target)) inner.push(`      ${edge(id(s), { ...t, target: id(t.target) }, event)}`);
        else leaving.push(`  ${edge(name, t, `${event} (${region})`)}`);
      }
      if (described.final) inner.push(`      ${id(s)} --> [*]`);
    }
    inner.push('    }');
  });
  return [`  state ${name} {`, ...inner, '  }', ...leaving];
}

/** A Mermaid state diagram generated from the machine itself, so it cannot drift from the code. */
export function mermaidDiagram(description: MachineDescription): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${description.initial}`];
  for (const [name, state] of Object.entries(description.states)) {
    if (state.regions) lines.push(...parallelLines(name, state));
    for (const [event, transitions] of Object.entries(state.on)) {
      for (const t of transitions) lines.push(`  ${edge(name, t, event)}`);
    }
    for (const t of state.onDone ?? []) lines.push(`  ${edge(name, t, 'every review done')}`);
    if (state.final) lines.push(`  ${name} --> [*]`);
  }
  return lines.join('\n');
}
