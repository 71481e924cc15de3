/**
 * Assertions over the whole recorded history of a pod, not only its last state. Each check says
 * how many observed states it examined; a check that examined none fails, because an invariant
 * that was never exercised proves nothing (upstream's init-container checker had that bug).
 */
import { ConformanceAssertionError } from '../assert.ts';
import type { Expectation } from './expectation.ts';
import type { ContainerSnapshot, PodSnapshot } from './snapshot.ts';
import {
  allContainers,
  conditionStatus,
  describeSnapshot,
  findContainer,
  latestIncarnation,
  pendingInitContainers,
} from './snapshot.ts';
import { hasStarted, startOrderShown } from './timing.ts';
import { at, eachState } from './state-rules.ts';
import { STATUS_INVARIANTS } from './status-invariants.ts';

export interface HistoryCheck {
  /** How many observed states the rule applied to. */
  checked: number;
  violations: string[];
}

export interface Invariant {
  /** The phrase used in steps: `Then throughout the history of pod "x", <phrase>`. */
  phrase: string;
  /** Which states the rule applies to, for the "never exercised" message. */
  appliesTo: string;
  check(states: PodSnapshot[]): HistoryCheck;
}

const initPending = (s: PodSnapshot) => s.initContainers.length > 0 && pendingInitContainers(s).length > 0;

export const INVARIANTS: Invariant[] = [
  {
    phrase: 'the app containers stayed waiting until every init container had succeeded',
    appliesTo: 'states with an init container that had not yet succeeded',
    check: (states) =>
      eachState(states, initPending, (s) =>
        s.containers
          .filter((c) => !(c.state === 'none' || c.state === 'waiting') || c.restartCount > 0 || c.lastTerminated)
          .map(
            (c) =>
              `${at(s)}: app container "${c.name}" was ${c.state}${c.reason ? ` (${c.reason})` : ''}` +
              `${c.restartCount ? `, restarts ${c.restartCount}` : ''} while init container "${pendingInitContainers(s)[0]?.name}" had not succeeded`,
          ),
      ),
  },
  {
    phrase: 'at most one init container ran at a time, in the order of the spec',
    appliesTo: 'states in which an init container had started',
    check(states) {
      const initsOf = (s: PodSnapshot) => s.initContainers.filter((c) => c.kind === 'init');
      const started = (c: ContainerSnapshot) =>
        c.state === 'running' || c.state === 'terminated' || c.restartCount > 0 || !!c.lastTerminated;
      const result = eachState(
        states,
        (s) => initsOf(s).some(started),
        (s) => {
          const inits = initsOf(s);
          const running = inits.filter((c) => c.state === 'running');
          const together =
            running.length > 1
              ? [`${at(s)}: init containers ${running.map((c) => `"${c.name}"`).join(', ')} ran together`]
              : [];
          return [
            ...together,
            ...inits.flatMap((c, i) => {
              if (!started(c)) return [];
              const unfinished = inits.slice(0, i).find((p) => !(p.state === 'terminated' && p.exitCode === 0));
              return unfinished
                ? [
                    `${at(s)}: init container "${c.name}" had started (${c.state}) before "${unfinished.name}" succeeded (${unfinished.state})`,
                  ]
                : [];
            }),
          ];
        },
      );
      // States that all show both finished prove no order: the cluster's timestamps (whole
      // seconds apart) or some state showing one started while the next had not must.
      const last = states.filter((s) => s.via !== 'DELETED').at(-1);
      const inits = last?.initContainers.filter((c) => c.kind === 'init') ?? [];
      for (let i = 0; i + 1 < inits.length; i++) {
        const [a, b] = [inits[i], inits[i + 1]];
        if (!a || !b || !hasStarted(b)) continue;
        if (!startOrderShown(states, a, b)) {
          result.violations.push(
            `no observed state shows init container "${a.name}" started while "${b.name}" had not, and "${a.name}" finishedAt ${a.finishedAt ?? '(none)'} is not in an earlier second than "${b.name}" startedAt ${b.startedAt ?? b.lastTerminated?.startedAt ?? '(none)'}: nothing tells their order apart from "at the same time"`,
          );
        }
      }
      return result;
    },
  },
  {
    phrase: 'the pod was not Ready until every init container had succeeded',
    appliesTo: 'states with an init container that had not yet succeeded',
    check: (states) =>
      eachState(states, initPending, (s) =>
        ['Ready', 'ContainersReady']
          .filter((type) => conditionStatus(s, type) === 'True')
          .map(
            (type) =>
              `${at(s)}: ${type}=True while init container "${pendingInitContainers(s)[0]?.name}" had not succeeded`,
          ),
      ),
  },
  {
    phrase: 'every init container that succeeded was reported ready',
    appliesTo: 'states with an init container terminated with exit code 0',
    check: (states) => {
      const succeeded = (s: PodSnapshot) =>
        s.initContainers.filter((c) => c.kind === 'init' && c.state === 'terminated' && c.exitCode === 0);
      return eachState(
        states,
        (s) => s.via !== 'DELETED' && succeeded(s).length > 0,
        (s) =>
          succeeded(s)
            .filter((c) => !c.ready)
            .map((c) => `${at(s)}: init container "${c.name}" terminated with exit code 0 but ready=false`),
      );
    },
  },
  {
    phrase: 'no restart count ever went back',
    appliesTo: 'states after a container had been reported',
    check(states) {
      const result: HistoryCheck = { checked: 0, violations: [] };
      const highest = new Map<string, { count: number; seq: number }>();
      for (const s of states) {
        if (s.via === 'DELETED') continue;
        const reported = allContainers(s).filter((c) => c.state !== 'none');
        if (reported.some((c) => highest.has(`${s.uid}/${c.name}`))) result.checked += 1;
        for (const c of reported) {
          const key = `${s.uid}/${c.name}`;
          const before = highest.get(key);
          if (before && c.restartCount < before.count) {
            result.violations.push(
              `${at(s)}: container "${c.name}" restartCount ${c.restartCount}, was ${before.count} in state #${before.seq}`,
            );
          }
          if (!before || c.restartCount > before.count) highest.set(key, { count: c.restartCount, seq: s.seq });
        }
      }
      return result;
    },
  },
  {
    phrase: 'Initialized never went back from True to False',
    // From the first True on, that state included: a kubelet may report Initialized and Ready in
    // one status and nothing after it while the pod runs, and then that state is all there is to
    // check. A pod never reported Initialized still leaves the rule unexercised (an error).
    appliesTo: 'states from the one where Initialized first became True on',
    check(states) {
      const result: HistoryCheck = { checked: 0, violations: [] };
      const initializedUids = new Set<string>();
      for (const s of states) {
        const status = conditionStatus(s, 'Initialized');
        if (initializedUids.has(s.uid)) {
          result.checked += 1;
          if (status !== 'True')
            result.violations.push(`${at(s)}: Initialized=${status ?? '(absent)'} after it had been True`);
        } else if (status === 'True') {
          initializedUids.add(s.uid);
          result.checked += 1;
        }
      }
      return result;
    },
  },
  ...STATUS_INVARIANTS,
];

export function findInvariant(phrase: string): Invariant {
  const found = INVARIANTS.find((i) => i.phrase === phrase);
  if (!found) throw new Error(`unknown invariant "${phrase}"`);
  return found;
}

/** Throws an assertion error listing the violating states (or saying the rule was never exercised). */
export function expectHistory(pod: string, subject: string, appliesTo: string, result: HistoryCheck): void {
  if (result.checked === 0) {
    throw new ConformanceAssertionError(
      `pod "${pod}" history: expected ${subject} to be checked on ${appliesTo}, observed no such state`,
    );
  }
  if (result.violations.length > 0) {
    throw new ConformanceAssertionError(
      `pod "${pod}" history: expected ${subject} in all ${result.checked} applicable states, observed ${result.violations.length} violations`,
      result.violations.slice(0, 10).join('\n'),
    );
  }
}

/**
 * The expectation held in every observed state (of the latest incarnation of the pod) that reports
 * what it is about; states before, say, the kubelet reported a condition are not counted.
 */
export function everyState(states: PodSnapshot[], expectation: Expectation): HistoryCheck {
  const result: HistoryCheck = { checked: 0, violations: [] };
  for (const s of latestIncarnation(states)) {
    const view = { exists: true, snapshot: s };
    if (expectation.appliesTo && !expectation.appliesTo(view)) continue;
    result.checked += 1;
    if (!expectation.holds(view)) result.violations.push(`${at(s)}: ${expectation.mismatch(view)}`);
  }
  return result;
}

/** Nothing restarted or re-ran after the baseline state: same uid, restart counts and start times. */
export function unchangedSince(states: PodSnapshot[], baseline: PodSnapshot): HistoryCheck {
  const result: HistoryCheck = { checked: 0, violations: [] };
  for (const s of states) {
    if (s.seq <= baseline.seq) continue;
    result.checked += 1;
    if (s.uid !== baseline.uid)
      result.violations.push(`${at(s)}: uid ${s.uid}, was ${baseline.uid} (the pod was recreated)`);
    for (const before of allContainers(baseline)) {
      const now = findContainer(s, before.name);
      if (!now) continue;
      if (now.restartCount !== before.restartCount) {
        result.violations.push(
          `${at(s)}: container "${before.name}" restartCount ${now.restartCount}, was ${before.restartCount}`,
        );
      }
      if (before.startedAt && now.startedAt && now.startedAt !== before.startedAt) {
        result.violations.push(
          `${at(s)}: container "${before.name}" started again at ${now.startedAt} (was ${before.startedAt})`,
        );
      }
    }
  }
  return result;
}

/** Values with consecutive repeats removed: A, A, B, A → A, B, A. */
export function collapse(values: (string | undefined)[]): string[] {
  const seen: string[] = [];
  for (const v of values) if (v !== undefined && seen.at(-1) !== v) seen.push(v);
  return seen;
}

/**
 * The expected values each appeared, and appeared for the first time in the given order (others
 * may come between or repeat). A crash loop that alternates A, B, A, B matches "A, B", never "B, A".
 */
export function inOrderOfFirstAppearance(seen: string[], expected: string[]): boolean {
  const firsts = expected.map((v) => seen.indexOf(v));
  return firsts.every((i, k) => i >= 0 && (k === 0 || i > (firsts[k - 1] ?? -1)));
}

/** The STATUS column values of the pod's recorded states, consecutive repeats removed. */
export function statusHistory(states: PodSnapshot[]): string[] {
  return collapse(states.map((s) => s.printedStatus));
}

/** A condition's status in each state, `absent` where the pod did not report it; consecutive repeats removed. */
export function conditionHistory(states: PodSnapshot[], type: string): string[] {
  return collapse(states.map((s) => s.conditions[type]?.status ?? 'absent'));
}

/**
 * The states one container went through: its waiting or terminated reason (ContainerCreating,
 * CrashLoopBackOff, Error, Completed, OOMKilled …), or `running`; consecutive repeats removed,
 * states before the kubelet reported the container skipped.
 */
export function containerReasonHistory(states: PodSnapshot[], container: string): string[] {
  const ended = new Set<string>();
  const run = (startedAt?: string, finishedAt?: string) => `${startedAt ?? '?'}–${finishedAt ?? '?'}`;
  return collapse(
    states.flatMap((s) => {
      const c = findContainer(s, container);
      if (!c || c.state === 'none') return [];
      const values: string[] = [];
      // A run that ended and was restarted between two status writes (a loaded kubelet writes
      // them together) still shows in lastState: the cluster's own record of how it ended.
      const last = c.lastTerminated;
      if (last && !ended.has(run(last.startedAt, last.finishedAt))) {
        ended.add(run(last.startedAt, last.finishedAt));
        values.push(last.reason ?? 'terminated');
      }
      if (c.state === 'terminated') ended.add(run(c.startedAt, c.finishedAt));
      values.push(c.state === 'running' ? 'running' : (c.reason ?? c.state));
      return values;
    }),
  );
}

export type SequenceMatch = 'in order' | 'exactly';

export function sequenceMatches(seen: string[], expected: string[], how: SequenceMatch): boolean {
  return how === 'exactly' ? seen.join('\n') === expected.join('\n') : inOrderOfFirstAppearance(seen, expected);
}

export function formatTimeline(name: string, states: PodSnapshot[]): string {
  return [
    `pod "${name}": ${states.length} observed states`,
    ...states.map((s) => `${s.observedAt} ${describeSnapshot(s)}`),
  ].join('\n');
}
