/**
 * The grace an instant check gives a report that lags what the scenario has already seen.
 *
 * A scenario often checks one source right after it observed something through another: the
 * container's status right after its log line, the Ready condition right after the probe's
 * Unhealthy event, an event right after the pod's state. The sources are written by different
 * parties at different times: the container writes its log at once; the kubelet notices the
 * change at its next relist (every second: containerd 1.6 sends it no container events), then
 * writes the pod's status; its events go through a batching broadcaster; the watch delivers each
 * a little later. On a loaded node these lags reach seconds, so an instant check of one source
 * made right after an observation from another reads a report that is simply not there yet.
 *
 * Every positive instant check of such a source (pod and container state, conditions, events,
 * the current log) is therefore evaluated on the source's own updates for up to REPORT_GRACE
 * when it does not hold at once, by construction, so that no scenario writer can write this
 * race. It holds as soon as the report arrives (the delay is logged), and fails as it would have,
 * saying it also waited, when the report does not come. It never waits when the expectation has
 * become impossible (a final phase, a deleted pod). Negative checks ("does not contain", "no …
 * event", "stays", "keeps") get no grace: a lagging source could only make them pass wrongly.
 *
 * 10 s: ten relists, and about five times the slowest status report measured with 16 workers on
 * a loaded 2-core node (detection latency max 1.7 s, npm run bench); far shorter than any
 * interval a scenario measures, which are read from the cluster's own timestamps, not from when
 * the check ran.
 */
import { Duration } from './duration.ts';

export const REPORT_GRACE = Duration.parse('10 seconds');

/**
 * How long a write to a pod (a patch, a status write) may take to come back through the
 * scenario's own watch. A step that writes waits for it, so that a following check can only be
 * satisfied by a state that came after the write, never by one recorded before it.
 */
export const WATCH_CATCH_UP = Duration.parse('15 seconds');

/** Appended to the message of a positive instant check that failed after the grace. */
export const AFTER_GRACE = `(at the check and for the ${REPORT_GRACE.text} grace given a lagging report)`;
