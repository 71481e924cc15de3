import { describe, expect, it } from 'vitest';
import type { PodJson } from '../support/kube/json.ts';
import {
  DEFAULT_GRACE_SECONDS,
  PROBE_DEFAULTS,
  decisionWindows,
  indiscriminate,
  describeInterval,
  killGraceSeconds,
  livenessDecisionWindow,
  livenessRestartDelay,
  probeOf,
  readinessDecisionWindow,
  readinessFailureDelay,
  readinessStartDelay,
  secondsBetween,
  settingsOf,
  shift,
  within,
} from '../support/probes/windows.ts';

const settings = (over: Partial<ReturnType<typeof settingsOf>> = {}) => ({ ...settingsOf({}), ...over });

describe('probe settings', () => {
  it('fill in the documented defaults where the object says nothing', () => {
    expect(settingsOf({})).toEqual({
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(settingsOf({ periodSeconds: 5, initialDelaySeconds: 5 })).toMatchObject({
      periodSeconds: 5,
      initialDelaySeconds: 5,
    });
  });

  it('take the kill grace from the probe, else the pod, else 30 s', () => {
    const pod: PodJson = { spec: { containers: [], terminationGracePeriodSeconds: 1 } };
    expect(killGraceSeconds(pod, { terminationGracePeriodSeconds: 7 })).toBe(7);
    expect(killGraceSeconds(pod, {})).toBe(1);
    expect(killGraceSeconds({ spec: { containers: [] } }, {})).toBe(DEFAULT_GRACE_SECONDS);
  });

  it('find a probe by container and kind, in init and app containers', () => {
    const pod: PodJson = {
      spec: {
        initContainers: [{ name: 'side', startupProbe: { periodSeconds: 2 } }],
        containers: [{ name: 'app', livenessProbe: { periodSeconds: 5 } }],
      },
    };
    expect(probeOf(pod, 'app', 'liveness')?.periodSeconds).toBe(5);
    expect(probeOf(pod, 'side', 'startup')?.periodSeconds).toBe(2);
    expect(probeOf(pod, 'app', 'readiness')).toBeUndefined();
    expect(probeOf(pod, 'nope', 'liveness')).toBeUndefined();
  });
});

describe('derived bounds', () => {
  it('liveness restart delay: (f − 1)·p − 2 s … (f + 1)·p + grace + 5 s', () => {
    const i = livenessRestartDelay(settings({ periodSeconds: 5 }), 1);
    expect([i.minSeconds, i.maxSeconds]).toEqual([8, 26]);
    expect(i.derivation).toBe('(failureThreshold 3 − 1) × period 5 s − 2 s … (3 + 1) × 5 s + grace 1 s + margin 5 s');
  });

  it('a failureThreshold of 1 gives no negative lower bound below the slack', () => {
    const i = livenessRestartDelay(settings({ failureThreshold: 1, periodSeconds: 3 }), 0);
    expect([i.minSeconds, i.maxSeconds]).toEqual([-2, 11]);
  });

  it('readiness failure delay has no grace', () => {
    const i = readinessFailureDelay(settings({ periodSeconds: 3 }));
    expect([i.minSeconds, i.maxSeconds]).toEqual([4, 17]);
  });

  it('readiness start delay: exactly initialDelay at the earliest, successThreshold periods plus margin at the latest', () => {
    const i = readinessStartDelay(settings({ initialDelaySeconds: 10, periodSeconds: 2 }));
    expect([i.minSeconds, i.maxSeconds]).toEqual([10, 17]);
    const twice = readinessStartDelay(settings({ initialDelaySeconds: 10, periodSeconds: 2, successThreshold: 2 }));
    expect(twice.maxSeconds).toBe(19);
  });

  it('decision windows cover the initial delay, one spare period, the grace and the margin', () => {
    expect(livenessDecisionWindow(settings({ initialDelaySeconds: 5, periodSeconds: 5 }), 1).seconds).toBe(31);
    expect(readinessDecisionWindow(settings({ initialDelaySeconds: 1, periodSeconds: 3 })).seconds).toBe(18);
    // A readiness probe that needs more successes than failures takes longer to decide.
    expect(readinessDecisionWindow(settings({ periodSeconds: 2, successThreshold: 5 })).seconds).toBe(17);
  });

  it('shift an interval by a base time and keep the derivation readable', () => {
    const i = shift(livenessRestartDelay(settings({ periodSeconds: 5 }), 1), 30, 'failing from');
    expect([i.minSeconds, i.maxSeconds]).toEqual([38, 56]);
    expect(describeInterval(i)).toMatch(/^38 s … 56 s \(failing from 30 s \+ \[/);
  });

  it('test membership inclusively', () => {
    const i = { minSeconds: 8, maxSeconds: 26, derivation: '' };
    expect([7.9, 8, 26, 26.1].map((s) => within(i, s))).toEqual([false, true, true, false]);
  });

  it('measure between cluster timestamps in seconds, and refuse unreadable ones', () => {
    expect(secondsBetween('2026-11-23T02:28:11Z', '2026-11-23T02:28:58Z')).toBe(47);
    expect(() => secondsBetween('', '2026-11-23T02:28:58Z')).toThrow(/cannot read timestamps/);
  });
});

describe('decision windows of a pod', () => {
  const pod: PodJson = {
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: 'a', livenessProbe: { initialDelaySeconds: 5, periodSeconds: 5 } },
        { name: 'b', livenessProbe: { periodSeconds: 3, terminationGracePeriodSeconds: 10 }, readinessProbe: {} },
        { name: 'c' },
      ],
    },
  };

  it('list every container with a probe of the kind, with its own grace', () => {
    expect(decisionWindows(pod, 'liveness').map((w) => [w.container, w.seconds])).toEqual([
      ['a', 31],
      ['b', 27],
    ]);
    expect(decisionWindows(pod, 'readiness')).toEqual([
      {
        container: 'b',
        seconds: 45,
        derivation: 'initialDelay 0 s + (max(failureThreshold 3, successThreshold 1) + 1) × period 10 s + margin 5 s',
      },
    ]);
  });
});

describe('a timing check discriminates only when the alternative start falls outside it', () => {
  const interval = readinessFailureDelay({ ...PROBE_DEFAULTS, periodSeconds: 3, failureThreshold: 3 });
  it('refuses a timeline that fits inside its own tolerance (PROBE-08 as it was: failing ~10 s after the start)', () => {
    expect(interval).toMatchObject({ minSeconds: 4, maxSeconds: 17 });
    expect(indiscriminate(interval, 10)).toMatch(
      /also within 4 s … 17 s: the check cannot tell "after the failure" from "after the start"/,
    );
    expect(indiscriminate(interval, 4)).toBeDefined();
  });
  it('accepts a pod that stayed healthy longer than the upper bound before failing', () => {
    expect(indiscriminate(interval, 27)).toBeUndefined();
  });
});
