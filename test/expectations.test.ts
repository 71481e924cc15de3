import { describe, expect, it } from 'vitest';
import type { Expectation, PodView } from '../support/pods/expectations.ts';
import {
  condition,
  containerIn,
  inPhase,
  previousRunIn,
  printedStatus,
  ready,
  restartsAtLeast,
  runsToCompletion,
  whyCannotRun,
  restartsExactly,
} from '../support/pods/expectations.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

const view = (spec: PodSpec): PodView => {
  const o = pod(spec);
  return { exists: true, snapshot: snapshotOf(o.pod, { seq: 1, via: 'GET', printedStatus: o.printedStatus }) };
};
const verdict = (e: Expectation, v: PodView) => ({
  holds: e.holds(v),
  mismatch: e.mismatch(v),
  impossible: e.impossible(v),
});

describe('expectations', () => {
  it('phase', () => {
    expect(verdict(inPhase('Succeeded'), view({ rv: '1', phase: 'Failed' }))).toEqual({
      holds: false,
      mismatch: 'phase: expected "Succeeded", observed "Failed"',
      impossible: 'the pod reached the final phase "Failed"',
    });
    expect(inPhase('Pending').impossible(view({ rv: '1', phase: 'Running' }))).toBe(
      'the pod left Pending for "Running"',
    );
    expect(inPhase('Running').impossible(view({ rv: '1', phase: 'Pending' }))).toBeUndefined();
  });

  it('conditions: reported status and reason', () => {
    expect(
      condition('Initialized', 'False', 'ContainersNotInitialized').holds(
        view({ rv: '1', conditions: { Initialized: { status: 'False', reason: 'ContainersNotInitialized' } } }),
      ),
    ).toBe(true);
    expect(ready(false).holds(view({ rv: '1', conditions: { Ready: 'False' } }))).toBe(true);
    expect(
      ready(true).mismatch(view({ rv: '1', conditions: { Ready: { status: 'False', reason: 'ContainersNotReady' } } })),
    ).toBe('Ready condition: expected "True", observed "False" with reason "ContainersNotReady"');
  });

  it('conditions: absence is not falsehood', () => {
    const noConditions = view({ rv: '1' });
    expect(ready(false).holds(noConditions)).toBe(false);
    expect(condition('Ready', 'False').holds(noConditions)).toBe(false);
    expect(ready(false).mismatch(noConditions)).toBe(
      'Ready condition: expected "False", observed no such condition (the pod does not report it)',
    );
    expect(ready(false).appliesTo?.(noConditions)).toBe(false);
    const neverCreated: PodView = { exists: false };
    expect(ready(false).holds(neverCreated)).toBe(false);
    expect(condition('Initialized', 'False').holds(neverCreated)).toBe(false);
    expect(ready(false).mismatch(neverCreated)).toBe('Ready condition: expected "False", observed no such pod');
    const deletedPod: PodView = { exists: false, snapshot: view({ rv: '1', conditions: { Ready: 'False' } }).snapshot };
    expect(ready(false).holds(deletedPod)).toBe(false);
    expect(ready(false).mismatch(deletedPod)).toBe('Ready condition: expected "False", observed the pod was deleted');
  });

  it('conditions: an unknown type is refused, a readiness gate type is accepted', () => {
    expect(() => condition('Redy', 'False')).toThrow(/unknown pod condition type "Redy"; known: PodScheduled/);
    expect(() => condition('example.com/feature-1', 'True')).not.toThrow();
    expect(() => condition('PodReadyToStartContainers', 'True')).not.toThrow();
  });

  it('helper pods that cannot run fail at once, with why', () => {
    const pulling = view({ rv: '1', apps: [{ name: 'read', state: { waiting: 'ErrImagePull' } }] });
    expect(runsToCompletion('read').impossible(pulling)).toBe('container "read" cannot start: ErrImagePull');
    const unschedulable = view({
      rv: '1',
      apps: [{ name: 'read' }],
      conditions: { PodScheduled: { status: 'False', reason: 'Unschedulable' } },
    });
    expect(whyCannotRun(unschedulable.snapshot!)).toBe('it cannot be scheduled: Unschedulable');
    const creating = view({ rv: '1', apps: [{ name: 'read', state: { waiting: 'ContainerCreating' } }] });
    expect(runsToCompletion('read').impossible(creating)).toBeUndefined();
    const done = view({ rv: '1', phase: 'Succeeded', apps: [{ name: 'read', state: { terminated: 0 } }] });
    expect(runsToCompletion('read').holds(done)).toBe(true);
  });

  it('kubectl STATUS', () => {
    expect(printedStatus('Init:1/2').mismatch(view({ rv: '1', status: 'Init:0/2' }))).toBe(
      'STATUS: expected "Init:1/2", observed "Init:0/2"',
    );
  });

  it('container states', () => {
    const v = view({
      rv: '1',
      inits: [{ name: 'init', state: { terminated: 3 } }],
      apps: [{ name: 'app', state: { waiting: 'PodInitializing' } }],
    });
    expect(containerIn('init', { state: 'terminated', exitCode: 3 }).holds(v)).toBe(true);
    expect(containerIn('app', { state: 'waiting', reason: 'PodInitializing' }).holds(v)).toBe(true);
    expect(containerIn('init', { state: 'terminated', exitCode: 0 }).mismatch(v)).toBe(
      'container "init": expected "terminated with exit code 0", observed "terminated Error exit 3"',
    );
    expect(containerIn('nope', { state: 'running' }).impossible(v)).toBe('the pod has no container named "nope"');
  });

  it('restart counts', () => {
    const v = view({ rv: '1', inits: [{ name: 'init', state: { waiting: 'CrashLoopBackOff' }, restarts: 1 }] });
    expect(restartsAtLeast('init', 2).mismatch(v)).toBe(
      'container "init" restartCount: expected at least 2, observed 1',
    );
  });

  it("phase with the pod's own reason", () => {
    const evicted = view({ rv: '1', phase: 'Failed', reason: 'Evicted' });
    expect(inPhase('Failed', 'Evicted').holds(evicted)).toBe(true);
    const plain = view({ rv: '1', phase: 'Failed' });
    expect(verdict(inPhase('Failed', 'Evicted'), plain)).toEqual({
      holds: false,
      mismatch: 'phase: expected "Failed" with reason "Evicted", observed "Failed with reason (none)"',
      impossible: 'the pod reached the final phase "Failed" with reason (none)',
    });
    expect(inPhase('Failed', 'Evicted').impossible(view({ rv: '1', phase: 'Running' }))).toBeUndefined();
  });

  it('terminated with reason, exit code and message', () => {
    const v = view({
      rv: '1',
      apps: [{ name: 'c', state: { terminated: 3, message: 'disk full\n' } }],
    });
    expect(containerIn('c', { state: 'terminated', reason: 'Error', exitCode: 3, message: 'disk full' }).holds(v)).toBe(
      true,
    );
    expect(containerIn('c', { state: 'terminated', message: 'disk empty' }).mismatch(v)).toBe(
      'container "c": expected "terminated with message \\"disk empty\\"", observed "terminated Error exit 3 message \\"disk full\\""',
    );
  });

  it('a container that ended otherwise in a final phase can no longer match', () => {
    const v = view({
      rv: '1',
      phase: 'Failed',
      apps: [{ name: 'c', state: { terminated: 137, reason: 'OOMKilled' } }],
    });
    expect(containerIn('c', { state: 'terminated', reason: 'Error' }).impossible(v)).toBe(
      'the pod reached the final phase "Failed"',
    );
    expect(containerIn('c', { state: 'terminated', reason: 'OOMKilled' }).impossible(v)).toBeUndefined();
  });

  it('the previous run', () => {
    const v = view({
      rv: '1',
      apps: [{ name: 'c', state: { waiting: 'CrashLoopBackOff' }, restarts: 1, lastExit: 1, lastReason: 'Error' }],
    });
    expect(previousRunIn('c', { reason: 'Error', exitCode: 1 }).holds(v)).toBe(true);
    expect(previousRunIn('c', { exitCode: 0 }).mismatch(v)).toBe(
      'previous run of container "c": expected "terminated with exit code 0", observed "terminated Error exit 1"',
    );
    const fresh = view({ rv: '1', apps: [{ name: 'c', state: { running: 't' } }] });
    expect(previousRunIn('c', { exitCode: 0 }).mismatch(fresh)).toBe(
      'previous run of container "c": expected "terminated with exit code 0", observed "no previous run"',
    );
  });

  it('exact restart counts', () => {
    const v = view({ rv: '1', apps: [{ name: 'c', state: { running: 't' }, restarts: 2 }] });
    expect(restartsExactly('c', 2).holds(v)).toBe(true);
    expect(verdict(restartsExactly('c', 1), v)).toEqual({
      holds: false,
      mismatch: 'container "c" restartCount: expected exactly 1, observed 2',
      impossible: 'restartCount is already 2 and never goes down',
    });
    expect(
      restartsExactly('c', 3).impossible(
        view({ rv: '1', phase: 'Succeeded', apps: [{ name: 'c', state: { terminated: 0 } }] }),
      ),
    ).toBe('the pod reached the final phase "Succeeded"');
  });

  it('say when the pod does not exist', () => {
    expect(inPhase('Running').mismatch({ exists: false })).toBe('phase: expected "Running", observed no such pod');
  });
});
