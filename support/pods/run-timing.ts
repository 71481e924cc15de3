/**
 * Timings of container runs on the cluster's own clock (whole seconds): how long after the pod
 * started (status.startTime, when the kubelet accepted it) a container finished, which is what
 * activeDeadlineSeconds bounds; and the delay before the latest run, which a back-off governs.
 */
import { fail } from '../assert.ts';
import type { RestartDelay } from './runs.ts';
import { containerRuns, restartDelays } from './runs.ts';
import type { PodSnapshot } from './snapshot.ts';
import { describeSnapshot, findContainer } from './snapshot.ts';

export interface FinishAfterStart {
  seconds: number;
  startTime: string;
  finishedAt: string;
  exitCode?: number;
  reason?: string;
}

/** status.startTime to the container's finishedAt, from the pod's latest state that reports both. */
export function finishedAfterPodStart(states: PodSnapshot[], pod: string, container: string): FinishAfterStart {
  const last = [...states].reverse().find((s) => {
    const c = findContainer(s, container);
    return c?.state === 'terminated' && c.finishedAt && s.pod.status?.startTime;
  });
  if (!last) {
    const now = states.at(-1);
    fail(
      `container "${container}" of pod "${pod}": expected a recorded state with the container terminated and the pod's startTime, observed none`,
      now ? `last state: ${describeSnapshot(now)}` : undefined,
    );
  }
  const c = findContainer(last, container);
  const startTime = last.pod.status?.startTime ?? '';
  const finishedAt = c?.finishedAt ?? '';
  return {
    seconds: (Date.parse(finishedAt) - Date.parse(startTime)) / 1000,
    startTime,
    finishedAt,
    exitCode: c?.exitCode,
    reason: c?.reason,
  };
}

/** The delay between the end of the run before the latest one and the latest run's start. */
export function latestRestartDelay(states: PodSnapshot[], pod: string, container: string): RestartDelay {
  const runs = containerRuns(states, container);
  const delays = restartDelays(runs);
  const latest = delays.at(-1);
  if (!latest || latest.after !== runs.length - 1) {
    fail(
      `container "${container}" of pod "${pod}": expected a latest run after an ended one, observed ${runs.length} recorded run(s)`,
      runs.map((r) => `run ${r.number}: ${r.startedAt} → ${r.finishedAt ?? 'running'}`).join('\n') || undefined,
    );
  }
  return latest;
}
