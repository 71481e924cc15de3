/**
 * Rules every status a kubelet reports must keep, checked over a pod's whole recorded history
 * (the {invariant} phrases of `Then throughout the history of pod "x", …`): a container's end is
 * final for its run, a final phase is final, a reported end has a reported start, a pod is removed
 * only once nothing in it runs, and the kubelet never acknowledges a spec generation that does not
 * exist yet or goes back to an older one. Upstream's "Pod Container Status" specs check the first
 * four on pods deleted while they start; they hold for any pod.
 */
import type { Expectation } from './expectation.ts';
import type { HistoryCheck, Invariant } from './history.ts';
import type { PodSnapshot } from './snapshot.ts';
import { allContainers, describeContainer } from './snapshot.ts';
import { at, eachState } from './state-rules.ts';

const FINAL_PHASES = new Set(['Succeeded', 'Failed']);

/** Consecutive states of one incarnation (same uid), the DELETED event's included. */
function pairs(states: PodSnapshot[]): [PodSnapshot, PodSnapshot][] {
  const out: [PodSnapshot, PodSnapshot][] = [];
  for (let i = 1; i < states.length; i++) {
    const [a, b] = [states[i - 1], states[i]];
    if (a && b && a.uid === b.uid) out.push([a, b]);
  }
  return out;
}

export const STATUS_INVARIANTS: Invariant[] = [
  {
    phrase: 'no container left a terminated state without a restart',
    appliesTo: 'states after a container had terminated',
    check(states) {
      const result: HistoryCheck = { checked: 0, violations: [] };
      for (const [before, after] of pairs(states)) {
        const ended = allContainers(before).filter((c) => c.state === 'terminated');
        if (ended.length === 0) continue;
        result.checked += 1;
        for (const c of ended) {
          const now = allContainers(after).find((x) => x.name === c.name);
          if (!now || now.restartCount > c.restartCount) continue;
          if (now.state !== 'terminated') {
            result.violations.push(
              `${at(after)}: container "${c.name}" is ${describeContainer(now)} after it had terminated (exit ${c.exitCode ?? '?'}) in ${at(before)}, restartCount still ${now.restartCount}`,
            );
          } else if (now.exitCode !== c.exitCode || (c.startedAt && now.startedAt && now.startedAt !== c.startedAt)) {
            result.violations.push(
              `${at(after)}: container "${c.name}" now terminated with exit ${now.exitCode ?? '?'} (started ${now.startedAt ?? '?'}), had terminated with exit ${c.exitCode ?? '?'} (started ${c.startedAt ?? '?'}) without a restart`,
            );
          }
        }
      }
      return result;
    },
  },
  {
    phrase: 'the phase never left Succeeded or Failed once reached',
    appliesTo: 'states after the pod reached Succeeded or Failed',
    check(states) {
      const result: HistoryCheck = { checked: 0, violations: [] };
      const finalOf = new Map<string, PodSnapshot>();
      for (const s of states) {
        const reached = finalOf.get(s.uid);
        if (reached) {
          result.checked += 1;
          if (s.phase !== reached.phase) {
            result.violations.push(`${at(s)}: phase "${s.phase}" after "${reached.phase}" in ${at(reached)}`);
          }
        } else if (FINAL_PHASES.has(s.phase)) {
          finalOf.set(s.uid, s);
        }
      }
      return result;
    },
  },
  {
    phrase: 'every container that reported its end also reported its start',
    appliesTo: 'states with a terminated container that reports finishedAt',
    check: (states) => {
      const ended = (s: PodSnapshot) => allContainers(s).filter((c) => c.state === 'terminated' && c.finishedAt);
      return eachState(
        states,
        (s) => ended(s).length > 0,
        (s) =>
          ended(s).flatMap((c) =>
            !c.startedAt
              ? [`${at(s)}: container "${c.name}" finished at ${c.finishedAt} without a startedAt`]
              : Date.parse(c.finishedAt ?? '') < Date.parse(c.startedAt)
                ? [`${at(s)}: container "${c.name}" finished at ${c.finishedAt}, before it started at ${c.startedAt}`]
                : [],
          ),
      );
    },
  },
  {
    phrase: 'the pod was removed with no container running, in a final phase or still Pending',
    appliesTo: 'the state the pod was removed in (its DELETED event)',
    check: (states) =>
      eachState(
        states,
        (s) => s.via === 'DELETED',
        (s) => {
          const running = allContainers(s).filter((c) => c.state === 'running');
          if (running.length > 0) {
            const names = running.map((c) => `"${c.name}"`).join(', ');
            return [`${at(s)}: removed with container(s) ${names} still running (phase ${s.phase})`];
          }
          return !FINAL_PHASES.has(s.phase) && s.phase !== 'Pending'
            ? [`${at(s)}: removed in phase "${s.phase}" with no container running`]
            : [];
        },
      ),
  },
  {
    phrase: 'status.observedGeneration never went back and never ran ahead of metadata.generation',
    appliesTo: 'states that report status.observedGeneration',
    check(states) {
      const result: HistoryCheck = { checked: 0, violations: [] };
      const highest = new Map<string, { seen: number; state: PodSnapshot }>();
      for (const s of states) {
        const seen = s.pod.status?.observedGeneration;
        if (seen === undefined || s.via === 'DELETED') continue;
        result.checked += 1;
        const generation = s.pod.metadata?.generation;
        if (generation !== undefined && seen > generation) {
          result.violations.push(`${at(s)}: observedGeneration ${seen} ahead of metadata.generation ${generation}`);
        }
        const before = highest.get(s.uid);
        if (before && seen < before.seen) {
          result.violations.push(
            `${at(s)}: observedGeneration ${seen} after ${before.seen} in ${at(before.state)} (it went back)`,
          );
        }
        if (!before || seen > before.seen) highest.set(s.uid, { seen, state: s });
      }
      return result;
    },
  },
];

/**
 * The expectation held in no recorded state of the pod (any incarnation, the last state the
 * removed pod reported included): "container "fail" was never terminated with exit code 0".
 * Counts the states it examined that report the subject; none is a failure of its own (nothing
 * was checked).
 */
export function neverState(states: PodSnapshot[], expectation: Expectation): HistoryCheck {
  const result: HistoryCheck = { checked: 0, violations: [] };
  for (const s of states) {
    const view = { exists: true, snapshot: s };
    if (expectation.appliesTo && !expectation.appliesTo(view)) continue;
    if (expectation.container && !allContainers(s).some((c) => c.name === expectation.container && c.state !== 'none'))
      continue;
    result.checked += 1;
    if (expectation.holds(view)) result.violations.push(`${at(s)}: ${expectation.description}`);
  }
  return result;
}
