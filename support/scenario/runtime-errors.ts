/**
 * The nodes' runtime error counters (kubelet_runtime_operations_errors_total of the calls a healthy
 * runtime always answers, support/scenario/infrastructure.ts), sampled once for the whole run
 * rather than once per scenario: the run reads every node's metrics every few seconds while the
 * scenarios run and keeps the readings in one file; a scenario whose step fails compares the
 * reading taken before it started with a fresh one. Each reading is the kubelet's whole metrics
 * page (about 200 KB, rendered by the kubelet and passed through the API server's node proxy), so
 * one per scenario and node was a few percent of a run's CPU on a small machine, for a check that
 * only a failure needs.
 *
 * The reading a scenario compares with is at most one interval older than its start: a runtime
 * that failed in those seconds is named too, and the message says since when it counts.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { KubeClients } from '../kube/clients.ts';
import { runtimeErrorBaseline } from './infrastructure.ts';

/** How often the run reads the counters. */
export const SAMPLE_EVERY_MS = 5_000;

/** One reading: when, and per node, per call, its error count. */
export interface RuntimeErrorSample {
  atMs: number;
  nodes: Record<string, Record<string, number>>;
}

/** The last reading taken at or before `atMs`, from the run's file; undefined when there is none. */
export function readingBefore(file: string | undefined, atMs: number): RuntimeErrorReading | undefined {
  if (!file) return undefined;
  let samples: RuntimeErrorSample[];
  try {
    samples = (JSON.parse(readFileSync(file, 'utf8')) as { samples: RuntimeErrorSample[] }).samples;
  } catch {
    return undefined;
  }
  return pickBefore(samples, atMs);
}

export interface RuntimeErrorReading {
  atMs: number;
  counts: Map<string, Map<string, number>>;
}

/** The last sample at or before `atMs` (pure, for tests). */
export function pickBefore(samples: RuntimeErrorSample[], atMs: number): RuntimeErrorReading | undefined {
  const sample = samples.filter((s) => s.atMs <= atMs).at(-1);
  if (!sample) return undefined;
  return {
    atMs: sample.atMs,
    counts: new Map(Object.entries(sample.nodes).map(([node, calls]) => [node, new Map(Object.entries(calls))])),
  };
}

/** Readings kept in the file: enough for the longest scenario to find the one before its start. */
const KEPT = 720;

/**
 * Reads the counters of every node now and then every SAMPLE_EVERY_MS into `file` (replaced
 * whole, so a reader never sees half a file; an earlier run's file is removed first), until
 * stopped. The first reading is awaited.
 */
export async function sampleRuntimeErrors(
  clients: Pick<KubeClients, 'http'>,
  file: string,
  everyMs = SAMPLE_EVERY_MS,
): Promise<() => void> {
  const samples: RuntimeErrorSample[] = [];
  let stopped = false;
  // An earlier run's readings are no baseline for this one's scenarios.
  rmSync(file, { force: true });
  const take = async () => {
    const atMs = Date.now();
    const counts = await runtimeErrorBaseline(clients).catch(() => new Map<string, Map<string, number>>());
    if (stopped || counts.size === 0) return;
    samples.push({
      atMs,
      nodes: Object.fromEntries([...counts].map(([node, calls]) => [node, Object.fromEntries(calls)])),
    });
    if (samples.length > KEPT) samples.splice(0, samples.length - KEPT);
    writeFileSync(`${file}.tmp`, JSON.stringify({ samples }));
    renameSync(`${file}.tmp`, file);
  };
  await take();
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow API server: no readings pile up
    running = true;
    void take().finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
