/**
 * The one time-boxed wait. Every wait of the harness runs through timeBoxed(): the pod recorder's
 * becomes/stays/nextChange, the collection waits (events, endpoints, service accounts, cleanup
 * pods) and the step budget of steps/define.ts. A wait starts observing, settles once (later
 * calls are ignored), and when its box is over without settling, its deadline handler decides
 * (with one last read, if it wants one). Its result carries what was observed and when the wait
 * started and ended, so whoever wants to measure waits (detection latency) reads it in one shape.
 *
 * A wait that fails on what it observed uses waitFailure(): one message line (what was awaited,
 * for how long, what was seen instead), then the last observed states and the watch's statistics.
 */
import { ConformanceAssertionError } from '../assert.ts';
import type { WatchStats } from './resumable-watch.ts';

export interface TimeBox {
  readonly ms: number;
}

export interface Settle<T> {
  resolve: (observed: T) => void;
  /** Usually a ConformanceAssertionError; a step's own error is passed on as thrown. */
  reject: (error: unknown) => void;
}

export interface Settled<T> {
  /** What settled the wait: the state, items or value that satisfied it. */
  observed: T;
  /** Harness clock (epoch ms) at the start of the wait and when it settled. */
  startedAt: number;
  endedAt: number;
  elapsedMs: number;
}

export interface TimeBoxedWait<T> {
  /** Starts observing; may settle at once. A throw or a rejection fails the wait. */
  start(settle: Settle<T>): void | Promise<void>;
  /** The box is over and nothing settled the wait: this must settle it. */
  deadline(settle: Settle<T>): void | Promise<void>;
  /** Releases what start() took hold of; runs once, before the wait returns. */
  stop?(): void | Promise<void>;
}

export function timeBoxed<T>(box: TimeBox, wait: TimeBoxedWait<T>): Promise<Settled<T>> {
  const startedAt = Date.now();
  return new Promise<Settled<T>>((resolve, reject) => {
    let settled = false;
    const finish = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      Promise.resolve()
        .then(() => wait.stop?.())
        .then(done, reject);
    };
    const settle: Settle<T> = {
      resolve: (observed) => {
        const endedAt = Date.now();
        finish(() => resolve({ observed, startedAt, endedAt, elapsedMs: endedAt - startedAt }));
      },
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as thrown
      reject: (error) => finish(() => reject(error)),
    };
    const guarded = (run: () => void | Promise<void>): Promise<void> => {
      try {
        return Promise.resolve(run()).catch(settle.reject);
      } catch (error) {
        settle.reject(error);
        return Promise.resolve();
      }
    };
    const timer = setTimeout(() => {
      void guarded(() => wait.deadline(settle)).then(() => {
        if (!settled) settle.reject(new Error(`a wait's deadline handler did not settle it after ${box.ms} ms`));
      });
    }, box.ms);
    void guarded(() => wait.start(settle));
  });
}

/** How many of the last observed states a failure shows. */
export const STATES_SHOWN = 12;

export interface WaitFailure {
  /** The one line: what was awaited, for how long, and what was observed instead. */
  message: string;
  /** What the states are of (`pod "web"`, `events of pod "web"`) and one line per state, oldest first. */
  states: { of: string; lines: readonly string[] };
  /** Lines after the states, such as a read at the end of the wait. */
  notes?: readonly string[];
  stats?: WatchStats;
}

export function waitFailure(failure: WaitFailure): ConformanceAssertionError {
  const { of, lines } = failure.states;
  const details = [
    `observed states of ${of} (${lines.length}, last ${Math.min(lines.length, STATES_SHOWN)}):`,
    ...lines.slice(-STATES_SHOWN).map((line) => `  ${line}`),
    ...(failure.notes ?? []),
  ];
  if (failure.stats) {
    const { connections, drops, relists, errors } = failure.stats;
    details.push(`watch: ${connections} connections, ${drops} drops, ${relists} relists, ${errors.length} errors`);
  }
  return new ConformanceAssertionError(failure.message, details.join('\n'));
}
