import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import { finishedAfterPodStart, latestRestartDelay } from '../support/pods/run-timing.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';
import { snapshotOf } from '../support/pods/snapshot.ts';
import type { PodSpec } from './fakes.ts';
import { pod } from './fakes.ts';

function timeline(...specs: (PodSpec & { startTime?: string })[]): PodSnapshot[] {
  return specs.map((spec, i) => {
    const o = pod(spec);
    if (spec.startTime && o.pod.status) o.pod.status.startTime = spec.startTime;
    return snapshotOf(o.pod, { seq: i + 1, via: 'MODIFIED' });
  });
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('.000Z', 'Z');

describe('a container finished after the pod started', () => {
  it('measures startTime to finishedAt from the latest state that reports both', () => {
    const states = timeline(
      { rv: '1', startTime: at(0), apps: [{ name: 'main', state: { running: at(1) } }] },
      {
        rv: '2',
        startTime: at(0),
        phase: 'Failed',
        apps: [{ name: 'main', state: { terminated: 137, startedAt: at(1), finishedAt: at(17) } }],
      },
    );
    expect(finishedAfterPodStart(states, 'p', 'main')).toEqual({
      seconds: 17,
      startTime: at(0),
      finishedAt: at(17),
      exitCode: 137,
      reason: 'Error',
    });
  });

  it('fails while the container has not finished', () => {
    const states = timeline({ rv: '1', startTime: at(0), apps: [{ name: 'main', state: { running: at(1) } }] });
    expect(() => finishedAfterPodStart(states, 'p', 'main')).toThrow(ConformanceAssertionError);
  });
});

describe('the latest restart delay', () => {
  it('is the gap between the run before the latest one and the latest run', () => {
    const states = timeline(
      { rv: '1', apps: [{ name: 'c', state: { terminated: 1, startedAt: at(0), finishedAt: at(1) } }] },
      { rv: '2', apps: [{ name: 'c', state: { running: at(1) }, restarts: 1, lastExit: 1, lastRun: [at(0), at(1)] }] },
      { rv: '3', apps: [{ name: 'c', state: { terminated: 1, startedAt: at(1), finishedAt: at(2) }, restarts: 1 }] },
      { rv: '4', apps: [{ name: 'c', state: { running: at(6) }, restarts: 2, lastExit: 1, lastRun: [at(1), at(2)] }] },
    );
    expect(latestRestartDelay(states, 'p', 'c')).toEqual({
      after: 2,
      finishedAt: at(2),
      nextStartedAt: at(6),
      seconds: 4,
    });
  });

  it('fails when the latest run has not followed an ended one', () => {
    const states = timeline({
      rv: '1',
      apps: [{ name: 'c', state: { terminated: 1, startedAt: at(0), finishedAt: at(1) } }],
    });
    expect(() => latestRestartDelay(states, 'p', 'c')).toThrow(
      /expected a latest run after an ended one, observed 1 recorded run/,
    );
  });
});
