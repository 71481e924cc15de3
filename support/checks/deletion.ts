/**
 * Deleting pods the way kubectl does, and timing their removal from the cluster's own timestamps.
 *
 * A graceful DELETE stamps the pod with `deletionTimestamp = request time + grace` and
 * `deletionGracePeriodSeconds = grace`; deletionTimestamp is therefore the deadline, not the
 * moment of the request. When the kubelet has stopped every container it deletes the pod again
 * with grace 0: the API server moves deletionTimestamp to that moment and removes the object in
 * the same request, so the DELETED watch event carries `deletionGracePeriodSeconds: 0` and the
 * removal time. Hence, on the cluster's clock:
 *
 *   requested = deletionTimestamp − deletionGracePeriodSeconds   (the answer to our DELETE)
 *   removed   = deletionTimestamp                                (the DELETED object, grace 0)
 *
 * Both timestamps are whole seconds (RFC 3339, truncated), so the true interval lies strictly
 * between one second below and one second above `removed − requested`. A bound check accepts a
 * measurement when that open interval meets the expected range: with whole-second bounds this
 * never rejects a removal that was in range, and never accepts one a full second or more outside.
 */
import { fail } from '../assert.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';

/** The deletion fields of a pod's metadata, as the API returns them. */
export interface DeletionStamp {
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
}

export interface Removal {
  /** Cluster time of the delete request: deletionTimestamp − grace of the first stamp. */
  requestedAt: string;
  /** Grace period the delete request set. */
  gracePeriodSeconds: number;
  /** Cluster time of the final deletion (deletionTimestamp of the DELETED object). */
  removedAt: string;
  /** removedAt − requestedAt, whole seconds. */
  seconds: number;
}

/** What `kubectl delete` sends: default grace, `--grace-period=N`, or `--force --grace-period=0`. */
export type DeleteMode = { kind: 'default' } | { kind: 'grace'; seconds: number } | { kind: 'force' };

/**
 * The DeleteOptions body kubectl sends. Without --force kubectl turns `--grace-period=0` into 1
 * (so nothing is removed before the kubelet confirms); `--force --grace-period=0` sends 0, which
 * makes the API server remove the object at once without waiting for the kubelet.
 */
export function deleteOptions(mode: DeleteMode): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
  if (mode.kind === 'grace') body.gracePeriodSeconds = mode.seconds === 0 ? 1 : mode.seconds;
  if (mode.kind === 'force') body.gracePeriodSeconds = 0;
  return body;
}

export function describeDeleteMode(mode: DeleteMode): string {
  switch (mode.kind) {
    case 'default':
      return 'the default grace period';
    case 'grace':
      return `--grace-period=${mode.seconds}`;
    case 'force':
      return '--force --grace-period=0';
  }
}

function parseTime(what: string, value: string | undefined): number {
  const ms = value === undefined ? NaN : Date.parse(value);
  if (Number.isNaN(ms)) fail(`${what}: expected an RFC 3339 timestamp, observed ${JSON.stringify(value)}`);
  return ms;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Cluster time of a delete request, from the stamp it put on the pod. */
export function requestTimeOf(pod: string, stamp: DeletionStamp): { ms: number; iso: string; grace: number } {
  const grace = stamp.deletionGracePeriodSeconds;
  if (grace === undefined) {
    fail(`pod "${pod}" deletion: expected deletionGracePeriodSeconds on the deleted pod, observed none`);
  }
  const deadline = parseTime(`pod "${pod}" deletionTimestamp`, stamp.deletionTimestamp);
  const ms = deadline - grace * 1000;
  return { ms, iso: iso(ms), grace };
}

/**
 * The removal interval from the stamp our DELETE set and the object the DELETED event carried.
 * Fails when the DELETED object is not the final grace-0 deletion (the watch missed it, or the
 * cluster removed the pod some other way): then the cluster did not report when it was removed.
 */
export function removalOf(pod: string, request: DeletionStamp, final: DeletionStamp): Removal {
  const requested = requestTimeOf(pod, request);
  if (final.deletionGracePeriodSeconds !== 0) {
    fail(
      `pod "${pod}" removal time: expected the DELETED object to carry the final deletion (deletionGracePeriodSeconds 0), ` +
        `observed deletionGracePeriodSeconds ${JSON.stringify(final.deletionGracePeriodSeconds)} ` +
        `with deletionTimestamp ${JSON.stringify(final.deletionTimestamp)}`,
    );
  }
  const removed = parseTime(`pod "${pod}" final deletionTimestamp`, final.deletionTimestamp);
  return {
    requestedAt: requested.iso,
    gracePeriodSeconds: requested.grace,
    removedAt: iso(removed),
    seconds: Math.round((removed - requested.ms) / 1000),
  };
}

/** True when an interval measured in whole seconds may have lain within [min, max] seconds. */
export function removalWithin(measuredSeconds: number, minSeconds: number, maxSeconds: number): boolean {
  return measuredSeconds + 1 > minSeconds && measuredSeconds - 1 < maxSeconds;
}

export function describeRemoval(pod: string, r: Removal): string {
  return (
    `pod "${pod}" was removed ${r.seconds} s after the delete request ` +
    `(requested ${r.requestedAt} = deletionTimestamp − grace ${r.gracePeriodSeconds} s; removed ${r.removedAt} = deletionTimestamp of the DELETED object; whole-second timestamps)`
  );
}

/**
 * After a graceful delete the kubelet reports every container it stopped as terminated before it
 * removes the pod; a pod whose final state shows a started container still running (or never
 * reported) was removed without the node confirming the stop, so its removal time says nothing
 * about how the container handled SIGTERM. Returns those containers, described.
 */
export function stopsNotReported(final: PodSnapshot): string[] {
  return [...final.initContainers, ...final.containers]
    .filter((c) => c.kind !== 'init' && c.state !== 'terminated')
    .map((c) => `"${c.name}" ${c.state}`);
}

/** Seconds from the delete request to the container's finishedAt, on the cluster's clock (whole seconds). */
export function finishedAfterRequest(pod: string, request: DeletionStamp, finishedAt: string | undefined): number {
  const requested = requestTimeOf(pod, request);
  const finished = parseTime(`pod "${pod}" container finishedAt`, finishedAt);
  return Math.round((finished - requested.ms) / 1000);
}
