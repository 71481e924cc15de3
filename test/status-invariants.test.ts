import { describe, expect, it } from 'vitest';
import { containerIn } from '../support/pods/container-expectations.ts';
import { findInvariant } from '../support/pods/history.ts';
import type { ObservedVia, PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import { neverState } from '../support/pods/status-invariants.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

function timeline(
  ...specs: (PodSpec & { via?: ObservedVia; generation?: number; observed?: number })[]
): PodSnapshot[] {
  return specs.map((spec, i) => {
    const o = pod(spec);
    if (spec.generation !== undefined) o.pod.metadata = { ...o.pod.metadata, generation: spec.generation };
    if (spec.observed !== undefined && o.pod.status) o.pod.status.observedGeneration = spec.observed;
    return snapshotOf(o.pod, { seq: i + 1, via: spec.via ?? (i === 0 ? 'ADDED' : 'MODIFIED') });
  });
}

const T0 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:03Z';
const failed = { terminated: 1, startedAt: T0, finishedAt: T2 };

describe('no container left a terminated state without a restart', () => {
  const rule = findInvariant('no container left a terminated state without a restart');

  it('holds when a terminated run stays terminated, and when a restart follows it', () => {
    const steady = timeline(
      { rv: '1', apps: [{ name: 'app', state: { running: T0 } }] },
      { rv: '2', apps: [{ name: 'app', state: failed }] },
      { rv: '3', apps: [{ name: 'app', state: failed }], via: 'DELETED' },
    );
    expect(rule.check(steady)).toEqual({ checked: 1, violations: [] });
    const restarted = timeline(
      { rv: '1', apps: [{ name: 'app', state: failed }] },
      { rv: '2', apps: [{ name: 'app', state: { running: T2 }, restarts: 1, lastExit: 1 }] },
    );
    expect(rule.check(restarted)).toEqual({ checked: 1, violations: [] });
  });

  it('flags a terminated container reported running again, waiting, or with its termination cleared', () => {
    const revived = timeline(
      { rv: '1', apps: [{ name: 'app', state: failed }] },
      { rv: '2', apps: [{ name: 'app', state: { running: T0 } }] },
    );
    expect(rule.check(revived).violations).toEqual([
      'state #2 (MODIFIED, rv 2): container "app" is running after it had terminated (exit 1) in state #1 (ADDED, rv 1), restartCount still 0',
    ]);
    const cleared = timeline({ rv: '1', apps: [{ name: 'app', state: failed }] }, { rv: '2', apps: [{ name: 'app' }] });
    expect(rule.check(cleared).violations).toHaveLength(1);
  });

  it('flags another end reported for the same run', () => {
    const rewritten = timeline(
      { rv: '1', apps: [{ name: 'app', state: failed }] },
      { rv: '2', apps: [{ name: 'app', state: { terminated: 0, startedAt: T0, finishedAt: T2 } }] },
    );
    expect(rule.check(rewritten).violations[0]).toMatch(/now terminated with exit 0 .* had terminated with exit 1/);
  });

  it('checks nothing in a history without a terminated container', () => {
    expect(rule.check(timeline({ rv: '1', apps: [{ name: 'app', state: { running: T0 } }] })).checked).toBe(0);
  });
});

describe('the phase never left Succeeded or Failed once reached', () => {
  const rule = findInvariant('the phase never left Succeeded or Failed once reached');

  it('holds for a final phase kept until removal', () => {
    const states = timeline(
      { rv: '1', phase: 'Running' },
      { rv: '2', phase: 'Failed' },
      { rv: '3', phase: 'Failed', via: 'DELETED' },
    );
    expect(rule.check(states)).toEqual({ checked: 1, violations: [] });
  });

  it('flags a final phase that reverted', () => {
    const states = timeline({ rv: '1', phase: 'Failed' }, { rv: '2', phase: 'Running' });
    expect(rule.check(states).violations).toEqual([
      'state #2 (MODIFIED, rv 2): phase "Running" after "Failed" in state #1 (ADDED, rv 1)',
    ]);
  });
});

describe('every container that reported its end also reported its start', () => {
  const rule = findInvariant('every container that reported its end also reported its start');

  it('flags a finishedAt without a startedAt, and one before it', () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'a', state: { terminated: 137, finishedAt: T2 } }] },
      { rv: '2', apps: [{ name: 'a', state: { terminated: 1, startedAt: T2, finishedAt: T0 } }] },
      { rv: '3', apps: [{ name: 'a', state: failed }] },
    );
    const result = rule.check(states);
    expect(result.checked).toBe(3);
    expect(result.violations).toEqual([
      `state #1 (ADDED, rv 1): container "a" finished at ${T2} without a startedAt`,
      `state #2 (MODIFIED, rv 2): container "a" finished at ${T0}, before it started at ${T2}`,
    ]);
  });

  it('does not apply to a terminated state without times (ContainerStatusUnknown)', () => {
    expect(rule.check(timeline({ rv: '1', apps: [{ name: 'a', state: { terminated: 137 } }] })).checked).toBe(0);
  });
});

describe('the pod was removed with no container running, in a final phase or still Pending', () => {
  const rule = findInvariant('the pod was removed with no container running, in a final phase or still Pending');

  it('accepts a removal in Failed or Pending without running containers', () => {
    expect(
      rule.check(timeline({ rv: '1', phase: 'Failed', apps: [{ name: 'a', state: failed }], via: 'DELETED' }))
        .violations,
    ).toEqual([]);
    expect(
      rule.check(
        timeline({
          rv: '1',
          phase: 'Pending',
          apps: [{ name: 'a', state: { waiting: 'ContainerCreating' } }],
          via: 'DELETED',
        }),
      ).violations,
    ).toEqual([]);
  });

  it('flags a removal with a running container, or in Running with none', () => {
    const running = timeline({
      rv: '1',
      phase: 'Running',
      apps: [{ name: 'a', state: { running: T0 } }],
      via: 'DELETED',
    });
    expect(rule.check(running).violations).toEqual([
      'state #1 (DELETED, rv 1): removed with container(s) "a" still running (phase Running)',
    ]);
    const empty = timeline({ rv: '1', phase: 'Running', apps: [{ name: 'a', state: failed }], via: 'DELETED' });
    expect(rule.check(empty).violations).toEqual([
      'state #1 (DELETED, rv 1): removed in phase "Running" with no container running',
    ]);
  });

  it('checks nothing while the pod exists', () => {
    expect(rule.check(timeline({ rv: '1', phase: 'Running' })).checked).toBe(0);
  });
});

describe('status.observedGeneration never went back and never ran ahead of metadata.generation', () => {
  const rule = findInvariant('status.observedGeneration never went back and never ran ahead of metadata.generation');

  it('holds while observedGeneration follows the spec, lagging allowed', () => {
    const states = timeline(
      { rv: '1', generation: 1 },
      { rv: '2', generation: 1, observed: 1 },
      { rv: '3', generation: 3, observed: 1 },
      { rv: '4', generation: 3, observed: 3 },
    );
    expect(rule.check(states)).toEqual({ checked: 3, violations: [] });
  });

  it('flags an acknowledgement ahead of the spec and one that went back', () => {
    const states = timeline(
      { rv: '1', generation: 2, observed: 3 },
      { rv: '2', generation: 3, observed: 3 },
      { rv: '3', generation: 3, observed: 2 },
    );
    expect(rule.check(states).violations).toEqual([
      'state #1 (ADDED, rv 1): observedGeneration 3 ahead of metadata.generation 2',
      'state #3 (MODIFIED, rv 3): observedGeneration 2 after 3 in state #1 (ADDED, rv 1) (it went back)',
    ]);
  });
});

describe('a state that never occurred', () => {
  it('counts the states that report the container, the removed state included', () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'fail' }] },
      { rv: '2', apps: [{ name: 'fail', state: { waiting: 'ContainerCreating' } }] },
      { rv: '3', apps: [{ name: 'fail', state: failed }], via: 'DELETED' },
    );
    expect(neverState(states, containerIn('fail', { state: 'terminated', exitCode: 0 }))).toEqual({
      checked: 2,
      violations: [],
    });
  });

  it('names every state in which it held', () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'fail', state: { terminated: 0, startedAt: T0, finishedAt: T2 } }] },
      { rv: '2', apps: [{ name: 'fail', state: { terminated: 0, startedAt: T0, finishedAt: T2 } }], via: 'DELETED' },
    );
    expect(neverState(states, containerIn('fail', { state: 'terminated', exitCode: 0 })).violations).toEqual([
      'state #1 (ADDED, rv 1): terminated with exit code 0',
      'state #2 (DELETED, rv 2): terminated with exit code 0',
    ]);
  });

  it('checks nothing when the container never had a status', () => {
    expect(
      neverState(timeline({ rv: '1', apps: [{ name: 'fail' }] }), containerIn('fail', { state: 'running' })).checked,
    ).toBe(0);
  });
});
