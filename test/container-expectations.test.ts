import { describe, expect, it } from 'vitest';
import { whyCannotRun } from '../support/pods/pod-expectations.ts';
import {
  containerIn,
  previousRunIn,
  restartsAtLeast,
  runsToCompletion,
  restartsExactly,
} from '../support/pods/container-expectations.ts';
import { verdict, view } from './fakes.ts';

describe('container expectations', () => {
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

  it('"in every observed state" counts only the states that report the container', () => {
    const waiting = containerIn('app', { state: 'waiting', reason: 'PodInitializing' });
    expect(waiting.appliesTo?.(view({ rv: '1', apps: [{ name: 'app' }] }))).toBe(false);
    expect(waiting.appliesTo?.(view({ rv: '2', apps: [{ name: 'app', state: { waiting: 'PodInitializing' } }] }))).toBe(
      true,
    );
    expect(waiting.appliesTo?.({ exists: false })).toBe(false);
  });

  it('restart counts', () => {
    const v = view({ rv: '1', inits: [{ name: 'init', state: { waiting: 'CrashLoopBackOff' }, restarts: 1 }] });
    expect(restartsAtLeast('init', 2).mismatch(v)).toBe(
      'container "init" restartCount: expected at least 2, observed 1',
    );
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
});
