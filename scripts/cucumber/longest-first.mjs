/**
 * Cucumber plugin: the scenarios that took longest in earlier runs start first. Most scenarios
 * wait on the cluster's own timers, so a run's wall time is bounded below by its slowest scenario;
 * started last, a long scenario would add its whole length to the end of the run. Scenarios
 * without a recorded duration (new ones, or a first run) start before every known one: they may be
 * long. Durations come from the file POD_CONFORMANCE_DURATIONS names (scripts/run/run.ts passes the
 * last run's reports/durations.json, or the committed baseline features/durations.json); without
 * it every scenario is unknown and the order is cucumber's own, after the @run-alone ones.
 *
 * Plain JavaScript: the coordinator loads plugins before the TypeScript loader is registered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { RUN_ALONE_TAG, RUN_ENV } from '../../support/run-env.mjs';

/** How a scenario is known across runs: its feature file and its name (outline rows differ by name). */
export function durationKey(uri, name) {
  return `${uri} :: ${name}`;
}

/** `{ "features/x.feature :: name": 12345 }` (milliseconds) from a durations file, or {}. */
export function readDurations(path) {
  if (!path || !existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8'));
    return parsed && typeof parsed.scenarios === 'object' && parsed.scenarios !== null ? parsed.scenarios : {};
  } catch {
    return {};
  }
}

/**
 * @run-alone scenarios first (they run one at a time while the other workers are still starting,
 * instead of after the last long scenario), then unknown ones, then longest first; equal
 * estimates keep cucumber's order.
 */
export function orderLongestFirst(items, durations) {
  const estimate = (item) => {
    const ms = durations[durationKey(item.pickle.uri, item.pickle.name)];
    return typeof ms === 'number' ? ms : Number.POSITIVE_INFINITY;
  };
  const alone = (item) => (item.pickle.tags ?? []).some((t) => t.name === RUN_ALONE_TAG);
  return items
    .map((item, index) => ({ item, index, ms: estimate(item), alone: alone(item) }))
    .sort((a, b) =>
      a.alone !== b.alone ? (a.alone ? -1 : 1) : b.ms === a.ms ? a.index - b.index : b.ms > a.ms ? 1 : -1,
    )
    .map(({ item }) => item);
}

export default {
  type: 'plugin',
  coordinator: async ({ transform, environment }) => {
    const durations = readDurations(environment.env[RUN_ENV.durations]);
    transform('pickles:order', (pickles) => orderLongestFirst(pickles, durations));
  },
};
