/**
 * What a pod's timeline picture shows, computed from the recorded history (every observed state),
 * the namespace's events and the scenario's measurements. Times are the cluster's own timestamps
 * (startedAt, finishedAt, lastTransitionTime, deletionTimestamp, event times); only waiting
 * reasons, which carry no timestamp, are placed at the moment the watch observed them (the
 * harness clock), and the picture says so.
 *
 * Events and hook marks are placed by support/evidence/timeline-marks.ts.
 */
import type { HostPathRead } from '../actions/written-evidence.ts';
import type { EventJson } from '../checks/events.ts';
import type { Measurement } from '../measurements.ts';
import type { ContainerKind, PodSnapshot } from '../pods/snapshot.ts';
import { allContainers } from '../pods/snapshot.ts';
import { eventMarks, hookMarks, time } from './timeline-marks.ts';

export interface Run {
  /** 1-based: run N is the (N−1)th restart. */
  index: number;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
}

export interface Waiting {
  reason: string;
  from: number;
  to: number;
}

export interface ContainerLane {
  name: string;
  kind: ContainerKind;
  runs: Run[];
  waiting: Waiting[];
}

export interface ConditionLane {
  type: string;
  /** Status changes in time order: the status holds from `at` to the next change. */
  changes: { at: number; status: string; reason?: string }[];
}

export interface EventMark {
  reason: string;
  /** Warning events (probe failures, hook failures, back-off) are drawn in red. */
  warning: boolean;
  at: number;
  /** Last occurrence of a deduplicated event (count > 1). */
  lastAt?: number;
  count: number;
  message: string;
  container?: string;
}

export interface HookMark {
  /** The hook it shows ran (or failed), or undefined for a marker of the container itself. */
  hook?: 'postStart' | 'preStop';
  label: string;
  at: number;
  /** `event`: the event's own time; `marker`: node uptime placed by the alignment above. */
  clock: 'event' | 'marker';
  failed: boolean;
  /** Where it comes from: the event's message, or the file and the marker's uptime. */
  detail: string;
}

export interface Deletion {
  requestedAt: number;
  /** requestedAt + grace period: when the kubelet kills what is still running. */
  deadline: number;
  graceSeconds: number;
  removedAt?: number;
}

export interface Bound {
  subject: string;
  from: number;
  /** The interval the step asserted, as absolute times: [from + min, from + max]. */
  earliest: number;
  latest: number;
  measuredAt?: number;
  seconds: number;
  withinBounds: boolean;
  /** The moment never came: `measuredAt` is when the check gave up waiting for it. */
  unfinished?: boolean;
  derivation: string;
}

/** Where the scenario failed: the failed step's end (harness clock) and its message's first line. */
export interface Failure {
  at: number;
  step: string;
  message: string;
}

export interface TimelineModel {
  pod: string;
  /** The pod's creationTimestamp: zero of the time axis. */
  origin: number;
  /** The last moment the picture covers (the latest timestamp anywhere in it). */
  end: number;
  containers: ContainerLane[];
  conditions: ConditionLane[];
  events: EventMark[];
  /** Hook failures (events) and markers, in time order. */
  hooks: HookMark[];
  deletion?: Deletion;
  bounds: Bound[];
  /** The failed step of a failed scenario, drawn at its moment; the axis runs to it. */
  failure?: Failure;
}

const CONDITION_ORDER = ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];

function containerLanes(states: PodSnapshot[]): ContainerLane[] {
  interface Collected {
    kind: ContainerKind;
    runs: Map<number, Omit<Run, 'index'>>;
    waiting: Waiting[];
  }
  const lanes = new Map<string, Collected>();
  for (const s of states) {
    const observed = time(s.observedAt) ?? 0;
    for (const c of allContainers(s)) {
      const lane: Collected = lanes.get(c.name) ?? { kind: c.kind, runs: new Map(), waiting: [] };
      lanes.set(c.name, lane);
      const add = (run: Omit<Run, 'index'>) => {
        // Later states add what earlier ones lacked (a finish, an exit code), never erase it.
        const known = lane.runs.get(run.startedAt) ?? { startedAt: run.startedAt };
        lane.runs.set(run.startedAt, {
          startedAt: run.startedAt,
          finishedAt: run.finishedAt ?? known.finishedAt,
          exitCode: run.exitCode ?? known.exitCode,
          reason: run.reason ?? known.reason,
        });
      };
      const last = c.lastTerminated;
      const lastStarted = time(last?.startedAt);
      if (last && lastStarted !== undefined) {
        add({
          startedAt: lastStarted,
          finishedAt: time(last.finishedAt),
          exitCode: last.exitCode,
          reason: last.reason,
        });
      }
      const started = time(c.startedAt);
      if (c.state === 'running' && started !== undefined) add({ startedAt: started });
      if (c.state === 'terminated' && started !== undefined) {
        add({ startedAt: started, finishedAt: time(c.finishedAt), exitCode: c.exitCode, reason: c.reason });
      }
      if (s.via === 'DELETED') continue;
      const open = lane.waiting.at(-1);
      const reason = c.state === 'waiting' ? (c.reason ?? 'Waiting') : undefined;
      if (open && open.to === Infinity) {
        if (open.reason === reason) continue;
        open.to = observed;
      }
      if (reason) lane.waiting.push({ reason, from: observed, to: Infinity });
    }
  }
  return [...lanes.entries()].map(([name, lane]) => {
    const runs = [...lane.runs.values()]
      .sort((a, b) => a.startedAt - b.startedAt)
      .map((r, i) => ({ ...r, index: i + 1 }));
    return { name, kind: lane.kind, runs, waiting: lane.waiting };
  });
}

function conditionLanes(states: PodSnapshot[]): ConditionLane[] {
  const lanes = new Map<string, ConditionLane>();
  for (const s of states) {
    for (const [type, c] of Object.entries(s.conditions)) {
      const at = time(c.lastTransitionTime);
      if (at === undefined) continue;
      const lane = lanes.get(type) ?? { type, changes: [] };
      lanes.set(type, lane);
      const last = lane.changes.at(-1);
      if (last && last.at === at && last.status === c.status) continue;
      if (last && last.status === c.status) continue;
      lane.changes.push({ at, status: c.status, reason: c.reason });
    }
  }
  const rank = (t: string) => (CONDITION_ORDER.includes(t) ? CONDITION_ORDER.indexOf(t) : CONDITION_ORDER.length);
  return [...lanes.values()].sort((a, b) => rank(a.type) - rank(b.type));
}
function deletionOf(states: PodSnapshot[]): Deletion | undefined {
  const stamped = states.find((s) => s.deletionTimestamp && (s.pod.metadata?.deletionGracePeriodSeconds ?? 0) > 0);
  const final = states.find((s) => s.via === 'DELETED');
  const finalAt =
    final && final.pod.metadata?.deletionGracePeriodSeconds === 0 ? time(final.deletionTimestamp) : undefined;
  if (!stamped) {
    // A forced delete (grace 0): the only stamp is the removal itself.
    return finalAt !== undefined
      ? { requestedAt: finalAt, deadline: finalAt, graceSeconds: 0, removedAt: finalAt }
      : undefined;
  }
  const grace = stamped.pod.metadata?.deletionGracePeriodSeconds ?? 0;
  const deadline = time(stamped.deletionTimestamp) ?? 0;
  return { requestedAt: deadline - grace * 1000, deadline, graceSeconds: grace, removedAt: finalAt };
}

function boundsOf(measurements: Measurement[], pod: string): Bound[] {
  return measurements
    .filter((m) => !m.pod || m.pod === pod)
    .flatMap((m) => {
      const from = time(m.from);
      if (from === undefined) return [];
      return [
        {
          subject: m.subject,
          from,
          earliest: from + m.minSeconds * 1000,
          latest: from + m.maxSeconds * 1000,
          measuredAt: time(m.to),
          seconds: m.seconds,
          withinBounds: m.withinBounds,
          unfinished: m.unfinished,
          derivation: m.derivation,
        },
      ];
    });
}

export function timelineModel(
  pod: string,
  states: PodSnapshot[],
  events: EventJson[],
  measurements: Measurement[],
  reads: HostPathRead[] = [],
  failure?: Failure,
): TimelineModel | undefined {
  const first = states[0];
  if (!first) return undefined;
  const containers = containerLanes(states);
  const conditions = conditionLanes(states);
  const marks = eventMarks(events, pod, states.at(-1)?.uid);
  const hooks = hookMarks(marks, reads, pod, containers);
  const deletion = deletionOf(states);
  const bounds = boundsOf(measurements, pod);
  const lastObserved = time(states.at(-1)?.observedAt) ?? 0;
  const origin = time(first.pod.metadata?.creationTimestamp) ?? time(first.observedAt) ?? 0;
  const candidates = [
    origin,
    ...containers.flatMap((c) => c.runs.flatMap((r) => [r.startedAt, r.finishedAt ?? origin])),
    ...containers.flatMap((c) => c.waiting.map((w) => (w.to === Infinity ? w.from : w.to))),
    ...conditions.flatMap((c) => c.changes.map((x) => x.at)),
    ...marks.map((m) => m.lastAt ?? m.at),
    ...hooks.map((h) => h.at),
    deletion?.removedAt ?? deletion?.deadline ?? origin,
    ...bounds.flatMap((b) => [b.latest, b.measuredAt ?? b.from]),
    failure?.at ?? origin,
  ];
  // Open runs and waits end where the recording stopped (or at the removal).
  const end = Math.max(...candidates, deletion?.removedAt ?? lastObserved);
  for (const c of containers) for (const w of c.waiting) if (w.to === Infinity) w.to = Math.max(w.from, end);
  return { pod, origin, end, containers, conditions, events: marks, hooks, deletion, bounds, failure };
}
