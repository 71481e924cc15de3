/**
 * Whether `up()` may reuse, start or rebuild the local cluster. A cluster that is slow to answer
 * is not a cluster that is down: the status is asked again until a deadline before anything is
 * torn down, and a cluster that other runs are using is never torn down under them.
 */
import type { ClusterStatus } from '../provider.ts';
import { poll, realClock } from '../shared/poll.ts';
import { describeOwner, type OwnerRecord } from '../shared/runs.ts';

/** States that can pass by themselves: every process is up, the API or the node lags behind. */
export function mayRecover(status: ClusterStatus): boolean {
  return !status.running && status.detail.startsWith('processes up');
}

/** Asks again while the cluster may recover, until it runs or the deadline passes. */
export async function settledStatus(
  status: () => Promise<ClusterStatus>,
  deadlineMs: number,
  onRetry: (s: ClusterStatus) => void = () => undefined,
  intervalMs = 2_000,
  now: () => number = realClock.now,
  sleep: (ms: number) => Promise<unknown> = realClock.sleep,
): Promise<ClusterStatus> {
  // Set by the first check, which poll() makes at once.
  let current!: ClusterStatus;
  return poll(
    async () => {
      current = await status();
      return mayRecover(current) ? undefined : current;
    },
    {
      timeoutMs: deadlineMs,
      intervalMs,
      beforePause: () => onRetry(current),
      timeout: { settleFor: () => current },
      clock: { now, sleep },
    },
  );
}

export type UpDecision = { action: 'reuse' | 'start' | 'rebuild' } | { action: 'refuse'; reason: string };

/**
 * `leftovers`: state on disk or processes from an earlier cluster. `others`: runs in progress on
 * this machine besides the caller.
 */
export function upDecision(status: ClusterStatus, leftovers: boolean, others: OwnerRecord[]): UpDecision {
  if (status.running) return { action: 'reuse' };
  if (status.detail === 'not running' && !leftovers) return { action: 'start' };
  if (others.length > 0) {
    return {
      action: 'refuse',
      reason: `the local cluster is ${status.detail}, but ${others.length} run(s) are using it (${others.map(describeOwner).join('; ')}): not tearing it down under them; wait for them to finish (or stop them), then run again`,
    };
  }
  return { action: 'rebuild' };
}
