/**
 * Expectations about the pod as a whole: its phase (and status.reason), conditions, the kubectl
 * STATUS / READY / RESTARTS columns, its status message and observed generation, its deletion, and
 * the states the probe scenarios hold a pod to for a window. Each mismatch reads
 * `phase: expected "Succeeded", observed "Failed"` (the caller prefixes `pod "name"`).
 */
import { ScenarioError, quote } from '../assert.ts';
import type { Expectation, PodView } from './expectation.ts';
import { FINAL_PHASES, absence, allOf, deleted, finalPhase, observedPod } from './expectation.ts';
import type { PodSnapshot } from './snapshot.ts';
import { notOlderThan } from '../checks/resource-version.ts';

/** The pod is in the phase and, when given, its own status.reason is `reason` (Evicted, DeadlineExceeded …). */
export function inPhase(phase: string, reason?: string): Expectation {
  const wanted = reason === undefined ? quote(phase) : `${quote(phase)} with reason ${quote(reason)}`;
  const seen = (s: PodSnapshot) =>
    reason === undefined ? s.phase : `${s.phase || '(none)'} with reason ${quote(s.reason)}`;
  return {
    description: reason === undefined ? phase : `${phase} with reason ${quote(reason)}`,
    holds: (v) => v.exists && v.snapshot?.phase === phase && (reason === undefined || v.snapshot.reason === reason),
    mismatch: (v) => `phase: expected ${wanted}, observed ${observedPod(v, seen)}`,
    impossible: (v) => {
      const gone = deleted(v);
      if (gone) return gone;
      const current = v.snapshot?.phase;
      if (!v.exists || !current) return undefined;
      if (current === phase) {
        // A final phase keeps its reason: a Failed pod will not become Evicted later.
        return reason !== undefined && FINAL_PHASES.has(current) && v.snapshot?.reason !== reason
          ? `the pod reached the final phase "${current}" with reason ${quote(v.snapshot?.reason)}`
          : undefined;
      }
      if (FINAL_PHASES.has(current)) return `the pod reached the final phase "${current}"`;
      if (phase === 'Pending') return `the pod left Pending for "${current}"`;
      return undefined;
    },
  };
}

/**
 * Pod condition types Kubernetes sets (v1.35). A type with a "/" or "." is a readiness gate's own
 * condition and is accepted as written; anything else unknown is a typo ("Redy") that would
 * otherwise never be found and could make a negative expectation hold vacuously.
 */
export const POD_CONDITION_TYPES = [
  'PodScheduled',
  'PodReadyToStartContainers',
  'Initialized',
  'ContainersReady',
  'Ready',
  'DisruptionTarget',
  'PodResizePending',
  'PodResizeInProgress',
] as const;

export function checkConditionType(type: string): void {
  if ((POD_CONDITION_TYPES as readonly string[]).includes(type) || /[./]/.test(type)) return;
  throw new ScenarioError(
    `unknown pod condition type "${type}"; known: ${POD_CONDITION_TYPES.join(', ')} (a readiness gate's type contains "/" or ".")`,
  );
}

/** Whether the pod exists and reports the condition at all (absent is not "False"). */
export function reportsCondition(view: PodView, type: string): boolean {
  return view.exists && !!view.snapshot?.conditions[type];
}

/**
 * The condition is reported with this status (and reason). A pod that does not exist, and a pod
 * that does not report the condition, are their own outcomes: neither satisfies "False".
 */
export function condition(type: string, status: string, reason?: string, message?: string): Expectation {
  checkConditionType(type);
  const wanted =
    quote(status) +
    (reason !== undefined ? ` with reason ${quote(reason)}` : '') +
    (message !== undefined ? ` and message ${quote(message)}` : '');
  const reported = (v: PodView) => (v.exists ? v.snapshot?.conditions[type] : undefined);
  return {
    description: `${type}=${status}${reason ? ` (${reason})` : ''}${message !== undefined ? ` ${quote(message)}` : ''}`,
    holds: (v) => {
      const c = reported(v);
      return (
        c !== undefined &&
        c.status === status &&
        (reason === undefined || c.reason === reason) &&
        (message === undefined || (c.message ?? '') === message)
      );
    },
    mismatch: (v) => {
      const c = reported(v);
      const seen = !v.exists
        ? absence(v)
        : c
          ? `${quote(c.status)}${c.reason ? ` with reason ${quote(c.reason)}` : ''}` +
            (message !== undefined ? ` and message ${quote(c.message ?? '')}` : '')
          : 'no such condition (the pod does not report it)';
      return `${type} condition: expected ${wanted}, observed ${seen}`;
    },
    impossible: (v) => deleted(v) ?? (status === 'True' ? finalPhase(v) : undefined),
    appliesTo: (v) => reportsCondition(v, type),
  };
}

export function ready(wanted: boolean): Expectation {
  const base = condition('Ready', wanted ? 'True' : 'False');
  return { ...base, description: wanted ? 'Ready' : 'not Ready' };
}

/** The STATUS column of `kubectl get pod`, as the API server prints it. */
export function printedStatus(status: string): Expectation {
  return {
    description: `STATUS ${quote(status)}`,
    holds: (v) => v.exists && v.snapshot?.printedStatus === status,
    mismatch: (v) => `STATUS: expected ${quote(status)}, observed ${observedPod(v, (s) => s.printedStatus)}`,
    impossible: deleted,
  };
}

function readyColumn(s: PodSnapshot): string {
  return `${s.containers.filter((c) => c.ready).length}/${s.containers.length}`;
}

/** The READY column: ready app containers out of all app containers. */
export function printedReady(ready: string): Expectation {
  return {
    description: `READY ${ready}`,
    holds: (v) => v.exists && !!v.snapshot && readyColumn(v.snapshot) === ready,
    mismatch: (v) => `READY: expected ${quote(ready)}, observed ${observedPod(v, readyColumn)}`,
    impossible: deleted,
  };
}

function restarts(s: PodSnapshot): number {
  return [...s.initContainers, ...s.containers].reduce((sum, c) => sum + c.restartCount, 0);
}

/** The pod's containers were restarted exactly `count` times in total (the RESTARTS column). */
export function totalRestarts(count: number): Expectation {
  const perContainer = (s: PodSnapshot) =>
    [...s.initContainers, ...s.containers].map((c) => `${c.name}: ${c.restartCount}`).join(', ');
  return {
    description: `with ${count} restart${count === 1 ? '' : 's'}`,
    holds: (v) => v.exists && !!v.snapshot && restarts(v.snapshot) === count,
    mismatch: (v) =>
      `restarts: expected ${count}, observed ${v.exists && v.snapshot ? `${restarts(v.snapshot)} (${perContainer(v.snapshot)})` : absence(v)}`,
    impossible: (v) =>
      deleted(v) ??
      (v.exists && v.snapshot && restarts(v.snapshot) > count ? 'restart counts never go down' : undefined),
  };
}

/** The `kubectl get pod` row's READY, STATUS and RESTARTS columns, as the watch's Table printing reports them. */
export function printedRow(ready: string, status: string, restarts: number): Expectation {
  return allOf(`showing READY ${ready}, STATUS ${status}, RESTARTS ${restarts}`, [
    printedReady(ready),
    printedStatus(status),
    totalRestarts(restarts),
  ]);
}

/** Every app container is running (none waiting, none terminated). */
export function allContainersRunning(): Expectation {
  return {
    description: 'with every container running',
    holds: (v) => v.exists && !!v.snapshot && v.snapshot.containers.every((c) => c.state === 'running'),
    mismatch: (v) => {
      const c = v.exists ? v.snapshot?.containers.find((x) => x.state !== 'running') : undefined;
      return c
        ? `container "${c.name}": expected "running", observed ${quote(c.state)}`
        : `containers: expected every one "running", observed ${absence(v)}`;
    },
    impossible: deleted,
  };
}

/** Ready, every container running, and exactly `count` restarts: a pod its probes leave alone. */
export function readyWithRestarts(count: number): Expectation {
  return allOf(`Ready with ${count} restart${count === 1 ? '' : 's'}`, [
    condition('Ready', 'True'),
    condition('ContainersReady', 'True'),
    allContainersRunning(),
    totalRestarts(count),
  ]);
}

/** Running and not Ready, with exactly `count` restarts: a failing readiness probe, not a liveness kill. */
export function runningNotReadyWithRestarts(count: number): Expectation {
  return allOf(`Running but not Ready, with ${count} restart${count === 1 ? '' : 's'}`, [
    inPhase('Running'),
    allContainersRunning(),
    condition('Ready', 'False'),
    condition('ContainersReady', 'False'),
    totalRestarts(count),
  ]);
}

export function gone(): Expectation {
  return {
    description: 'gone',
    holds: (v) => !v.exists,
    mismatch: (v) => `existence: expected the pod to be gone, observed it in phase ${quote(v.snapshot?.phase)}`,
    impossible: () => undefined,
  };
}

/** The pod exists with a deletionTimestamp and the given deletionGracePeriodSeconds. */
export function terminating(gracePeriodSeconds: number): Expectation {
  return {
    description: `terminating with a grace period of ${gracePeriodSeconds} s`,
    holds: (v) => {
      const m = v.exists ? v.snapshot?.pod.metadata : undefined;
      return !!m?.deletionTimestamp && m.deletionGracePeriodSeconds === gracePeriodSeconds;
    },
    mismatch: (v) => {
      const m = v.snapshot?.pod.metadata;
      const seen = v.exists
        ? `deletionTimestamp ${quote(m?.deletionTimestamp)} with deletionGracePeriodSeconds ${quote(m?.deletionGracePeriodSeconds)}`
        : absence(v);
      return `deletion: expected a deletionTimestamp with deletionGracePeriodSeconds ${gracePeriodSeconds}, observed ${seen}`;
    },
    impossible: deleted,
  };
}

/**
 * The pod's spec is at `generation` (metadata.generation, which the API server moves on every
 * spec change) and its status says the kubelet has acted on it (status.observedGeneration, set by
 * the kubelet since v1.33): evidence that the node saw an update, not just the API server.
 */
export function observedGeneration(generation: number): Expectation {
  const read = (v: PodView) => ({
    spec: v.snapshot?.pod.metadata?.generation,
    seen: v.snapshot?.pod.status?.observedGeneration,
  });
  return {
    description: `observed generation ${generation}`,
    holds: (v) => v.exists && read(v).spec === generation && read(v).seen === generation,
    mismatch: (v) => {
      const wanted = `metadata.generation ${generation} and status.observedGeneration ${generation}`;
      if (!v.exists) return `generation: expected ${wanted}, observed ${absence(v)}`;
      const { spec, seen } = read(v);
      return `generation: expected ${wanted}, observed ${quote(spec)} and ${seen === undefined ? '(none: the kubelet has not reported one)' : quote(seen)}`;
    },
    impossible: (v) => {
      const spec = read(v).spec;
      return (
        deleted(v) ?? (spec !== undefined && spec > generation ? `metadata.generation is already ${spec}` : undefined)
      );
    },
  };
}

/** The pod's own status.message (why it was evicted, why its deadline passed …) matches the pattern. */
export function statusMessageMatching(pattern: RegExp): Expectation {
  return {
    description: `a status message matching ${quote(pattern.source)}`,
    holds: (v) => v.exists && pattern.test(v.snapshot?.pod.status?.message ?? ''),
    mismatch: (v) =>
      `status message: expected to match ${quote(pattern.source)}, observed ${observedPod(v, (s) => s.pod.status?.message)}`,
    impossible: deleted,
  };
}

/** Waiting reasons after which a container of a helper pod will not start by itself. */
const CANNOT_START = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/**
 * Why a pod cannot run its containers to completion, from one observed state: unschedulable, a
 * container that cannot be created or started, or a final phase without the container's end.
 */
export function whyCannotRun(s: PodSnapshot): string | undefined {
  const scheduled = s.conditions.PodScheduled;
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return `it cannot be scheduled: ${scheduled.message ?? scheduled.reason}`;
  }
  for (const c of [...s.initContainers, ...s.containers]) {
    if (c.state === 'waiting' && c.reason && CANNOT_START.has(c.reason)) {
      return `container "${c.name}" cannot start: ${c.reason}${c.message ? `: ${c.message}` : ''}`;
    }
  }
  if (FINAL_PHASES.has(s.phase) && [...s.initContainers, ...s.containers].some((c) => c.state !== 'terminated')) {
    return `the pod reached phase "${s.phase}"${s.reason ? ` (${s.reason})` : ''} without its containers ending`;
  }
  return undefined;
}

/**
 * The recorded state carries the resourceVersion a write answered with, or a later one: the watch
 * has delivered what `what` (a patch, a status write) made.
 */
export function writtenAt(resourceVersion: string, what: string): Expectation {
  const holds = (v: PodView) => {
    const seen = v.snapshot?.resourceVersion;
    return !!seen && (notOlderThan(seen, resourceVersion) ?? seen === resourceVersion);
  };
  return {
    description: `resourceVersion ${resourceVersion} (${what}) or later`,
    holds,
    mismatch: (v) =>
      `resourceVersion: expected ${resourceVersion} or later, observed ${quote(v.snapshot?.resourceVersion)}`,
    impossible: (v) => (!v.exists && v.snapshot ? 'the pod was deleted' : undefined),
  };
}
