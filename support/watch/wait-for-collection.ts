/**
 * Waits until a watched collection, taken as a whole, satisfies a condition: "at least three
 * Unhealthy events" (summed over deduplicated events), "the pod's endpoint is not ready in any
 * EndpointSlice of the Service". Keeps the latest version of every object (by uid or name),
 * drops deleted ones, re-evaluates on every change, and settles as soon as the condition holds
 * or at the deadline, with what it saw instead.
 */
import { ConformanceAssertionError } from '../assert.ts';
import type { Duration } from '../duration.ts';
import type { WatchSource } from './resumable-watch.ts';
import { ResumableWatch } from './resumable-watch.ts';

export interface CollectionWait<T> {
  /** For messages: `3 "Unhealthy" events for pod "x"`. */
  what: string;
  holds(items: T[]): boolean;
  /** What was seen instead, for the timeout message. */
  observed(items: T[]): string;
  /** Called after every change (for a log of transitions). */
  onChange?(items: T[]): void;
}

export interface CollectionOutcome<T> {
  items: T[];
  elapsedMs: number;
}

export async function waitForCollection<T>(
  source: WatchSource<T>,
  keyOf: (item: T) => string,
  wait: CollectionWait<T>,
  within: Duration,
): Promise<CollectionOutcome<T>> {
  const started = Date.now();
  const current = new Map<string, T>();
  let resolveHeld!: (items: T[]) => void;
  const held = new Promise<T[]>((resolve) => (resolveHeld = resolve));
  const evaluate = () => {
    const items = [...current.values()];
    wait.onChange?.(items);
    if (wait.holds(items)) resolveHeld(items);
  };
  const watch = new ResumableWatch(source, {
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
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConformanceAssertionError(
            `${wait.what}: expected within ${within.text}, observed ${wait.observed([...current.values()])}`,
          ),
        ),
      within.ms,
    );
  });
  try {
    await watch.start();
    const items = await Promise.race([held, deadline]);
    return { items, elapsedMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await watch.stop();
  }
}
