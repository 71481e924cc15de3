/**
 * The pieces every rule over a pod's recorded history is made of (support/pods/history.ts,
 * status-invariants.ts): how a state is named in a violation, and a rule judged state by state.
 */
import type { HistoryCheck } from './history.ts';
import type { PodSnapshot } from './snapshot.ts';

/** A state as a violation names it: `state #12 (MODIFIED, rv 4711)`. */
export function at(s: PodSnapshot): string {
  return `state #${s.seq} (${s.via}, rv ${s.resourceVersion})`;
}

/** A rule checked on every state it applies to; `violations` says what is wrong with one state. */
export function eachState(
  states: PodSnapshot[],
  applies: (s: PodSnapshot) => boolean,
  violations: (s: PodSnapshot) => string[],
): HistoryCheck {
  const applicable = states.filter(applies);
  return { checked: applicable.length, violations: applicable.flatMap(violations) };
}
