/**
 * Waits until a watched collection holds an item that matches, e.g. an Event with a given reason
 * and message, or the namespace's default ServiceAccount. Lists first, so an item that already
 * exists is found at once; then follows the watch (resuming after drops) until the deadline.
 */
import { ConformanceAssertionError } from '../assert.ts';
import type { Duration } from '../duration.ts';
import type { WatchSource } from './resumable-watch.ts';
import { ResumableWatch } from './resumable-watch.ts';

export interface ItemWait<T> {
  /** For the timeout message: `event "BackOff" for pod "x"`. */
  what: string;
  matches(item: T): boolean;
  /** Summary of what was seen instead, for the timeout message. */
  observed(items: T[]): string;
}

export async function waitForItem<T>(source: WatchSource<T>, wait: ItemWait<T>, within: Duration): Promise<T> {
  const seen: T[] = [];
  let resolveFound!: (item: T) => void;
  const found = new Promise<T>((resolve) => (resolveFound = resolve));
  const consider = (item: T) => {
    seen.push(item);
    if (wait.matches(item)) resolveFound(item);
  };
  const watch = new ResumableWatch(source, {
    onList: (items) => items.forEach(consider),
    onEvent: (type, item) => {
      if (type !== 'DELETED') consider(item);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConformanceAssertionError(
            `${wait.what}: expected within ${within.text}, observed ${seen.length === 0 ? 'nothing' : wait.observed(seen)}`,
          ),
        ),
      within.ms,
    );
  });
  try {
    await watch.start();
    return await Promise.race([found, deadline]);
  } finally {
    clearTimeout(timer);
    await watch.stop();
  }
}
