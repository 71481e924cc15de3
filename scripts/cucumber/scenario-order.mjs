/**
 * Cucumber plugin: the order in which the workers take the scenarios, from the durations of
 * earlier runs (the file POD_CONFORMANCE_DURATIONS names: scripts/run/run.ts passes the last run's
 * reports/durations.json, or the committed baseline features/durations.json).
 *
 * - @run-alone scenarios first (they run one at a time while the other workers are still
 *   starting, instead of after the last long scenario), then those without a recorded duration
 *   (new ones, or a first run: they may be long).
 * - Then longest first, so the run does not end on a long scenario started late, **with at most
 *   half the workers on long scenarios at once** (long: at least a quarter of the slowest). A long
 *   scenario mostly waits on the cluster's timers (probe periods, back-off, grace periods) and
 *   costs about the CPU of a short one spread over a minute or more; plain longest-first gave
 *   every worker one of them at the start, and on our 2-core machine the cores were a third to a
 *   half idle for half a minute while 24 workers waited on timers, then the short scenarios,
 *   which are dense in pod starts, queued for the CPU until the end. With the cap the other half
 *   of the workers keeps the cores busy from the start, and the long ones still start early
 *   enough: the order is that of a simulation of the workers over the recorded durations, so a
 *   long one waits only for another long one to finish, and when no short one is left the long
 *   ones take every worker.
 *
 * Without durations every scenario is unknown and the order is cucumber's own, after the
 * @run-alone ones. The order is static: cucumber gives the next scenario of the list to the next
 * idle worker (support/scenario/run-alone.ts may hold a @run-alone one back).
 *
 * Plain JavaScript: the coordinator loads plugins before the TypeScript loader is registered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { RUN_ALONE_TAG, RUN_ENV } from '../../support/run-env.mjs';

/** A scenario is long when it took at least this share of the slowest one. */
export const LONG_SHARE = 0.25;
/** At most this share of the workers runs long scenarios at once (while short ones are left). */
export const LONG_WORKERS_SHARE = 0.5;

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
 * @run-alone scenarios first, then unknown ones, then longest first; equal estimates keep
 * cucumber's order.
 */
export function orderLongestFirst(items, durations) {
  return ranked(items, durations).map(({ item }) => item);
}

/** The items with their estimates (Infinity when unknown), in orderLongestFirst's order. */
function ranked(items, durations) {
  return items
    .map((item, index) => {
      const ms = durations[durationKey(item.pickle.uri, item.pickle.name)];
      return {
        item,
        index,
        ms: typeof ms === 'number' ? ms : Number.POSITIVE_INFINITY,
        alone: (item.pickle.tags ?? []).some((t) => t.name === RUN_ALONE_TAG),
      };
    })
    .sort((a, b) =>
      a.alone !== b.alone ? (a.alone ? -1 : 1) : b.ms === a.ms ? a.index - b.index : b.ms > a.ms ? 1 : -1,
    );
}

/**
 * The order for `workers` workers: longest first (as orderLongestFirst), with at most half the
 * workers on long scenarios at once while short ones are left, as a simulation of the workers
 * over the recorded durations gives it.
 */
export function orderForWorkers(items, durations, workers) {
  const all = ranked(items, durations);
  const first = all.filter((r) => r.alone || !Number.isFinite(r.ms));
  const known = all.filter((r) => !r.alone && Number.isFinite(r.ms));
  if (known.length === 0) return all.map((r) => r.item);
  const slowest = known[0].ms;
  const longMs = LONG_SHARE * slowest;
  const cap = Math.max(1, Math.ceil(Math.max(1, workers) * LONG_WORKERS_SHARE));
  const long = known.filter((r) => r.ms >= longMs);
  const short = known.filter((r) => r.ms < longMs);

  // The workers' scenarios as the simulation runs them: [ends at, long?]. Those started first
  // (@run-alone and unknown) hold a worker for as long as the slowest known, outside the cap.
  const running = first.map(() => ({ end: slowest, long: false }));
  const order = first.map((r) => r.item);
  let now = 0;
  while (long.length > 0 || short.length > 0) {
    if (running.length >= Math.max(1, workers)) {
      running.sort((a, b) => a.end - b.end);
      now = running.shift().end;
      continue;
    }
    const longRunning = running.filter((r) => r.long).length;
    const next = long.length > 0 && (longRunning < cap || short.length === 0) ? long.shift() : short.shift();
    order.push(next.item);
    running.push({ end: now + next.ms, long: next.ms >= longMs });
  }
  return order;
}

export default {
  type: 'plugin',
  coordinator: async ({ transform, environment }) => {
    const durations = readDurations(environment.env[RUN_ENV.durations]);
    const workers = Number(environment.env[RUN_ENV.parallel] ?? 1) || 1;
    transform('pickles:order', (pickles) => orderForWorkers(pickles, durations, workers));
  },
};
