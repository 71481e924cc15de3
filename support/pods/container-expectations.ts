/**
 * Expectations about one container of a pod: its state (waiting, running, terminated, ready), its
 * restart count, its previous run and its first run. Each mismatch names the container:
 * `container "app": expected "running", observed "waiting CrashLoopBackOff"`.
 */
import { quote } from '../assert.ts';
import type { Expectation } from './expectation.ts';
import { containerOf, deleted, finalPhase, noSuchContainer, observedContainer } from './expectation.ts';
import { whyCannotRun } from './pod-expectations.ts';
import { reportsFirstRun } from './runs.ts';
import type { ContainerSnapshot } from './snapshot.ts';
import { describeContainer, findContainer } from './snapshot.ts';

export type ContainerState =
  | { state: 'waiting'; reason?: string }
  | { state: 'running' }
  | { state: 'terminated'; exitCode?: number; reason?: string; message?: string }
  | { state: 'ready' | 'not ready' };

export type Termination = { exitCode?: number; reason?: string; message?: string };

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
  const described = (c: ContainerSnapshot) =>
    quote(c.state === 'terminated' ? `terminated ${describeTermination(c)}` : describeContainer(c));
  return {
    description: expected,
    container: name,
    holds: (v) => {
      const c = containerOf(v, name);
      return c !== undefined && containerMatches(c, wanted);
    },
    mismatch: (v) =>
      `container "${name}": expected ${quote(expected)}, observed ${observedContainer(v, name, described)}`,
    impossible: (v) => {
      const missing = noSuchContainer(v, name);
      if (missing) return missing;
      const c = containerOf(v, name);
      if (wanted.state === 'running' || wanted.state === 'ready') return finalPhase(v);
      // In a final phase nothing runs again: a container that ended otherwise stays so.
      const final = finalPhase(v);
      return final && c && !containerMatches(c, wanted) ? final : undefined;
    },
    // "In every observed state" counts the states that report the container at all.
    appliesTo: (v) => (containerOf(v, name)?.state ?? 'none') !== 'none',
  };
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

export function restartsAtLeast(name: string, count: number): Expectation {
  return {
    description: `${count} restarts`,
    container: name,
    holds: (v) => (containerOf(v, name)?.restartCount ?? -1) >= count,
    mismatch: (v) =>
      `container "${name}" restartCount: expected at least ${count}, observed ${observedContainer(v, name, (c) => String(c.restartCount))}`,
    impossible: (v) => deleted(v) ?? finalPhase(v),
  };
}

export function restartsExactly(name: string, count: number): Expectation {
  return {
    description: `${count} restart${count === 1 ? '' : 's'}`,
    container: name,
    holds: (v) => containerOf(v, name)?.restartCount === count,
    mismatch: (v) =>
      `container "${name}" restartCount: expected exactly ${count}, observed ${observedContainer(v, name, (c) => String(c.restartCount))}`,
    impossible: (v) => {
      const gone = deleted(v);
      if (gone) return gone;
      const c = containerOf(v, name);
      if (c && c.restartCount > count) return `restartCount is already ${c.restartCount} and never goes down`;
      return c && c.restartCount < count ? finalPhase(v) : undefined;
    },
  };
}

/** The container's previous run (status.lastState.terminated) ended as described. */
export function previousRunIn(name: string, wanted: Termination): Expectation {
  const expected = describeContainerState({ state: 'terminated', ...wanted });
  const previous = (c: ContainerSnapshot) =>
    quote(c.lastTerminated ? `terminated ${describeTermination(c.lastTerminated)}` : 'no previous run');
  return {
    description: `a previous run ${expected}`,
    container: name,
    holds: (v) => {
      const last = containerOf(v, name)?.lastTerminated;
      return last !== undefined && terminationMatches(last, wanted);
    },
    mismatch: (v) =>
      `previous run of container "${name}": expected ${quote(expected)}, observed ${observedContainer(v, name, previous)}`,
    impossible: (v) => deleted(v) ?? finalPhase(v),
  };
}

/**
 * The container's first run has been reported with its times (or the container is already past
 * it, in which case the recorded history has to hold it). A deleted pod's last state counts: the
 * history, not the live pod, is what the first run is read from.
 */
export function firstRunReported(name: string): Expectation {
  const seen = (c: ContainerSnapshot) =>
    `restartCount ${c.restartCount}, lastState ${JSON.stringify(c.lastTerminated ?? null)}`;
  return {
    description: `reporting the first run of container "${name}"`,
    holds: (v) =>
      !!v.snapshot && (reportsFirstRun(v.snapshot, name) || (findContainer(v.snapshot, name)?.restartCount ?? 0) > 1),
    mismatch: (v) =>
      `container "${name}": expected restartCount 1 with the first run's startedAt and finishedAt, observed ${observedContainer(v, name, seen)}`,
    impossible: deleted,
  };
}

/**
 * The container is terminated and its termination message (what the kubelet copied from its
 * terminationMessagePath, or the log tail with FallbackToLogsOnError) is exactly `text`, "" for
 * none. The "terminated with … message" state asks only that the message contain a text, which
 * cannot say that a message is empty or holds nothing else.
 */
export function terminationMessage(name: string, text: string): Expectation {
  const message = (c: ContainerSnapshot) =>
    c.state === 'terminated' ? quote(c.message ?? '') : `none yet (container ${describeContainer(c)})`;
  const matches = (c: ContainerSnapshot | undefined) => c?.state === 'terminated' && (c.message ?? '') === text;
  return {
    description: `terminated with the termination message ${quote(text)}`,
    container: name,
    holds: (v) => matches(containerOf(v, name)),
    mismatch: (v) =>
      `container "${name}": termination message: expected ${quote(text)}, observed ${observedContainer(v, name, message)}`,
    impossible: (v) => {
      const missing = noSuchContainer(v, name);
      if (missing) return missing;
      const c = containerOf(v, name);
      // In a final phase nothing runs again: a container that ended with another message keeps it.
      const final = finalPhase(v);
      return final && c?.state === 'terminated' && !matches(c) ? final : undefined;
    },
  };
}
