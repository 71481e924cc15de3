/**
 * Scenario durations kept between runs, for starting the longest scenarios first
 * (scripts/cucumber/scenario-order.mjs) and for choosing how many workers a selection needs. A run adds its
 * scenarios' wall times to reports/durations.json and keeps the entries of scenarios it did not
 * run; features/durations.json is a committed baseline for a checkout that has no run yet.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import type { KubeHttp } from '../../support/kube/http.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { durationKey, orderForWorkers, orderLongestFirst, readDurations } from '../cucumber/scenario-order.mjs';
import { otherLiveRuns } from './lease.ts';

export type Durations = Record<string, number>;

export const key = durationKey;
export const read = readDurations;
/** @run-alone, then unknown, then longest first. */
export const longestFirst = orderLongestFirst;
/** The order the plugin gives cucumber's pickles: longest first, with at most half the workers on long scenarios. */
export const forWorkers = orderForWorkers;

/** This checkout's last run's durations (a run rewrites them), and the committed baseline. */
export const DURATIONS_FILE = resolve(REPORTS, 'durations.json');
const DURATIONS_BASELINE = resolve(ROOT, 'features', 'durations.json');

/** The first file that holds durations: the last run's, else the committed baseline. */
export function durationsSource(candidates = [DURATIONS_FILE, DURATIONS_BASELINE]): string | undefined {
  return candidates.find((path) => existsSync(path) && Object.keys(read(path)).length > 0);
}

/**
 * How many of a scenario's last recorded times its estimate looks at. The estimate is the longest
 * of them: a scenario that waits on the kubelet's sync or on a back-off takes 10 to 30 s from one
 * run to the next, and ordered by its last time alone it came last after a quick run and then
 * ended a slow one half a minute after everything else.
 */
export const RECENT_RUNS = 5;

/** Each scenario's last recorded times (oldest first) in a durations file; a file without them (the committed baseline) gives its estimates as one time each. */
export function readRecent(path: string | undefined): Record<string, number[]> {
  if (!path || !existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { recent?: unknown };
    const recent = parsed.recent;
    if (recent && typeof recent === 'object') {
      return Object.fromEntries(
        Object.entries(recent as Record<string, unknown>)
          .map(([k, v]) => [k, Array.isArray(v) ? v.filter((ms): ms is number => typeof ms === 'number') : []] as const)
          .filter(([, v]) => v.length > 0),
      );
    }
  } catch {
    return {};
  }
  return Object.fromEntries(Object.entries(read(path)).map(([k, ms]) => [k, [ms]]));
}

/**
 * Adds the run's times to each scenario's last RECENT_RUNS and writes the file: `scenarios` holds
 * the estimates (the longest recent time) that the order and the worker count read, `recent` the
 * times. Scenarios the run did not run keep theirs.
 */
export function recordDurations(
  path: string,
  previous: Record<string, number[]>,
  results: { uri: string; name: string; durationMs?: number; status: string }[],
): Durations {
  const recent: Record<string, number[]> = { ...previous };
  for (const r of results) {
    // A skipped scenario ended at once; its time says nothing about how long it takes.
    if (r.durationMs === undefined || r.status === 'skipped') continue;
    const k = key(r.uri, r.name);
    recent[k] = [...(recent[k] ?? []), r.durationMs].slice(-RECENT_RUNS);
  }
  const keys = Object.keys(recent).sort((a, b) => a.localeCompare(b));
  const scenarios: Durations = Object.fromEntries(keys.map((k) => [k, Math.max(...recent[k]!)]));
  const times = Object.fromEntries(keys.map((k) => [k, recent[k]]));
  writeFileSync(path, `${JSON.stringify({ scenarios, recent: times }, null, 2)}\n`);
  return scenarios;
}

export interface WorkerChoice {
  workers: number;
  reason: string;
}

/**
 * Enough workers that the selection's total time spread over them is no longer than its slowest
 * scenario: then the run takes about as long as that scenario. Scenarios mostly wait on the
 * cluster's timers, so the number is not the CPU count; it is capped per schedulable node (each
 * worker keeps a pod or two running), by what the machine running the suite can take (its cores:
 * the workers, and on a local cluster every node too, share them), and by the number of scenarios.
 */
export function chooseWorkers(
  selection: { uri: string; name: string }[],
  durations: Durations,
  nodes: number,
  perNode = MAX_WORKERS_PER_NODE,
  otherRuns = 0,
  cores = availableParallelism(),
): WorkerChoice {
  const known = selection.map((s) => durations[key(s.uri, s.name)]).filter((ms): ms is number => ms !== undefined);
  // The per-node budget is the cluster's: runs that share it split it.
  const machine = MAX_WORKERS_PER_CORE * Math.max(1, cores);
  const budget = Math.floor(Math.min(perNode * Math.max(1, nodes), machine) / (otherRuns + 1));
  const cap = Math.max(1, Math.min(selection.length, budget));
  const shared =
    (perNode * Math.max(1, nodes) > machine
      ? `, at most ${MAX_WORKERS_PER_CORE} per core of this machine's ${cores}`
      : '') + (otherRuns > 0 ? `, shared with ${otherRuns} other live run${otherRuns > 1 ? 's' : ''}` : '');
  if (known.length === 0) {
    return {
      workers: cap,
      reason: `no recorded durations: ${cap} (${perNode} per schedulable node${shared}, at most one per scenario)`,
    };
  }
  const typical = known.slice().sort((a, b) => a - b)[Math.floor(known.length / 2)] ?? 0;
  const estimates = selection.map((s) => durations[key(s.uri, s.name)] ?? typical);
  const total = estimates.reduce((a, b) => a + b, 0);
  const slowest = Math.max(...estimates);
  const needed = Math.max(1, Math.ceil(total / Math.max(slowest, 1)));
  // More workers save at most the time the other scenarios run beside the slowest one. Below what
  // starting worker processes costs, one worker is sooner: cucumber runs the scenarios in its own
  // process then (cucumber.mjs), with no process to start and no second copy of the support code
  // to load (the inner loop: one short scenario tried again and again, docs/speed.md).
  if (needed > 1 && total - slowest < WORKER_START_MS) {
    return {
      workers: 1,
      reason: `1: total ${seconds(total)} − slowest ${seconds(slowest)} is less than starting worker processes costs (${seconds(WORKER_START_MS)}); the scenarios run in cucumber's own process`,
    };
  }
  const workers = Math.min(needed, cap);
  return {
    workers,
    reason: `${workers} = min(total ${Math.round(total / 1000)} s ÷ slowest ${Math.round(slowest / 1000)} s → ${needed}, cap ${cap}: ${perNode} per schedulable node${shared}, at most one per scenario)`,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * What starting parallel workers costs a run, against which a second worker must save more: each
 * worker is a process that loads cucumber and the support code (about 0.5 s of CPU), beside a
 * coordinator that loads them too, on a machine of two cores (measured on ours: two INIT-07
 * scenarios of 0.2-0.3 s each took 4.9 s of CPU with two workers, 3.7 s in cucumber's own process).
 */
export const WORKER_START_MS = 1_000;

/**
 * Workers per schedulable node when the run chooses: each keeps a pod or two busy on the node.
 * It is the cluster's budget, not one run's: a run that starts while others use the cluster
 * (their leases are alive) takes its share, so two full runs side by side keep 24 scenarios on a
 * node between them; 32 (two runs of 16) had grown the kubelet's reactions past the scenarios'
 * margins. Measured on our 2-core single-node cluster with the catalogue of 185 scenarios (about
 * 41 worker-minutes, slowest 105-112 s, so total ÷ slowest asks for 25): 16 workers kept every
 * worker busy to the end (utilisation 0.99) and the scenario phase took 1.42× the slowest
 * scenario; 24 took 1.27×, every scenario green, with the CPU 84 % busy (scenarios ~25 % longer
 * from the contention, outweighed by the extra workers). Kept connections to the API server
 * (support/kube/http.ts pooledAgent) took the per-request TLS handshakes out of that CPU. A worker
 * starts in about 0.5 s of CPU, beside the sanity gate.
 */
export const MAX_WORKERS_PER_NODE = 24;

/**
 * Workers per core of the machine running the suite: 24 on our 2-core machines, the number
 * measured above. More nodes do not make the machine faster: three local nodes on the same 2
 * cores (or a 3-node cluster driven from a 2-core CI runner) get 24 workers, not 72.
 */
export const MAX_WORKERS_PER_CORE = 12;

/**
 * The run's workers when no cluster can change them, for a cucumber started before the cluster
 * check (scripts/run/run.ts): --parallel, or one worker for a selection that gets one whatever its
 * cluster (one scenario, or more workers would not pay: chooseWorkers); else undefined.
 */
export function workersWithoutCluster(
  parallel: number | undefined,
  selection: { uri: string; name: string }[],
  durations: Durations,
): WorkerChoice | undefined {
  if (parallel !== undefined) return { workers: parallel, reason: `${parallel} (--parallel)` };
  // As many nodes as scenarios and no other run: the loosest cap; one worker there is one anywhere.
  const loosest = chooseWorkers(selection, durations, selection.length);
  return loosest.workers === 1 ? loosest : undefined;
}

/**
 * The run's workers: --parallel when given, else enough for the selection to take about its
 * slowest scenario (chooseWorkers), sharing the cluster's budget with the other live runs.
 */
export async function workersFor(input: {
  parallel: number | undefined;
  selection: { uri: string; name: string }[];
  nodes: number;
  /** The durations file (durationsSource). */
  durations: string | undefined;
  http: KubeHttp;
  runId: string;
}): Promise<number> {
  if (input.parallel !== undefined) return input.parallel;
  const others = await otherLiveRuns(input.http, input.runId).catch(() => []);
  const choice = chooseWorkers(
    input.selection,
    read(input.durations),
    input.nodes || 1,
    MAX_WORKERS_PER_NODE,
    others.length,
  );
  const source = input.durations ? `; durations from ${relative(ROOT, input.durations)}` : '';
  console.log(`  workers: ${choice.reason}${source}`);
  return choice.workers;
}
