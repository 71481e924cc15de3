/**
 * Detection latency of the pod waits, for `npm run bench`: when a "becomes … within" wait ends on
 * a state the cluster just reported, how long after the cluster's own timestamp of that
 * transition did the wait return? The pod wait's success path (support/pods/recorder.ts) calls
 * noteDetection; support/scenario/speed-hooks.ts attaches the scenario's samples to the report, where the
 * bench reads them (scripts/bench/bench-result.ts).
 *
 * The transition's timestamp is the newest one of the satisfying state's own (a condition's
 * lastTransitionTime, a container's current startedAt/finishedAt, the deletionTimestamp) that
 * the state before it did not carry: the last thing the cluster stamped before we saw the state.
 * A container's lastState is history, not a transition: a container waiting in CrashLoopBackOff
 * carries the earlier exit's finishedAt there, stamped long before the kubelet reported the
 * back-off. A wait that was satisfied when it began, or that ended on a change the cluster does
 * not stamp, gives no sample.
 *
 * The API's timestamps are whole seconds (RFC 3339, truncated), so a sample is the raw
 * `returned − stamp`: an upper bound of the latency, at most 1 s above it. The bench reports
 * both that bound and the estimate `raw − 0.5 s` (the transition placed in the middle of its
 * second). Harness and cluster clocks are assumed to agree (the local cluster shares the clock).
 */
import type { PodSnapshot } from './snapshot.ts';

export interface DetectionSample {
  pod: string;
  /** What the wait waited for (the expectation's description). */
  waitedFor: string;
  /** Which timestamp marked the transition, e.g. `condition Ready` or `container main finishedAt`. */
  field: string;
  /** The cluster's timestamp of the transition (whole seconds). */
  stampedAt: string;
  /** When our watch delivered the state (harness clock, milliseconds). */
  observedAt: string;
  /** When the wait returned (harness clock, milliseconds). */
  returnedAt: string;
  /** returnedAt − stampedAt in milliseconds: at most 1 s above the true latency. */
  rawMs: number;
  /**
   * returnedAt − observedAt: the part spent after the state reached us (exact). The rest is the
   * kubelet's and the API server's (status sync, the write, the watch's delivery).
   */
  afterObservedMs: number;
}

/** How the samples travel: a JSON attachment of each scenario, in reports/messages.ndjson. */
export const DETECTION_MEDIA_TYPE = 'application/vnd.pod-conformance.detection-latency+json';

/** The resolution of the cluster's timestamps: a raw sample is at most this much above the latency. */
export const STAMP_RESOLUTION_MS = 1000;

/** The timestamps of the state's current conditions and container states, by the field they are in. */
function ownStamps(s: PodSnapshot): Map<string, string> {
  const found = new Map<string, string>();
  const put = (field: string, at: string | undefined) => {
    if (at) found.set(field, at);
  };
  for (const [type, c] of Object.entries(s.conditions)) put(`condition ${type}`, c.lastTransitionTime);
  for (const c of [...s.initContainers, ...s.containers]) {
    put(`container ${c.name} startedAt`, c.startedAt);
    put(`container ${c.name} finishedAt`, c.finishedAt);
  }
  put('deletionTimestamp', s.deletionTimestamp);
  return found;
}

/** The newest timestamp of `current`'s own that `previous` (the state observed before it) did not carry. */
export function transitionOf(
  previous: PodSnapshot | undefined,
  current: PodSnapshot,
): { field: string; at: string } | undefined {
  const before = previous && previous.uid === current.uid ? ownStamps(previous) : new Map<string, string>();
  let newest: { field: string; at: string } | undefined;
  for (const [field, at] of ownStamps(current)) {
    if (before.get(field) === at) continue;
    if (!newest || Date.parse(at) > Date.parse(newest.at)) newest = { field, at };
  }
  return newest;
}

let samples: DetectionSample[] = [];

/**
 * Called once by the pod wait when it resolves on a newly observed state: `timeline` is the
 * pod's recorded history, whose last entry satisfied the wait.
 */
export function noteDetection(pod: string, waitedFor: string, timeline: PodSnapshot[], returnedAt = Date.now()): void {
  const current = timeline.at(-1);
  if (!current) return;
  const transition = transitionOf(timeline.at(-2), current);
  if (!transition) return;
  samples.push({
    pod,
    waitedFor,
    field: transition.field,
    stampedAt: transition.at,
    observedAt: current.observedAt,
    returnedAt: new Date(returnedAt).toISOString(),
    rawMs: returnedAt - Date.parse(transition.at),
    afterObservedMs: returnedAt - Date.parse(current.observedAt),
  });
}

/** The samples noted since the last call (one worker runs one scenario at a time). */
export function takeDetections(): DetectionSample[] {
  const taken = samples;
  samples = [];
  return taken;
}
