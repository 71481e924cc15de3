/**
 * The one wait of clusters/: ask again every interval until an answer comes or a deadline
 * passes. Every "not yet" of bringing a cluster up (an API server still starting, a node not yet
 * Ready, a lock another cluster:up holds, a pod still running) is a poll, because a process on
 * the host or a kubectl call has nothing to watch. The first check is made at once and the last
 * one at or after the deadline, so a wait never fails without a look at the end of its time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ClusterError } from '../provider.ts';

/** The time a poll reads and the pause it takes between checks: replaced by fakes in unit tests. */
export interface PollClock {
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
}

export const realClock: PollClock = { now: () => Date.now(), sleep: (ms) => delay(ms) };

export interface PollOptions<T> {
  /** How long to keep asking, from the first check. */
  timeoutMs: number;
  /** The pause between two checks. */
  intervalMs: number;
  /**
   * What the deadline means: a ClusterError with this message (a function builds it at the
   * deadline, to say what the checks saw last), or `{ settleFor }`: the value to return instead
   * of failing, for a wait whose last answer is good enough.
   */
  timeout: string | (() => string | Promise<string>) | { settleFor: () => T };
  /** Called before each pause (not after the last check): to say what is being waited for. */
  beforePause?: () => void;
  clock?: PollClock;
}

/**
 * Calls `check` until it gives a value other than undefined, and resolves to that value. An error
 * `check` throws ends the wait at once (a component that died, an image that cannot be pulled).
 */
export async function poll<T>(check: () => Promise<T | undefined>, options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (clock.now() >= deadline) break;
    options.beforePause?.();
    await clock.sleep(options.intervalMs);
  }
  const { timeout } = options;
  if (typeof timeout === 'object') return timeout.settleFor();
  throw new ClusterError(typeof timeout === 'string' ? timeout : await timeout());
}
