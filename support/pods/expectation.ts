/**
 * What a scenario expects of a pod at one moment, as a value usable in four ways: "is" (now),
 * "becomes … within D" (eventually, failing early once it has become impossible), "stays … for D"
 * (consistently) and "in every observed state". The expectations themselves are in
 * pod-expectations.ts (the pod: phase, conditions, STATUS, deletion) and
 * container-expectations.ts (one container: state, restarts, runs); this module holds their shape
 * and the rules they share, so every expectation says the same thing about the same pod.
 */
import { quote } from '../assert.ts';
import type { ContainerSnapshot, PodSnapshot } from './snapshot.ts';
import { findContainer } from './snapshot.ts';

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

/** All of them hold; the mismatch names the first that does not. */
export function allOf(description: string, parts: Expectation[]): Expectation {
  return {
    description,
    holds: (v) => parts.every((p) => p.holds(v)),
    mismatch: (v) => {
      const failing = parts.find((p) => !p.holds(v));
      return failing ? failing.mismatch(v) : 'all parts hold';
    },
    impossible: (v) => parts.map((p) => p.impossible(v)).find(Boolean),
  };
}

export const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

/** The one thing said of a pod that is not there: seen and then deleted, or never seen at all. */
export function absence(view: PodView): string {
  return view.snapshot ? 'the pod was deleted' : 'no such pod';
}

/** A pod that was seen and then deleted will not reach any state again. */
export function deleted(view: PodView): string | undefined {
  return !view.exists && view.snapshot ? absence(view) : undefined;
}

/** A pod in Succeeded or Failed runs nothing again. */
export function finalPhase(view: PodView): string | undefined {
  const phase = view.snapshot?.phase;
  return view.exists && phase && FINAL_PHASES.has(phase) ? `the pod reached the final phase "${phase}"` : undefined;
}

/** What was observed of the existing pod (quoted), or why there is nothing to observe. */
export function observedPod(view: PodView, read: (s: PodSnapshot) => unknown): string {
  if (!view.exists || !view.snapshot) return absence(view);
  return quote(read(view.snapshot));
}

/** The container in the existing pod's latest state (undefined for a pod that is not there). */
export function containerOf(view: PodView, name: string): ContainerSnapshot | undefined {
  return view.exists && view.snapshot ? findContainer(view.snapshot, name) : undefined;
}

/** Why the container will never be observed: the pod was deleted, or it exists without one of that name. */
export function noSuchContainer(view: PodView, name: string): string | undefined {
  return (
    deleted(view) ?? (view.exists && !containerOf(view, name) ? `the pod has no container named "${name}"` : undefined)
  );
}

/** What was observed of the container, or why there is nothing to observe (no pod, no such container). */
export function observedContainer(view: PodView, name: string, read: (c: ContainerSnapshot) => string): string {
  if (!view.exists || !view.snapshot) return absence(view);
  const c = containerOf(view, name);
  return c ? read(c) : 'no such container';
}
