/**
 * Timings read from a pod's recorded history, all from the cluster's own timestamps: a run's
 * startedAt/finishedAt, a condition's lastTransitionTime. The history matters: by the time a
 * step reads the pod, `lastState` may already describe a later run, so the first run is taken
 * from the state that reported the first restart.
 */
import { fail } from '../assert.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { reportsFirstRun } from '../pods/runs.ts';
import { findContainer, latestIncarnation } from '../pods/snapshot.ts';

export interface Run {
  startedAt: string;
  finishedAt: string;
  exitCode?: number;
  reason?: string;
}

/**
 * The container's first run, from the earliest observed state that reports restartCount 1 with
 * the run's times. States with restartCount 1 but no times are skipped: the kubelet can report a
 * restart before it reports the run that ended (a lastState without startedAt/finishedAt, such as
 * its ContainerStatusUnknown placeholder for a container the runtime did not list), and one full
 * run of the probe suite under load once saw only such a state when the step read the history.
 */
export function firstRun(states: PodSnapshot[], pod: string, container: string): Run {
  const uid = states.at(-1)?.uid;
  let maxSeen = 0;
  for (const s of states) {
    if (s.uid !== uid) continue;
    const c = findContainer(s, container);
    if (!c) continue;
    maxSeen = Math.max(maxSeen, c.restartCount);
    const last = c.lastTerminated;
    if (reportsFirstRun(s, container) && last?.startedAt && last.finishedAt) {
      return { startedAt: last.startedAt, finishedAt: last.finishedAt, exitCode: last.exitCode, reason: last.reason };
    }
  }
  if (maxSeen === 0) {
    fail(
      `container "${container}" of pod "${pod}" first run: expected a restart, observed restartCount 0 in every state`,
    );
  }
  const reported = states
    .filter((s) => s.uid === uid && (findContainer(s, container)?.restartCount ?? 0) >= 1)
    .map(
      (s) => `state #${s.seq}: ${JSON.stringify(s.pod.status?.containerStatuses?.find((c) => c.name === container))}`,
    );
  return fail(
    `container "${container}" of pod "${pod}" first run: expected a state reporting restartCount 1 with its lastState, observed none (highest restartCount seen: ${maxSeen})`,
    reported.slice(0, 5).join('\n'),
  );
}

export interface ReadyTransition {
  /** Ready condition lastTransitionTime. */
  at: string;
  /** The container's startedAt in the same state. */
  containerStartedAt?: string;
  snapshot: PodSnapshot;
}

/**
 * Every observed state (of the latest incarnation, before any restart of the container) in which
 * the pod was Ready, earliest first. Strict: a Ready that flickered early shows up here even if
 * the pod is Ready later for good.
 */
export function readyStates(states: PodSnapshot[], container: string): ReadyTransition[] {
  const found: ReadyTransition[] = [];
  for (const s of latestIncarnation(states)) {
    const ready = s.conditions.Ready;
    const c = findContainer(s, container);
    if (ready?.status !== 'True' || !ready.lastTransitionTime || (c?.restartCount ?? 0) > 0) continue;
    found.push({ at: ready.lastTransitionTime, containerStartedAt: c?.startedAt, snapshot: s });
  }
  return found;
}

/** The first state, after the pod had been Ready, in which it was not: the time it turned not Ready. */
export function notReadyAfterReady(states: PodSnapshot[]): { at: string; snapshot: PodSnapshot } | undefined {
  let wasReady = false;
  for (const s of latestIncarnation(states)) {
    const ready = s.conditions.Ready;
    if (ready?.status === 'True') wasReady = true;
    else if (wasReady && ready?.status === 'False' && ready.lastTransitionTime) {
      return { at: ready.lastTransitionTime, snapshot: s };
    }
  }
  return undefined;
}
