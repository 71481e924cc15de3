/**
 * @run-alone: a scenario that cannot share the cluster with other scenarios (the README lists
 * which carry the tag, and why). cucumber asks mayStart before it gives a worker a scenario
 * (support/scenario/speed-hooks.ts); scripts/cucumber/scenario-order.mjs queues these scenarios first, so they run
 * while the other workers are still starting instead of after the last long scenario.
 */
import { RUN_ALONE_TAG } from '../run-env.mjs';

export { RUN_ALONE_TAG };

interface Tagged {
  tags: readonly { name: string }[];
}

export const isRunAlone = (pickle: Tagged): boolean => pickle.tags.some((t) => t.name === RUN_ALONE_TAG);

/** A scenario may start when nothing runs, or when neither it nor any running one is @run-alone. */
export function mayStart(pickle: Tagged, running: readonly Tagged[]): boolean {
  return running.length === 0 || (!isRunAlone(pickle) && !running.some(isRunAlone));
}
