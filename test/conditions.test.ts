import { describe, expect, it } from 'vitest';
import { conditionStatusesSince, conditionWithMessage, conditionsAtGeneration } from '../support/pods/conditions.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

/** A state with metadata.generation and each condition's observedGeneration set as given. */
function state(spec: PodSpec, seq = 1, generations?: { generation: number; conditions: Record<string, number> }) {
  const o = pod(spec);
  if (generations) {
    o.pod.metadata = { ...o.pod.metadata, generation: generations.generation };
    for (const c of o.pod.status?.conditions ?? []) c.observedGeneration = generations.conditions[c.type];
  }
  return snapshotOf(o.pod, { seq, via: 'MODIFIED' });
}

const view = (s: PodSnapshot) => ({ exists: true, snapshot: s });

describe('a condition with a message', () => {
  const gated = (message: string) => {
    const s = state({ rv: '1', conditions: { Ready: 'False' } });
    s.conditions.Ready = { status: 'False', message };
    return view(s);
  };

  it('holds when the status matches and the message matches the pattern', () => {
    const e = conditionWithMessage('Ready', 'False', /test-condition2/);
    expect(
      e.holds(gated('corresponding condition of pod readiness gate "k8s.io/test-condition2" does not exist.')),
    ).toBe(true);
  });

  it('names the message when only the message differs, the status when that differs', () => {
    const e = conditionWithMessage('Ready', 'False', /test-condition2/);
    const other = gated('corresponding condition of pod readiness gate "k8s.io/test-condition1" does not exist.');
    expect(e.holds(other)).toBe(false);
    expect(e.mismatch(other)).toBe(
      'Ready condition message: expected to match "test-condition2", observed "corresponding condition of pod readiness gate \\"k8s.io/test-condition1\\" does not exist."',
    );
    expect(e.mismatch(view(state({ rv: '1', conditions: { Ready: 'True' } })))).toBe(
      'Ready condition: expected "False", observed "True"',
    );
  });
});

describe('conditions at a generation', () => {
  const types = ['PodScheduled', 'Ready'];
  const conditions = { PodScheduled: 'True', Ready: 'True' };

  it('holds when metadata.generation and every named condition carry the generation', () => {
    const s = state({ rv: '1', conditions }, 1, { generation: 2, conditions: { PodScheduled: 2, Ready: 2 } });
    expect(conditionsAtGeneration(types, 2).holds(view(s))).toBe(true);
  });

  it('lists the lagging conditions and a missing one', () => {
    const s = state({ rv: '1', conditions: { PodScheduled: 'True' } }, 1, {
      generation: 2,
      conditions: { PodScheduled: 1 },
    });
    const e = conditionsAtGeneration(types, 2);
    expect(e.holds(view(s))).toBe(false);
    expect(e.mismatch(view(s))).toBe(
      "conditions at generation 2: expected metadata.generation and each condition's observedGeneration 2, observed observedGeneration PodScheduled 1, Ready absent",
    );
  });

  it('does not hold for the old spec, and becomes impossible once the spec moved past the generation', () => {
    const old = state({ rv: '1', conditions }, 1, { generation: 1, conditions: { PodScheduled: 1, Ready: 1 } });
    expect(conditionsAtGeneration(types, 2).holds(view(old))).toBe(false);
    const newer = state({ rv: '2', conditions }, 2, { generation: 3, conditions: { PodScheduled: 3, Ready: 3 } });
    expect(conditionsAtGeneration(types, 2).impossible(view(newer))).toBe('metadata.generation is already 3');
  });

  it('refuses an unknown condition type', () => {
    expect(() => conditionsAtGeneration(['Redy'], 1)).toThrow(/unknown pod condition type "Redy"/);
  });
});

describe('condition statuses since a state', () => {
  const states = [
    state({ rv: '1', conditions: { Ready: 'False' } }, 1),
    state({ rv: '2', conditions: { Ready: 'True' } }, 2),
    state({ rv: '3', conditions: { Ready: 'False' } }, 3),
    state({ rv: '4', conditions: { Ready: 'False' } }, 4),
    state({ rv: '5', conditions: { Ready: 'True' } }, 5),
  ];

  it('lists the statuses from the given state on, consecutive repeats once', () => {
    expect(conditionStatusesSince(states, 'Ready', 3)).toEqual(['False', 'True']);
    expect(conditionStatusesSince(states, 'Ready', 1)).toEqual(['False', 'True', 'False', 'True']);
  });

  it('shows a state without the condition as absent, and ignores another incarnation', () => {
    const other = { ...state({ rv: '6', conditions: {} }, 6), uid: 'uid-1' };
    const earlier = { ...state({ rv: '0', conditions: { Ready: 'True' } }, 0), uid: 'uid-0' };
    expect(conditionStatusesSince([earlier, ...states, other], 'Ready', 0)).toEqual([
      'False',
      'True',
      'False',
      'True',
      '(absent)',
    ]);
  });
});
