/**
 * Pod conditions beyond "is it there now": a condition with its message (what the kubelet says
 * about a readiness gate), the observed generation each condition carries (Kubernetes ≥ 1.34 sets
 * conditions[].observedGeneration to the spec generation its writer acted on), and the sequence of
 * statuses a condition went through since a given recorded state (a status write, say).
 */
import { quote } from '../assert.ts';
import type { Expectation, PodView } from './expectation.ts';
import { checkConditionType, condition } from './pod-expectations.ts';
import { latestIncarnation, type PodSnapshot } from './snapshot.ts';

/** The condition has the status and, when given, a message matching the pattern (unanchored). */
export function conditionWithMessage(type: string, status: string, message: RegExp): Expectation {
  const base = condition(type, status);
  const messageOf = (v: PodView) => (v.exists ? v.snapshot?.conditions[type]?.message : undefined);
  return {
    ...base,
    description: `${type}=${status} with a message matching ${quote(message.source)}`,
    holds: (v) => base.holds(v) && message.test(messageOf(v) ?? ''),
    mismatch: (v) => {
      if (!base.holds(v)) return base.mismatch(v);
      return `${type} condition message: expected to match ${quote(message.source)}, observed ${quote(messageOf(v) ?? '')}`;
    },
  };
}

/** conditions[].observedGeneration of one condition type, as the raw status carries it. */
export function conditionObservedGeneration(s: PodSnapshot, type: string): number | undefined {
  return s.pod.status?.conditions?.find((c) => c.type === type)?.observedGeneration;
}

/**
 * metadata.generation is N and every named condition carries observedGeneration N: whoever
 * writes each condition (the scheduler, the kubelet) has acted on the spec at that generation.
 */
export function conditionsAtGeneration(types: string[], generation: number): Expectation {
  for (const type of types) checkConditionType(type);
  const lagging = (s: PodSnapshot) =>
    types
      .map((type) => ({ type, seen: conditionObservedGeneration(s, type), present: !!s.conditions[type] }))
      .filter((c) => c.seen !== generation);
  return {
    description: `observed generation ${generation} in conditions ${types.join(', ')}`,
    holds: (v) =>
      v.exists &&
      !!v.snapshot &&
      v.snapshot.pod.metadata?.generation === generation &&
      lagging(v.snapshot).length === 0,
    mismatch: (v) => {
      if (!v.exists || !v.snapshot) return `conditions' observedGeneration: expected ${generation}, observed no pod`;
      const spec = v.snapshot.pod.metadata?.generation;
      const off = lagging(v.snapshot).map((c) =>
        c.present ? `${c.type} ${c.seen === undefined ? '(none)' : c.seen}` : `${c.type} absent`,
      );
      const parts = [
        spec !== generation ? `metadata.generation ${quote(spec)}` : undefined,
        off.length ? `observedGeneration ${off.join(', ')}` : undefined,
      ].filter(Boolean);
      return `conditions at generation ${generation}: expected metadata.generation and each condition's observedGeneration ${generation}, observed ${parts.join('; ')}`;
    },
    impossible: (v) => {
      if (!v.exists && v.snapshot) return 'the pod was deleted';
      const spec = v.snapshot?.pod.metadata?.generation;
      return spec !== undefined && spec > generation ? `metadata.generation is already ${spec}` : undefined;
    },
  };
}

/**
 * The statuses one condition reported in the states recorded from `fromSeq` on (of the latest
 * incarnation), consecutive repeats counted once; a state without the condition counts as
 * "(absent)".
 */
export function conditionStatusesSince(states: PodSnapshot[], type: string, fromSeq: number): string[] {
  const seen: string[] = [];
  for (const s of latestIncarnation(states)) {
    if (s.seq < fromSeq) continue;
    const status = s.conditions[type]?.status ?? '(absent)';
    if (seen.at(-1) !== status) seen.push(status);
  }
  return seen;
}
