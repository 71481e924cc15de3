import { describe, expect, it } from 'vitest';
import { containerIn, restartsExactly } from '../support/pods/container-expectations.ts';
import type { PodView } from '../support/pods/expectation.ts';
import { conditionHistory, findInvariant, unchangedSince } from '../support/pods/history.ts';
import { neverState } from '../support/pods/status-invariants.ts';
import { allContainers, describeSnapshot, snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

const snapshot = (spec: PodSpec, seq = 1) => snapshotOf(pod(spec).pod, { seq, via: 'MODIFIED' });
const view = (spec: PodSpec): PodView => ({ exists: true, snapshot: snapshot(spec) });
const running = { name: 'app', state: { running: '2026-01-01T00:00:00Z' }, ready: true };

describe('ephemeral containers in the recorded states', () => {
  it('are containers of the pod for every container expectation: state, exit, restarts', () => {
    const added = view({ rv: '2', phase: 'Running', apps: [running], ephemerals: [{ name: 'debugger' }] });
    expect(added.snapshot!.ephemeralContainers.map((c) => [c.name, c.kind, c.state])).toEqual([
      ['debugger', 'ephemeral', 'none'],
    ]);
    expect(containerIn('debugger', { state: 'running' }).holds(added)).toBe(false);
    expect(containerIn('debugger', { state: 'running' }).impossible(added)).toBeUndefined();

    const started = view({
      rv: '3',
      phase: 'Running',
      apps: [running],
      ephemerals: [
        { name: 'debugger', state: { running: '2026-01-01T00:00:05Z' } },
        { name: 'debugger2', state: { terminated: 3 } },
      ],
    });
    expect(containerIn('debugger', { state: 'running' }).holds(started)).toBe(true);
    expect(containerIn('debugger2', { state: 'terminated', exitCode: 3 }).holds(started)).toBe(true);
    expect(restartsExactly('debugger2', 0).holds(started)).toBe(true);
    expect(allContainers(started.snapshot!).map((c) => c.name)).toEqual(['app', 'debugger', 'debugger2']);
    expect(describeSnapshot(started.snapshot!)).toContain(
      'ephemeral[debugger: running, debugger2: terminated Error exit 3]',
    );
  });

  it('a pod without them has none, and a missing one is still "no such container"', () => {
    const plain = view({ rv: '1', phase: 'Running', apps: [running] });
    expect(plain.snapshot!.ephemeralContainers).toEqual([]);
    expect(containerIn('debugger', { state: 'running' }).impossible(plain)).toBe(
      'the pod has no container named "debugger"',
    );
  });

  it('adding one is no restart of the pod since the patch; a restart of the app container is', () => {
    const before = snapshot({ rv: '1', phase: 'Running', apps: [running] }, 1);
    const after = snapshot(
      { rv: '2', phase: 'Running', apps: [running], ephemerals: [{ name: 'debugger', state: { running: 'x' } }] },
      2,
    );
    expect(unchangedSince([before, after], before).violations).toEqual([]);
    const restarted = snapshot({ rv: '3', phase: 'Running', apps: [{ ...running, restarts: 1 }] }, 3);
    expect(unchangedSince([before, after, restarted], before).violations).toEqual([
      'state #3 (MODIFIED, rv 3): container "app" restartCount 1, was 0',
    ]);
  });
});

describe('history rules over ephemeral containers', () => {
  it('"was never" and the restart-count rule read them as any container', () => {
    const states = [
      snapshot(
        {
          rv: '1',
          phase: 'Running',
          apps: [running],
          ephemerals: [{ name: 'debugger2', state: { waiting: 'ContainerCreating' } }],
        },
        1,
      ),
      snapshot(
        { rv: '2', phase: 'Running', apps: [running], ephemerals: [{ name: 'debugger2', state: { terminated: 3 } }] },
        2,
      ),
    ];
    expect(neverState(states, containerIn('debugger2', { state: 'running' }))).toEqual({ checked: 2, violations: [] });
    expect(neverState(states, containerIn('debugger2', { state: 'terminated' })).violations).toHaveLength(1);
    const wentBack = snapshot(
      {
        rv: '3',
        phase: 'Running',
        apps: [running],
        ephemerals: [{ name: 'debugger2', state: { terminated: 3 }, restarts: 0 }],
      },
      3,
    );
    const restarted = snapshot(
      {
        rv: '2',
        phase: 'Running',
        apps: [running],
        ephemerals: [{ name: 'debugger2', state: { terminated: 3 }, restarts: 1 }],
      },
      2,
    );
    expect(
      findInvariant('no restart count ever went back').check([states[0]!, restarted, wentBack]).violations,
    ).toEqual(['state #3 (MODIFIED, rv 3): container "debugger2" restartCount 0, was 1 in state #2']);
  });
});

describe('condition history', () => {
  it('is the status per state, absent where not reported, repeats collapsed', () => {
    const states = [
      snapshot({ rv: '1', conditions: {} }, 1),
      snapshot({ rv: '2', conditions: { PodResizeInProgress: 'True' } }, 2),
      snapshot({ rv: '3', conditions: { PodResizeInProgress: 'True' } }, 3),
      snapshot({ rv: '4', conditions: {} }, 4),
    ];
    expect(conditionHistory(states, 'PodResizeInProgress')).toEqual(['absent', 'True', 'absent']);
    expect(conditionHistory([], 'Ready')).toEqual([]);
  });
});
