/**
 * Waits until a watched collection, taken as a whole, satisfies a condition: "at least three
 * Unhealthy events" (summed over deduplicated events), "the pod's endpoint is not ready in any
 * EndpointSlice of the Service", "an Event with this reason exists". Lists first, so what already
 * exists counts at once; keeps the latest version of every object (by uid or name), drops
 * deleted ones, re-evaluates on every change, and settles as soon as the condition holds or at
 * the deadline, with what it saw instead (a time-boxed wait: ./wait.ts).
 */
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import type { WatchSource } from './resumable-watch.ts';
import { ResumableWatch } from './resumable-watch.ts';
import { timeBoxed, waitFailure, type Settled } from './wait.ts';

export interface CollectionWait<T> {
  /** For messages: `3 "Unhealthy" events for pod "x"`. */
  what: string;
  holds(items: T[]): boolean;
  /** What was seen instead, for the timeout message. */
  observed(items: T[]): string;
  /** One line for the list of observed states; the first line of `observed` by default. */
  state?(items: T[]): string;
  /** Called after every change (for a log of transitions). */
  onChange?(items: T[]): void;
}

/** Settles with the collection as it was when the condition held. */
export function waitForCollection<T>(
  source: WatchSource<T>,
  keyOf: (item: T) => string,
  wait: CollectionWait<T>,
  within: Duration,
): Promise<Settled<T[]>> {
  const started = Date.now();
  const current = new Map<string, T>();
  const states: string[] = [];
  let lastState: string | undefined;
  const watch = new ResumableWatch<T>(source, {
    onList: (items) => {
      current.clear();
      for (const item of items) current.set(keyOf(item), item);
      evaluate();
    },
    onEvent: (type, item) => {
      if (type === 'DELETED') current.delete(keyOf(item));
      else current.set(keyOf(item), item);
      evaluate();
    },
  });
  let settle: ((items: T[]) => void) | undefined;
  const evaluate = () => {
    const items = [...current.values()];
    wait.onChange?.(items);
    const state = wait.state ? wait.state(items) : (wait.observed(items).split('\n')[0] ?? '');
    if (state !== lastState) states.push(`+${formatMs(Date.now() - started)} ${state}`);
    lastState = state;
    if (wait.holds(items)) settle?.(items);
  };
  return timeBoxed<T[]>(within, {
    start: async (s) => {
      settle = s.resolve;
      await watch.start();
    },
    deadline: (s) =>
      s.reject(
        waitFailure({
          message: `${wait.what}: expected within ${within.text}, observed ${wait.observed([...current.values()])}`,
          states: { of: source.description, lines: states },
          stats: watch.stats,
        }),
      ),
    stop: () => watch.stop(),
  });
}
