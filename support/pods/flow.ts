/**
 * The creation flow as the scenario's own watch saw it (opened before the create): the API
 * server stores the pod unbound (ADDED without nodeName), something binds it (nodeName set, and
 * it never changes afterwards), then the kubelet reports the conditions True in order. Only watch
 * events count: a state that came from a list or after a gap (relist) could hide what happened in
 * between, so an order built on it is reported as unproven, never as passed.
 */
import { ConformanceAssertionError } from '../assert.ts';
import type { PodSnapshot } from './snapshot.ts';
import { describeSnapshot } from './snapshot.ts';

function failure(pod: string, message: string, states: PodSnapshot[]): ConformanceAssertionError {
  return new ConformanceAssertionError(
    `pod "${pod}" creation as watched: ${message}`,
    [`observed states (${states.length}):`, ...states.slice(0, 20).map((s) => `  ${describeSnapshot(s)}`)].join('\n'),
  );
}

/** The states of the first incarnation of the pod (a re-created pod has a new uid). */
function firstIncarnation(pod: string, states: PodSnapshot[]): PodSnapshot[] {
  const first = states[0];
  if (!first) throw failure(pod, 'expected the watch to record the pod, observed no state (was it created?)', states);
  if (first.via !== 'ADDED') {
    throw failure(
      pod,
      `expected its first recorded state to be an ADDED watch event, observed "${first.via}" (the watch did not see the creation)`,
      states,
    );
  }
  return states.filter((s) => s.uid === first.uid);
}

const trueConditions = (s: PodSnapshot) => Object.keys(s.conditions).filter((t) => s.conditions[t]?.status === 'True');

/** Once bound, the node never changes; returns the index of the first bound state. */
function boundIndex(pod: string, states: PodSnapshot[]): number {
  const index = states.findIndex((s) => !!s.nodeName);
  if (index < 0) throw failure(pod, 'expected it to be bound to a node, observed no state with spec.nodeName', states);
  const node = states[index]?.nodeName;
  const moved = states.slice(index).find((s) => s.nodeName !== node);
  if (moved) {
    throw failure(
      pod,
      `expected it to stay on node "${node}", observed state #${moved.seq} on "${moved.nodeName ?? '(none)'}"`,
      states,
    );
  }
  return index;
}

/** ADDED without a node, bound later by another write, and nothing True while unbound. */
export function expectAddedUnboundThenBound(pod: string, all: PodSnapshot[]): { node: string; bindSeq: number } {
  const states = firstIncarnation(pod, all);
  const first = states[0]!;
  if (first.nodeName) {
    throw failure(pod, `expected it ADDED without a node, observed it ADDED already bound to "${first.nodeName}"`, all);
  }
  const index = boundIndex(pod, states);
  const early = states.slice(0, index).find((s) => trueConditions(s).length > 0);
  if (early) {
    throw failure(
      pod,
      `expected no condition True before it was bound, observed ${trueConditions(early).join(', ')} True in unbound state #${early.seq}`,
      all,
    );
  }
  const bound = states[index]!;
  return { node: bound.nodeName ?? '', bindSeq: bound.seq };
}

/** ADDED already bound to the node (nobody else bound it), and never moved. */
export function expectAddedBoundTo(pod: string, all: PodSnapshot[], node: string): void {
  const states = firstIncarnation(pod, all);
  const first = states[0]!;
  if (first.nodeName !== node) {
    throw failure(
      pod,
      `expected it ADDED already bound to "${node}", observed it ADDED on "${first.nodeName ?? '(none)'}"`,
      all,
    );
  }
  boundIndex(pod, states);
}

export interface ConditionTransition {
  type: string;
  /** Sequence number of the first watched state in which the condition was True. */
  seq: number;
  lastTransitionTime?: string;
}

/**
 * `"PodScheduled, Initialized, ContainersReady and Ready"`: commas separate steps that must come
 * one after another; "and" joins conditions that belong to one step (set in the same update).
 */
export function parseConditionOrder(text: string): string[][] {
  return text
    .split(',')
    .map((step) =>
      step
        .split(/\s+and\s+/)
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .filter((step) => step.length > 0);
}

/**
 * Each step's conditions became True after every condition of the step before: in a later watch
 * event (an order the watch saw), or, when one status write carried both (a loaded kubelet writes
 * changes together), with a lastTransitionTime in a later whole second (the kubelet stamps each
 * condition when it computes it; an earlier truncated second is an earlier time). Equal seconds
 * in one event prove nothing and fail. lastTransitionTimes never go back.
 */
export function expectConditionsTrueInOrder(
  pod: string,
  all: PodSnapshot[],
  steps: string[][],
): ConditionTransition[][] {
  const states = firstIncarnation(pod, all);
  const transitionOf = (type: string): ConditionTransition => {
    const index = states.findIndex((s) => s.conditions[type]?.status === 'True');
    const s = states[index];
    if (!s) {
      const last = states.at(-1);
      const seen = last
        ? Object.entries(last.conditions)
            .map(([t, c]) => `${t}=${c.status}`)
            .join(' ')
        : '';
      throw failure(
        pod,
        `expected condition ${type} to become True, observed it never True (last: ${seen || 'no conditions'})`,
        all,
      );
    }
    const gap = states.slice(0, index + 1).find((x) => x.afterGap);
    if (gap) {
      throw failure(
        pod,
        `cannot prove the order: the watch had a gap before state #${gap.seq}, where ${type} may have changed unseen`,
        all,
      );
    }
    return { type, seq: s.seq, lastTransitionTime: s.conditions[type]?.lastTransitionTime };
  };
  const transitions = steps.map((step) => step.map(transitionOf));
  for (let i = 1; i < transitions.length; i += 1) {
    for (const before of transitions[i - 1]!) {
      for (const after of transitions[i]!) {
        const [t0, t1] = [Date.parse(before.lastTransitionTime ?? ''), Date.parse(after.lastTransitionTime ?? '')];
        const laterSecond = Math.floor(t1 / 1000) > Math.floor(t0 / 1000);
        if (after.seq < before.seq || (after.seq === before.seq && !laterSecond)) {
          const when =
            after.seq === before.seq
              ? `in the same watch event, with lastTransitionTimes in the same second (${before.lastTransitionTime ?? 'none'}, ${after.lastTransitionTime ?? 'none'})`
              : 'earlier';
          throw failure(
            pod,
            `expected ${after.type} True in a later watch event than ${before.type}, observed it ${when} (state #${after.seq}, ${before.type} at #${before.seq})`,
            all,
          );
        }
        if (Number.isNaN(t0) || Number.isNaN(t1) || t1 < t0) {
          throw failure(
            pod,
            `expected lastTransitionTime of ${after.type} (${after.lastTransitionTime ?? 'none'}) not before that of ${before.type} (${before.lastTransitionTime ?? 'none'})`,
            all,
          );
        }
      }
    }
  }
  return transitions;
}
