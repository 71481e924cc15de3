/**
 * What a scenario expects of a pod at one moment, usable in three ways: "is" (now), "becomes …
 * within D" (eventually) and "stays … for D" (consistently). Each expectation can say what it
 * observed instead, in the form `phase: expected "Succeeded", observed "Failed"`, and, where
 * it can, that it has become impossible (a final phase, a deleted pod) so waits fail at once.
 */
import { ScenarioError, quote } from '../assert.ts';
import type { ContainerSnapshot, PodSnapshot } from './snapshot.ts';
import { describeContainer, findContainer } from './snapshot.ts';

/** The pod as the recorder knows it: absent (never seen or deleted) or its latest state. */
export interface PodView {
  exists: boolean;
  /** Latest state; for a deleted pod, its state when it was deleted. */
  snapshot?: PodSnapshot;
}

export interface Expectation {
  /** The state, read after "reached"/"stayed"/"is": `Ready`, `Pending`, `STATUS "Init:1/2"`, `running`. */
  readonly description: string;
  /** Set when the expectation is about one container rather than the pod. */
  readonly container?: string;
  holds(view: PodView): boolean;
  /** `phase: expected "Pending", observed "Running"` (the caller prefixes `pod "name"`). */
  mismatch(view: PodView): string;
  /** Why the expectation can no longer come true, if it cannot. */
  impossible(view: PodView): string | undefined;
  /**
   * Whether a state reports what the expectation is about (a condition the kubelet has not yet
   * reported, say). "In every observed state" skips the states it does not apply to and fails
   * when none is left; waits ignore it (a state without the condition does not satisfy them).
   */
  appliesTo?(view: PodView): boolean;
}

/** `pod "p"` or `container "c" of pod "p"`: who the expectation is about, for messages. */
export function subjectOf(e: Expectation, pod: string): string {
  return e.container ? `container "${e.container}" of pod "${pod}"` : `pod "${pod}"`;
}

const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

/** Shared rule: a pod that was seen and then deleted will not reach any state again. */
function deleted(view: PodView): string | undefined {
  return !view.exists && view.snapshot ? 'the pod was deleted' : undefined;
}

function finalPhase(view: PodView): string | undefined {
  const phase = view.snapshot?.phase;
  return view.exists && phase && FINAL_PHASES.has(phase) ? `the pod reached the final phase "${phase}"` : undefined;
}

function observedPod(view: PodView, read: (s: PodSnapshot) => unknown): string {
  if (!view.exists) return view.snapshot ? 'the pod was deleted' : 'no such pod';
  return quote(view.snapshot ? read(view.snapshot) : undefined);
}

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
export function condition(type: string, status: string, reason?: string): Expectation {
  checkConditionType(type);
  const wanted = reason ? `${quote(status)} with reason ${quote(reason)}` : quote(status);
  return {
    description: `${type}=${status}${reason ? ` (${reason})` : ''}`,
    holds: (v) => {
      const c = v.exists ? v.snapshot?.conditions[type] : undefined;
      return c !== undefined && c.status === status && (reason === undefined || c.reason === reason);
    },
    mismatch: (v) => {
      if (!v.exists) return `${type} condition: expected ${wanted}, observed ${observedPod(v, () => '')}`;
      const c = v.snapshot?.conditions[type];
      const seen = c
        ? `${quote(c.status)}${c.reason ? ` with reason ${quote(c.reason)}` : ''}`
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

export function printedStatus(status: string): Expectation {
  return {
    description: `STATUS ${quote(status)}`,
    holds: (v) => v.exists && v.snapshot?.printedStatus === status,
    mismatch: (v) => `STATUS: expected ${quote(status)}, observed ${observedPod(v, (s) => s.printedStatus)}`,
    impossible: deleted,
  };
}

export function gone(): Expectation {
  return {
    description: 'gone',
    holds: (v) => !v.exists,
    mismatch: (v) => `existence: expected the pod to be gone, observed it in phase ${quote(v.snapshot?.phase)}`,
    impossible: () => undefined,
  };
}

export type ContainerState =
  | { state: 'waiting'; reason?: string }
  | { state: 'running' }
  | { state: 'terminated'; exitCode?: number; reason?: string; message?: string }
  | { state: 'ready' | 'not ready' };

export function describeContainerState(s: ContainerState): string {
  switch (s.state) {
    case 'waiting':
      return s.reason ? `waiting with reason ${quote(s.reason)}` : 'waiting';
    case 'terminated': {
      const parts = [
        s.reason !== undefined ? `reason ${quote(s.reason)}` : undefined,
        s.exitCode !== undefined ? `exit code ${s.exitCode}` : undefined,
        s.message !== undefined ? `message ${quote(s.message)}` : undefined,
      ].filter(Boolean);
      return parts.length ? `terminated with ${parts.join(' and ')}` : 'terminated';
    }
    default:
      return s.state;
  }
}

export type Termination = { exitCode?: number; reason?: string; message?: string };

/** The termination message must contain the expected text (a log tail or a file may hold more). */
function terminationMatches(t: Termination, s: Termination): boolean {
  return (
    (s.exitCode === undefined || t.exitCode === s.exitCode) &&
    (s.reason === undefined || t.reason === s.reason) &&
    (s.message === undefined || (t.message ?? '').includes(s.message))
  );
}

function describeTermination(t: Termination): string {
  const parts = [t.reason ?? '(no reason)', `exit ${t.exitCode ?? '?'}`];
  if (t.message) parts.push(`message ${quote(t.message.trimEnd())}`);
  return parts.join(' ');
}

function containerMatches(c: ContainerSnapshot, s: ContainerState): boolean {
  switch (s.state) {
    case 'waiting':
      return c.state === 'waiting' && (s.reason === undefined || c.reason === s.reason);
    case 'running':
      return c.state === 'running';
    case 'terminated':
      return c.state === 'terminated' && terminationMatches(c, s);
    case 'ready':
      return c.ready;
    case 'not ready':
      return !c.ready;
  }
}

export function containerIn(name: string, wanted: ContainerState): Expectation {
  const expected = describeContainerState(wanted);
  return {
    description: expected,
    container: name,
    holds: (v) => {
      const c = v.exists && v.snapshot ? findContainer(v.snapshot, name) : undefined;
      return c !== undefined && containerMatches(c, wanted);
    },
    mismatch: (v) => {
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      const described = c && (c.state === 'terminated' ? `terminated ${describeTermination(c)}` : describeContainer(c));
      const seen = !v.exists ? observedPod(v, () => '') : described ? quote(described) : 'no such container';
      return `container "${name}": expected ${quote(expected)}, observed ${seen}`;
    },
    impossible: (v) => {
      const gone = deleted(v);
      if (gone) return gone;
      if (v.snapshot && !findContainer(v.snapshot, name)) return `the pod has no container named "${name}"`;
      if (wanted.state === 'running' || wanted.state === 'ready') return finalPhase(v);
      // In a final phase nothing runs again: a container that ended otherwise stays so.
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      const final = finalPhase(v);
      return final && c && !containerMatches(c, wanted) ? final : undefined;
    },
  };
}

export function restartsAtLeast(name: string, count: number): Expectation {
  return {
    description: `${count} restarts`,
    container: name,
    holds: (v) => {
      const c = v.exists && v.snapshot ? findContainer(v.snapshot, name) : undefined;
      return (c?.restartCount ?? -1) >= count;
    },
    mismatch: (v) => {
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      return `container "${name}" restartCount: expected at least ${count}, observed ${c ? c.restartCount : 'no such container'}`;
    },
    impossible: (v) => deleted(v) ?? finalPhase(v),
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

/** The container has run and ended (any exit code); fails at once when the pod cannot run it. */
export function runsToCompletion(name: string): Expectation {
  const base = containerIn(name, { state: 'terminated' });
  return {
    ...base,
    description: 'terminated (run to completion)',
    impossible: (v) => base.impossible(v) ?? (v.exists && v.snapshot ? whyCannotRun(v.snapshot) : undefined),
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
      if (!v.exists) return `observedGeneration: expected ${generation}, observed ${observedPod(v, () => '')}`;
      const { spec, seen } = read(v);
      return `generation: expected metadata.generation ${generation} and status.observedGeneration ${generation}, observed ${quote(spec)} and ${seen === undefined ? '(none: the kubelet has not reported one)' : quote(seen)}`;
    },
    impossible: (v) => {
      const spec = read(v).spec;
      return (
        deleted(v) ?? (spec !== undefined && spec > generation ? `metadata.generation is already ${spec}` : undefined)
      );
    },
  };
}

/** The container's previous run (status.lastState.terminated) ended as described. */
export function previousRunIn(name: string, wanted: Termination): Expectation {
  const expected = describeContainerState({ state: 'terminated', ...wanted });
  return {
    description: `a previous run ${expected}`,
    container: name,
    holds: (v) => {
      const last = v.exists && v.snapshot ? findContainer(v.snapshot, name)?.lastTerminated : undefined;
      return last !== undefined && terminationMatches(last, wanted);
    },
    mismatch: (v) => {
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      if (!v.exists) return `previous run of container "${name}": ${observedPod(v, () => '')}`;
      if (!c) return `container "${name}": expected in the pod, observed no such container`;
      const seen = c.lastTerminated ? `terminated ${describeTermination(c.lastTerminated)}` : 'no previous run';
      return `previous run of container "${name}": expected ${quote(expected)}, observed ${quote(seen)}`;
    },
    impossible: (v) => deleted(v) ?? finalPhase(v),
  };
}

export function restartsExactly(name: string, count: number): Expectation {
  return {
    description: `${count} restart${count === 1 ? '' : 's'}`,
    container: name,
    holds: (v) => {
      const c = v.exists && v.snapshot ? findContainer(v.snapshot, name) : undefined;
      return c !== undefined && c.restartCount === count;
    },
    mismatch: (v) => {
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      const seen = !v.exists ? observedPod(v, () => '') : c ? String(c.restartCount) : 'no such container';
      return `container "${name}" restartCount: expected exactly ${count}, observed ${seen}`;
    },
    impossible: (v) => {
      const gone = deleted(v);
      if (gone) return gone;
      const c = v.snapshot ? findContainer(v.snapshot, name) : undefined;
      if (c && c.restartCount > count) return `restartCount is already ${c.restartCount} and never goes down`;
      return c && c.restartCount < count ? finalPhase(v) : undefined;
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
