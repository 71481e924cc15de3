/**
 * How long a postStart hook held a container back, from the cluster's timestamps: the kubelet
 * reports the container Running (and so the pod Ready, without a readiness probe) only once the
 * hook has returned, while `startedAt` is when the runtime started the process, before the hook.
 * Both are whole seconds, truncated, so a hook of at least N s gives a measured delay of at least
 * N s (whole N), and the check cannot fail for a hook that really held the container N s.
 */
import { fail } from '../assert.ts';
import type { Duration } from '../duration.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { readyStates } from '../probes/measurements.ts';

export interface ReadyDelay {
  startedAt: string;
  readyAt: string;
  seconds: number;
}

/** From the container's startedAt to the first observed Ready=True (before any restart). */
export function readyDelayAfterStart(states: PodSnapshot[], pod: string, container: string): ReadyDelay {
  const first = readyStates(states, container)[0];
  if (!first?.containerStartedAt) {
    fail(
      `pod "${pod}": expected an observed state with Ready=True and container "${container}" started, observed none`,
    );
  }
  const seconds = (Date.parse(first.at) - Date.parse(first.containerStartedAt)) / 1000;
  return { startedAt: first.containerStartedAt, readyAt: first.at, seconds };
}

export function expectReadyAtLeastAfterStart(
  states: PodSnapshot[],
  pod: string,
  container: string,
  minimum: Duration,
): ReadyDelay {
  const delay = readyDelayAfterStart(states, pod, container);
  if (delay.seconds < minimum.ms / 1000) {
    fail(
      `pod "${pod}" Ready after container "${container}" started: expected at least ${minimum.text}, observed ${delay.seconds} s`,
      `container startedAt ${delay.startedAt}, Ready lastTransitionTime ${delay.readyAt}`,
    );
  }
  return delay;
}
