import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import { inPhase, ready } from '../support/pods/pod-expectations.ts';
import {
  expectHistory,
  containerReasonHistory,
  everyState,
  findInvariant,
  inOrderOfFirstAppearance,
  sequenceMatches,
  statusHistory,
  unchangedSince,
} from '../support/pods/history.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

function timeline(...specs: PodSpec[]): PodSnapshot[] {
  return specs.map((spec, i) => {
    const o = pod(spec);
    return snapshotOf(o.pod, { seq: i + 1, via: i === 0 ? 'ADDED' : 'MODIFIED', printedStatus: o.printedStatus });
  });
}

const W = { waiting: 'PodInitializing' };
const R = { running: '2026-01-01T00:00:01Z' };
const OK = { terminated: 0 };

/** The normal life of a pod with two init containers. */
const healthy = timeline(
  { rv: '1', inits: [{ name: 'i1' }, { name: 'i2' }], apps: [{ name: 'app' }], status: 'Pending' },
  {
    rv: '2',
    inits: [
      { name: 'i1', state: W },
      { name: 'i2', state: W },
    ],
    apps: [{ name: 'app', state: W }],
    status: 'Init:0/2',
    conditions: { Initialized: 'False', Ready: 'False' },
  },
  {
    rv: '3',
    inits: [
      { name: 'i1', state: R },
      { name: 'i2', state: W },
    ],
    apps: [{ name: 'app', state: W }],
    status: 'Init:0/2',
    conditions: { Initialized: 'False', Ready: 'False' },
  },
  {
    rv: '4',
    inits: [
      { name: 'i1', state: OK },
      { name: 'i2', state: R },
    ],
    apps: [{ name: 'app', state: W }],
    status: 'Init:1/2',
    conditions: { Initialized: 'False', Ready: 'False' },
  },
  {
    rv: '5',
    phase: 'Running',
    inits: [
      { name: 'i1', state: OK },
      { name: 'i2', state: OK },
    ],
    apps: [{ name: 'app', state: R, ready: true }],
    status: 'Running',
    conditions: { Initialized: 'True', Ready: 'True', ContainersReady: 'True' },
  },
);

const check = (phrase: string, states: PodSnapshot[]) => findInvariant(phrase).check(states);
const APP_WAITS = 'the app containers stayed waiting until every init container had succeeded';
const ONE_AT_A_TIME = 'at most one init container ran at a time, in the order of the spec';
const NOT_READY = 'the pod was not Ready until every init container had succeeded';
const NO_REGRESSION = 'Initialized never went back from True to False';

describe('history invariants', () => {
  it('hold on a healthy initialization and say how many states they examined', () => {
    expect(check(APP_WAITS, healthy)).toEqual({ checked: 4, violations: [] });
    expect(check(ONE_AT_A_TIME, healthy)).toEqual({ checked: 3, violations: [] });
    expect(check(NOT_READY, healthy)).toEqual({ checked: 4, violations: [] });
  });

  it('catch an app container that ran before the last init container succeeded', () => {
    const bad = timeline({ rv: '1', inits: [{ name: 'i1', state: R }], apps: [{ name: 'app', state: R }] });
    expect(check(APP_WAITS, bad).violations).toEqual([
      'state #1 (ADDED, rv 1): app container "app" was running while init container "i1" had not succeeded',
    ]);
  });

  it('catch an app container that had already restarted', () => {
    const bad = timeline({
      rv: '1',
      inits: [{ name: 'i1', state: R }],
      apps: [{ name: 'app', state: W, restarts: 1 }],
    });
    expect(check(APP_WAITS, bad).violations[0]).toMatch(/restarts 1/);
  });

  it('catch two init containers running together and one that started out of order', () => {
    const together = timeline({
      rv: '1',
      inits: [
        { name: 'i1', state: R },
        { name: 'i2', state: R },
      ],
    });
    expect(check(ONE_AT_A_TIME, together).violations).toEqual([
      'state #1 (ADDED, rv 1): init containers "i1", "i2" ran together',
      'state #1 (ADDED, rv 1): init container "i2" had started (running) before "i1" succeeded (running)',
      expect.stringMatching(
        /^no observed state shows init container "i1" started while "i2" had not, and "i1" finishedAt/,
      ),
    ]);
    const failedFirst = timeline({
      rv: '1',
      inits: [
        { name: 'i1', state: { terminated: 1 } },
        { name: 'i2', state: R },
      ],
    });
    expect(check(ONE_AT_A_TIME, failedFirst).violations).toHaveLength(2);
  });

  it('refuse to infer the order of init containers from states that only show them all finished', () => {
    const done = { terminated: 0, startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:01Z' };
    const flat = timeline(
      { rv: '1', inits: [{ name: 'i1' }, { name: 'i2' }] },
      {
        rv: '2',
        inits: [
          { name: 'i1', state: done },
          { name: 'i2', state: done },
        ],
      },
    );
    expect(check(ONE_AT_A_TIME, flat)).toEqual({
      checked: 1,
      violations: [
        'no observed state shows init container "i1" started while "i2" had not, and "i1" finishedAt 2026-01-01T00:00:01Z is not in an earlier second than "i2" startedAt 2026-01-01T00:00:01Z: nothing tells their order apart from "at the same time"',
      ],
    });
  });

  it("take the order from the cluster's timestamps when one init container finished a whole second before the next started", () => {
    // A loaded kubelet may write both runs in one status: no state shows i1 alone, the timestamps do.
    const flat = timeline(
      { rv: '1', inits: [{ name: 'i1' }, { name: 'i2' }] },
      {
        rv: '2',
        inits: [
          {
            name: 'i1',
            state: { terminated: 0, startedAt: '2026-01-01T00:00:01Z', finishedAt: '2026-01-01T00:00:03Z' },
          },
          {
            name: 'i2',
            state: { terminated: 0, startedAt: '2026-01-01T00:00:04Z', finishedAt: '2026-01-01T00:00:06Z' },
          },
        ],
      },
    );
    expect(check(ONE_AT_A_TIME, flat)).toEqual({ checked: 1, violations: [] });
  });

  it('catch Ready or ContainersReady before the init containers finished', () => {
    const bad = timeline({
      rv: '1',
      inits: [{ name: 'i1', state: R }],
      conditions: { Ready: 'True', ContainersReady: 'False' },
    });
    expect(check(NOT_READY, bad).violations).toEqual([
      'state #1 (ADDED, rv 1): Ready=True while init container "i1" had not succeeded',
    ]);
  });

  it('catch Initialized going back from True to False, per pod incarnation', () => {
    const back = timeline(
      { rv: '1', conditions: { Initialized: 'True' } },
      { rv: '2', conditions: { Initialized: 'False' } },
    );
    expect(check(NO_REGRESSION, back).violations).toEqual([
      'state #2 (MODIFIED, rv 2): Initialized=False after it had been True',
    ]);
    const recreated = timeline(
      { rv: '1', uid: 'a', conditions: { Initialized: 'True' } },
      { rv: '2', uid: 'b', conditions: { Initialized: 'False' } },
    );
    expect(check(NO_REGRESSION, recreated)).toEqual({ checked: 1, violations: [] });
  });

  it('count the state where Initialized first became True, which may be the last one reported', () => {
    // A loaded kubelet reports Initialized and Ready in one status, and nothing after it.
    const atOnce = timeline(
      { rv: '1', conditions: { Initialized: 'False' } },
      { rv: '2', conditions: { Initialized: 'True', Ready: 'True' } },
    );
    expect(check(NO_REGRESSION, atOnce)).toEqual({ checked: 1, violations: [] });
    const never = timeline({ rv: '1', conditions: { Initialized: 'False' } });
    expect(check(NO_REGRESSION, never)).toEqual({ checked: 0, violations: [] });
  });

  it('catch an init container that succeeded but was not reported ready', () => {
    const READY_WHEN_DONE = 'every init container that succeeded was reported ready';
    const done = timeline(
      {
        rv: '1',
        inits: [
          { name: 'i1', state: R },
          { name: 'i2', state: W },
        ],
      },
      {
        rv: '2',
        inits: [
          { name: 'i1', state: OK, ready: true },
          { name: 'i2', state: R },
        ],
      },
      {
        rv: '3',
        inits: [
          { name: 'i1', state: OK, ready: true },
          { name: 'i2', state: OK },
        ],
      },
    );
    expect(check(READY_WHEN_DONE, done)).toEqual({
      checked: 2,
      violations: ['state #3 (MODIFIED, rv 3): init container "i2" terminated with exit code 0 but ready=false'],
    });
    const failed = timeline({ rv: '1', inits: [{ name: 'i1', state: { terminated: 1 } }] });
    expect(check(READY_WHEN_DONE, failed).checked).toBe(0);
  });

  it('catch a restart count that went back, per container and pod incarnation', () => {
    const MONOTONIC = 'no restart count ever went back';
    const crashing = (rv: string, restarts: number, uid = 'uid-1'): PodSpec => ({
      rv,
      uid,
      apps: [{ name: 'app', state: R, restarts }],
    });
    expect(check(MONOTONIC, timeline(crashing('1', 0), crashing('2', 2), crashing('3', 2), crashing('4', 5)))).toEqual({
      checked: 3,
      violations: [],
    });
    expect(check(MONOTONIC, timeline(crashing('1', 0), crashing('2', 3), crashing('3', 2))).violations).toEqual([
      'state #3 (MODIFIED, rv 3): container "app" restartCount 2, was 3 in state #2',
    ]);
    expect(check(MONOTONIC, timeline(crashing('1', 3, 'a'), crashing('2', 0, 'b'))).violations).toEqual([]);
  });

  it('fail when never exercised, because a vacuous invariant proves nothing', () => {
    const noInits = timeline({ rv: '1', phase: 'Running', apps: [{ name: 'app', state: R }] });
    const result = check(APP_WAITS, noInits);
    expect(result.checked).toBe(0);
    expect(() =>
      expectHistory('p', `"${APP_WAITS}"`, 'states with an init container that had not yet succeeded', result),
    ).toThrow(ConformanceAssertionError);
  });

  it('report violations with a one-line summary and the states under it', () => {
    let message = '';
    try {
      expectHistory('p', 'the rule', 'states', { checked: 3, violations: ['state #2: bad', 'state #3: bad'] });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'pod "p" history: expected the rule in all 3 applicable states, observed 2 violations\nstate #2: bad\nstate #3: bad',
    );
  });
});

describe('everyState', () => {
  it('checks the latest incarnation, ignoring the deletion record', () => {
    expect(everyState(healthy.slice(0, 4), inPhase('Pending'))).toEqual({ checked: 4, violations: [] });
    const result = everyState(healthy, inPhase('Pending'));
    expect(result.violations).toEqual(['state #5 (MODIFIED, rv 5): phase: expected "Pending", observed "Running"']);
  });
  it('counts only the states that report the condition, so a pod that never reports it is not "not Ready"', () => {
    const unreported = timeline({ rv: '1' }, { rv: '2', phase: 'Running' });
    expect(everyState(unreported, ready(false))).toEqual({ checked: 0, violations: [] });
    expect(() =>
      expectHistory('p', 'not Ready', 'every observed state that reports it', everyState(unreported, ready(false))),
    ).toThrow(
      'pod "p" history: expected not Ready to be checked on every observed state that reports it, observed no such state',
    );
    const reported = timeline({ rv: '1' }, { rv: '2', conditions: { Ready: 'False' } });
    expect(everyState(reported, ready(false))).toEqual({ checked: 1, violations: [] });
  });
});

describe('STATUS and container reason histories', () => {
  it('collapses repeats and finds values in order of first appearance', () => {
    const seen = statusHistory(healthy);
    expect(seen).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'Running']);
    expect(sequenceMatches(seen, ['Init:0/2', 'Init:1/2', 'Running'], 'in order')).toBe(true);
    expect(sequenceMatches(seen, ['Init:1/2', 'Init:0/2'], 'in order')).toBe(false);
    expect(sequenceMatches(seen, ['Init:2/2'], 'in order')).toBe(false);
  });

  it('does not read a crash loop backwards', () => {
    const loop = ['Init:Error', 'Init:CrashLoopBackOff', 'Init:Error', 'Init:CrashLoopBackOff'];
    expect(inOrderOfFirstAppearance(loop, ['Init:Error', 'Init:CrashLoopBackOff'])).toBe(true);
    expect(inOrderOfFirstAppearance(loop, ['Init:CrashLoopBackOff', 'Init:Error'])).toBe(false);
  });

  it('"exactly" wants these values and no others', () => {
    const seen = statusHistory(healthy);
    expect(sequenceMatches(seen, ['Pending', 'Init:0/2', 'Init:1/2', 'Running'], 'exactly')).toBe(true);
    expect(sequenceMatches(seen, ['Init:0/2', 'Init:1/2', 'Running'], 'exactly')).toBe(false);
    expect(sequenceMatches(seen, ['Pending', 'Init:0/2', 'Init:1/2', 'Running', 'Running'], 'exactly')).toBe(false);
  });

  it("lists a container's reasons and runs, skipping states before it was reported", () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'c' }] },
      { rv: '2', apps: [{ name: 'c', state: { waiting: 'ContainerCreating' } }] },
      { rv: '3', apps: [{ name: 'c', state: R }] },
      { rv: '4', apps: [{ name: 'c', state: { terminated: 1 } }] },
      { rv: '5', apps: [{ name: 'c', state: { waiting: 'CrashLoopBackOff' }, restarts: 1 }] },
      { rv: '6', apps: [{ name: 'c', state: { waiting: 'CrashLoopBackOff' }, restarts: 1 }] },
      { rv: '7', apps: [{ name: 'c', state: { terminated: 0 }, restarts: 1 }] },
    );
    expect(containerReasonHistory(states, 'c')).toEqual([
      'ContainerCreating',
      'running',
      'Error',
      'CrashLoopBackOff',
      'Completed',
    ]);
    expect(containerReasonHistory(states, 'other')).toEqual([]);
  });

  it('takes a run whose end was never the current state from lastState (a restart written in one status)', () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'c', state: R }] },
      { rv: '2', apps: [{ name: 'c', state: R, restarts: 1, lastExit: 1, lastReason: 'Error' }] },
      {
        rv: '3',
        apps: [{ name: 'c', state: { waiting: 'CrashLoopBackOff' }, restarts: 1, lastExit: 1, lastReason: 'Error' }],
      },
    );
    expect(containerReasonHistory(states, 'c')).toEqual(['running', 'Error', 'running', 'CrashLoopBackOff']);
    const last = { restarts: 1, lastExit: 1, lastReason: 'Error', lastRun: ['s1', 'f1'] as [string, string] };
    const observed = timeline(
      { rv: '1', apps: [{ name: 'c', state: { terminated: 1, startedAt: 's1', finishedAt: 'f1' } }] },
      { rv: '2', apps: [{ name: 'c', state: { waiting: 'CrashLoopBackOff' }, ...last }] },
      { rv: '3', apps: [{ name: 'c', state: R, ...last }] },
    );
    // The end seen as the current state is not counted again from lastState.
    expect(containerReasonHistory(observed, 'c')).toEqual(['Error', 'CrashLoopBackOff', 'running']);
  });
});

describe('unchangedSince', () => {
  const base = {
    inits: [{ name: 'i1', state: { terminated: 0, startedAt: 't1' } }],
    apps: [{ name: 'app', state: R }],
  };
  it('passes when nothing restarted after the baseline', () => {
    const states = timeline({ rv: '1', ...base }, { rv: '2', ...base });
    expect(unchangedSince(states, states[0]!)).toEqual({ checked: 1, violations: [] });
  });
  it('catches a restart, a re-run init container and a re-created pod', () => {
    const states = timeline(
      { rv: '1', ...base },
      {
        rv: '2',
        uid: 'other',
        inits: [{ name: 'i1', state: { terminated: 0, startedAt: 't2' } }],
        apps: [{ name: 'app', state: R, restarts: 1 }],
      },
    );
    expect(unchangedSince(states, states[0]!).violations).toEqual([
      'state #2 (MODIFIED, rv 2): uid other, was uid-1 (the pod was recreated)',
      'state #2 (MODIFIED, rv 2): container "i1" started again at t2 (was t1)',
      'state #2 (MODIFIED, rv 2): container "app" restartCount 1, was 0',
    ]);
  });
});
