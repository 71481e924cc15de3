import { describe, expect, it } from 'vitest';
import type { PodSnapshot } from '../support/pods/snapshot.ts';
import type { PodJson } from '../support/kube/json.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { firstRunReported } from '../support/pods/container-expectations.ts';
import { firstRun, notReadyAfterReady, readyStates } from '../support/probes/measurements.ts';

interface Shape {
  seq: number;
  uid?: string;
  restarts?: number;
  running?: string;
  last?: { startedAt?: string; finishedAt?: string; exitCode: number; reason?: string };
  ready?: { status: string; at: string };
  containersReady?: string;
  phase?: string;
}

function state(s: Shape): PodSnapshot {
  const pod: PodJson = {
    metadata: { name: 'p', uid: s.uid ?? 'u1', resourceVersion: String(s.seq) },
    spec: { containers: [{ name: 'c' }] },
    status: {
      phase: s.phase ?? 'Running',
      conditions: [
        ...(s.ready ? [{ type: 'Ready', status: s.ready.status, lastTransitionTime: s.ready.at }] : []),
        ...(s.containersReady ? [{ type: 'ContainersReady', status: s.containersReady }] : []),
      ],
      containerStatuses: [
        {
          name: 'c',
          image: 'busybox',
          imageID: '',
          ready: s.ready?.status === 'True',
          restartCount: s.restarts ?? 0,
          state: s.running ? { running: { startedAt: s.running } } : { waiting: { reason: 'ContainerCreating' } },
          lastState: s.last ? { terminated: { reason: 'Error', ...s.last } } : {},
        },
      ],
    },
  };
  return snapshotOf(pod, { seq: s.seq, via: 'MODIFIED' });
}

const run1 = { startedAt: '2026-01-01T00:00:10Z', finishedAt: '2026-01-01T00:00:57Z', exitCode: 137 };
const run2 = { startedAt: '2026-01-01T00:00:59Z', finishedAt: '2026-01-01T00:01:45Z', exitCode: 137 };

describe('first run', () => {
  it('comes from the state that reported restartCount 1, even when later states describe a later run', () => {
    const states = [
      state({ seq: 1, running: run1.startedAt }),
      state({ seq: 2, restarts: 1, running: run2.startedAt, last: run1 }),
      state({ seq: 3, restarts: 2, running: '2026-01-01T00:01:47Z', last: run2 }),
    ];
    expect(firstRun(states, 'p', 'c')).toEqual({ ...run1, reason: 'Error' });
  });

  it('skips a restart reported with a placeholder lastState (ContainerStatusUnknown, no times)', () => {
    const placeholder = { exitCode: 137, reason: 'ContainerStatusUnknown' };
    const states = [
      state({ seq: 1, running: run1.startedAt }),
      state({ seq: 2, restarts: 1, last: placeholder }),
      state({ seq: 3, restarts: 1, running: run2.startedAt, last: run1 }),
    ];
    expect(firstRun(states, 'p', 'c').finishedAt).toBe(run1.finishedAt);
    const view = (s: PodSnapshot) => ({ exists: true, snapshot: s });
    expect(firstRunReported('c').holds(view(states[1] as PodSnapshot))).toBe(false);
    expect(firstRunReported('c').mismatch(view(states[1] as PodSnapshot))).toMatch(
      /restartCount 1, lastState .*ContainerStatusUnknown/,
    );
    expect(firstRunReported('c').holds(view(states[2] as PodSnapshot))).toBe(true);
  });

  it('fails when no restart was observed', () => {
    expect(() => firstRun([state({ seq: 1, running: run1.startedAt })], 'p', 'c')).toThrow(
      'container "c" of pod "p" first run: expected a restart, observed restartCount 0 in every state',
    );
  });

  it('fails, instead of reading a later run, when the state with restartCount 1 was missed', () => {
    expect(() => firstRun([state({ seq: 1, restarts: 2, running: 'x', last: run2 })], 'p', 'c')).toThrow(
      /observed none \(highest restartCount seen: 2\)/,
    );
  });
});

describe('Ready transitions', () => {
  it('list every observed Ready state of the latest pod before any restart, with the container start', () => {
    const states = [
      state({ seq: 1, uid: 'old', running: 'a', ready: { status: 'True', at: 'T0' } }),
      state({ seq: 2, running: 'S', ready: { status: 'False', at: 'T1' } }),
      state({ seq: 3, running: 'S', ready: { status: 'True', at: 'T2' } }),
      state({ seq: 4, running: 'S2', restarts: 1, last: run1, ready: { status: 'True', at: 'T3' } }),
    ];
    expect(readyStates(states, 'c').map((r) => [r.at, r.containerStartedAt])).toEqual([['T2', 'S']]);
  });

  it('find when the pod turned not Ready after having been Ready', () => {
    const states = [
      state({ seq: 1, running: 'S', ready: { status: 'False', at: 'T0' } }),
      state({ seq: 2, running: 'S', ready: { status: 'True', at: 'T1' } }),
      state({ seq: 3, running: 'S', ready: { status: 'False', at: 'T2' } }),
    ];
    expect(notReadyAfterReady(states)?.at).toBe('T2');
    expect(notReadyAfterReady(states.slice(0, 2))).toBeUndefined();
  });
});
