import { describe, expect, it } from 'vitest';
import { backoffInterval, checkBackoff } from '../support/actions/restarts.ts';
import { containerRuns, restartDelays } from '../support/pods/runs.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodJson } from '../support/kube/json.ts';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('.000', '');

type Status = NonNullable<NonNullable<PodJson['status']>['containerStatuses']>[number];

function states(...statuses: Partial<Status>[]): PodSnapshot[] {
  return statuses.map((st, i) =>
    snapshotOf(
      {
        metadata: { name: 'p', uid: 'u', resourceVersion: String(i + 1) },
        spec: { containers: [{ name: 'c' }] },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, ...st }],
        },
      },
      { seq: i + 1, via: 'MODIFIED' },
    ),
  );
}

describe('container runs from the recorded history', () => {
  const history = states(
    { state: { running: { startedAt: T(0) } } },
    { state: { terminated: { exitCode: 2, reason: 'Error', startedAt: T(0), finishedAt: T(1) } } },
    // A fast restart: the second run is only ever seen as lastState.
    {
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 2, reason: 'Error', startedAt: T(1), finishedAt: T(2) } },
    },
    // The kubelet's placeholder for a run it could not report carries no times: ignored.
    {
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 137 } },
    },
    {
      restartCount: 2,
      state: { running: { startedAt: T(14) } },
      lastState: { terminated: { exitCode: 2, startedAt: T(1), finishedAt: T(2) } },
    },
  );

  it('merges every place a run is reported, in start order', () => {
    expect(containerRuns(history, 'c')).toEqual([
      { number: 1, startedAt: T(0), finishedAt: T(1), exitCode: 2, reason: 'Error' },
      { number: 2, startedAt: T(1), finishedAt: T(2), exitCode: 2, reason: 'Error' },
      { number: 3, startedAt: T(14), finishedAt: undefined, exitCode: undefined, reason: undefined },
    ]);
  });

  it('measures each restart delay from finishedAt to the next startedAt', () => {
    expect(restartDelays(containerRuns(history, 'c')).map((d) => d.seconds)).toEqual([0, 12]);
  });

  it('ignores states of an earlier incarnation of the pod', () => {
    const older = history.map((s) => ({ ...s, uid: 'older' }));
    const latest = states({ state: { running: { startedAt: T(30) } } });
    expect(containerRuns([...older, ...latest], 'c').map((r) => r.startedAt)).toEqual([T(30)]);
  });
});

describe('back-off bounds', () => {
  it('allow one second early (whole seconds) and half a back-off plus 3 s late; no back-off means before the first back-off could end', () => {
    expect(backoffInterval(10)).toEqual({ minSeconds: 9, maxSeconds: 18 });
    expect(backoffInterval(20)).toEqual({ minSeconds: 19, maxSeconds: 33 });
    expect(backoffInterval(40)).toEqual({ minSeconds: 39, maxSeconds: 63 });
    expect(backoffInterval(0)).toEqual({ minSeconds: 0, maxSeconds: 8 });
    expect(backoffInterval(0).maxSeconds).toBeLessThan(backoffInterval(10).minSeconds);
  });

  it('give consecutive doubling back-offs disjoint intervals, so one back-off cannot pass for its double', () => {
    for (let b = 10; b <= 300; b *= 2) {
      expect(backoffInterval(b).maxSeconds).toBeLessThan(backoffInterval(2 * b).minSeconds);
    }
  });

  const delay = (seconds: number, after: number) => ({ after, finishedAt: '', nextStartedAt: '', seconds });

  it('accept the kubelet measured here and refuse constant, linear or missing back-off', () => {
    const ok = (measured: number[]) => checkBackoff(measured.map(delay), [0, 10, 20, 40]).every((c) => c.ok);
    expect(ok([0, 14, 21, 42])).toBe(true);
    expect(ok([1, 15, 25, 42])).toBe(true);
    expect(ok([0, 13, 21, 41])).toBe(true);
    expect(ok([0, 14, 14, 42])).toBe(false); // the second back-off did not double
    expect(ok([0, 21, 21, 42])).toBe(false); // the first back-off was 20 s
    expect(ok([10, 20, 40, 80])).toBe(false); // the first restart waited
    expect(ok([0, 10, 10, 10])).toBe(false); // constant
    expect(ok([0, 10, 20, 30])).toBe(false); // linear
    expect(ok([0, 0, 0, 0])).toBe(false); // none
  });

  it('only checks the delays that were measured', () => {
    expect(checkBackoff([delay(0, 1)], [0, 10])).toHaveLength(1);
  });
});
