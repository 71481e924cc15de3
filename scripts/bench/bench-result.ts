/**
 * The arithmetic of `npm run bench` (scripts/bench/bench.ts): from cucumber's messages of one run and
 * the run's phase timings, the wall time of the scenario phase, the sum of the scenario times,
 * the slowest scenario, wall / slowest, worker utilisation, the time from the command to the
 * first scenario, and the detection latency of the pod waits (support/pods/detection-latency.ts).
 * It only reports: nothing here compares a time with a limit.
 */
import type { DetectionSample } from '../../support/pods/detection-latency.ts';
import { DETECTION_MEDIA_TYPE, STAMP_RESOLUTION_MS } from '../../support/pods/detection-latency.ts';
import { formatMs } from '../../support/duration.ts';
import type { Envelope } from '../report/messages.ts';
import { scenarioResults, timestampMs } from '../report/messages.ts';
import type { RunTimings } from '../run/timings.ts';
import { cpuDuring, type CpuSample, type CpuUse } from './machine-cpu.ts';

/** Nearest-rank percentile (the smallest value with at least p % of the values at or below it). */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Spread {
  p50: number;
  p95: number;
  max: number;
}

function spread(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  return { p50: percentile(values, 50)!, p95: percentile(values, 95)!, max: Math.max(...values) };
}

/** Busy time over available time: the scenario times summed, over workers × the scenario phase. */
export function utilisation(sumMs: number, workers: number, wallMs: number): number {
  return workers > 0 && wallMs > 0 ? sumMs / (workers * wallMs) : 0;
}

export interface BenchResult {
  /** The command the bench ran, and its arguments. */
  command: string;
  startedAt: string;
  /** Whole command, from its start to its exit. */
  totalMs: number;
  exitCode: number;
  scenarios: { passed: number; failed: number; skipped: number };
  /**
   * The scenario phase: from the first scenario's start to the last one's end. Workers that start
   * late show in it; what comes before the first scenario is timeToFirstScenarioMs.
   */
  wallMs: number;
  /** cucumber's own run, start to end: its workers load while the sanity gate runs. */
  cucumberMs: number;
  sumMs: number;
  slowest?: { name: string; uri: string; ms: number };
  /** wallMs / slowest. */
  ratio?: number;
  workers: number;
  utilisation: number;
  /** From the command's start to the first scenario's start. */
  timeToFirstScenarioMs?: number;
  /** What the run did before its first scenario, in order (scripts/run/timings.ts). */
  phases: { name: string; ms: number }[];
  /** The cluster: already running, or started (warm: binaries cached; cold: built first). */
  cluster?: { state: string; ms: number };
  /**
   * This machine's CPU over the scenario phase (everything on it: with the local cluster, its
   * components too), and the busy core-seconds per scenario that ran.
   */
  machineCpu?: CpuUse & { perScenarioCoreS: number };
  detection: {
    samples: number;
    resolutionMs: number;
    method: string;
    /** returned − (stamp + resolution / 2): the transition put in the middle of its second. */
    estimated?: Spread;
    /** returned − stamp: never below the true latency, at most one resolution above it. */
    upperBound?: Spread;
    /** returned − our watch's delivery of the state: the harness's own part (exact). */
    afterObserved?: Spread;
    slowest: DetectionSample[];
  };
}

export const DETECTION_METHOD =
  'step returned − cluster timestamp of the transition (lastTransitionTime, startedAt/finishedAt, deletionTimestamp); the timestamps are whole seconds, so the estimate puts each transition in the middle of its second (±0.5 s) and the upper bound at its start';

export function benchResult(input: {
  envelopes: Envelope[];
  timings?: RunTimings;
  command: string;
  startedAtMs: number;
  endedAtMs: number;
  exitCode: number;
  cpu?: { samples: CpuSample[]; cores: number };
}): BenchResult {
  const { envelopes, timings } = input;
  const runStarted = envelopes.find((e) => e.testRunStarted)?.testRunStarted;
  const runFinished = envelopes.find((e) => e.testRunFinished)?.testRunFinished;
  const starts = envelopes.flatMap((e) => (e.testCaseStarted?.timestamp ? [e.testCaseStarted] : []));
  const ends = envelopes.flatMap((e) =>
    e.testCaseFinished?.timestamp ? [timestampMs(e.testCaseFinished.timestamp)] : [],
  );
  const firstStart = starts.length > 0 ? Math.min(...starts.map((s) => timestampMs(s.timestamp!))) : undefined;
  const lastEnd = ends.length > 0 ? Math.max(...ends) : undefined;
  const wallMs = firstStart !== undefined && lastEnd !== undefined ? lastEnd - firstStart : 0;
  const results = scenarioResults(envelopes);
  const timed = results.filter((r) => r.durationMs !== undefined);
  const sumMs = timed.reduce((a, r) => a + r.durationMs!, 0);
  const slowestResult = timed.reduce<(typeof timed)[number] | undefined>(
    (a, r) => (!a || r.durationMs! > a.durationMs! ? r : a),
    undefined,
  );
  const slowest = slowestResult && { name: slowestResult.name, uri: slowestResult.uri, ms: slowestResult.durationMs! };
  const workers = timings?.workers ?? new Set(starts.map((s) => s.workerId)).size;
  const samples = results.flatMap((r) =>
    r.attachments
      .filter((a) => a.mediaType === DETECTION_MEDIA_TYPE)
      .flatMap((a) => JSON.parse(a.body) as DetectionSample[]),
  );
  const raw = samples.map((s) => s.rawMs);
  // Before the runner's own phases: npm and node starting it; after them: cucumber starting its workers.
  const phases = timings
    ? [
        { name: 'npm', ms: timings.processStartedAt - input.startedAtMs },
        ...timings.phases,
        ...(timings.cucumberStartedAt !== undefined && firstStart !== undefined
          ? [
              {
                name: 'cucumber and workers start (beside the cluster check or the gate)',
                ms: firstStart - timings.cucumberStartedAt,
              },
            ]
          : []),
      ]
    : [];
  const half = STAMP_RESOLUTION_MS / 2;
  const ran = results.filter((r) => r.status !== 'skipped').length;
  const cpu =
    input.cpu && firstStart !== undefined && lastEnd !== undefined
      ? cpuDuring(input.cpu.samples, input.cpu.cores, firstStart, lastEnd)
      : undefined;
  return {
    command: input.command,
    startedAt: new Date(input.startedAtMs).toISOString(),
    totalMs: input.endedAtMs - input.startedAtMs,
    exitCode: input.exitCode,
    scenarios: {
      passed: results.filter((r) => r.status === 'passed').length,
      failed: results.filter((r) => r.status === 'failed').length,
      skipped: results.filter((r) => r.status === 'skipped').length,
    },
    wallMs,
    cucumberMs: runStarted && runFinished ? timestampMs(runFinished.timestamp) - timestampMs(runStarted.timestamp) : 0,
    sumMs,
    slowest,
    ratio: slowest && slowest.ms > 0 && wallMs > 0 ? wallMs / slowest.ms : undefined,
    workers,
    utilisation: utilisation(sumMs, workers, wallMs),
    timeToFirstScenarioMs: firstStart !== undefined ? firstStart - input.startedAtMs : undefined,
    phases,
    cluster: timings?.cluster,
    ...(cpu ? { machineCpu: { ...cpu, perScenarioCoreS: ran > 0 ? cpu.busyCoreS / ran : 0 } } : {}),
    detection: {
      samples: samples.length,
      resolutionMs: STAMP_RESOLUTION_MS,
      method: DETECTION_METHOD,
      estimated: spread(raw.map((ms) => ms - half)),
      upperBound: spread(raw),
      afterObserved: spread(samples.map((s) => s.afterObservedMs)),
      slowest: samples
        .slice()
        .sort((a, b) => b.rawMs - a.rawMs)
        .slice(0, 5),
    },
  };
}

const seconds = (ms: number | undefined, digits = 1) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(digits)} s`);
const spreadText = (s: Spread | undefined, digits = 1) =>
  s ? `p50 ${seconds(s.p50, digits)}, p95 ${seconds(s.p95, digits)}, max ${seconds(s.max, digits)}` : 'no samples';

const cpuText = (c: BenchResult['machineCpu']) =>
  c
    ? `${(c.share * 100).toFixed(0)} % of ${c.cores} core(s) busy over the scenario phase: ${c.busyCoreS.toFixed(0)} core-s, ${c.perScenarioCoreS.toFixed(2)} core-s per scenario that ran (everything on this machine; near 100 % the phase is CPU-bound: only less work per scenario shortens it)`
    : 'not measured (no /proc/stat)';

/** The bench's console report. */
export function formatBench(r: BenchResult): string[] {
  const s = r.scenarios;
  const lines = [
    `bench: ${r.command}`,
    `  scenarios            ${s.passed + s.failed + s.skipped} (${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped), exit ${r.exitCode}`,
    `  wall (scenarios)     ${formatMs(r.wallMs)}  (first scenario's start to last one's end; cucumber's whole run ${formatMs(r.cucumberMs)}, its workers load beside the sanity gate)`,
    `  sum of scenarios     ${formatMs(r.sumMs)}`,
    `  slowest scenario     ${r.slowest ? `${formatMs(r.slowest.ms)}  ${r.slowest.uri}: ${r.slowest.name}` : '?'}`,
    `  wall / slowest       ${r.ratio === undefined ? '?' : r.ratio.toFixed(2)}`,
    `  workers              ${r.workers}, utilisation ${(r.utilisation * 100).toFixed(0)} % (sum ÷ (workers × wall))`,
    `  first scenario       ${seconds(r.timeToFirstScenarioMs)} after the command started${r.phases.length > 0 ? `: ${r.phases.map((p) => `${p.name} ${seconds(p.ms)}`).join(', ')}` : ''}`,
    `  cluster              ${r.cluster ? `${r.cluster.state} (${seconds(r.cluster.ms)})` : '?'}`,
    `  machine CPU          ${cpuText(r.machineCpu)}`,
    `  detection latency    ${r.detection.samples} waits: ${spreadText(r.detection.estimated)}`,
    `                       upper bound (transition at the start of its second): ${spreadText(r.detection.upperBound)}`,
    `                       of which after our watch delivered the state: ${spreadText(r.detection.afterObserved, 3)}`,
    `  whole command        ${formatMs(r.totalMs)}`,
  ];
  const worst = r.detection.slowest[0];
  if (worst) {
    lines.push(
      `  slowest detection    ${seconds(worst.rawMs)} raw: pod ${worst.pod} ${worst.waitedFor} (${worst.field} ${worst.stampedAt}, returned ${worst.returnedAt})`,
    );
  }
  return lines;
}

/** `bench --repeat`: one line per benched run, to compare them at a glance. */
export function formatBenchRuns(results: BenchResult[]): string[] {
  return results.map((r, i) => {
    const s = r.scenarios;
    return `  ${i + 1}. wall ${formatMs(r.wallMs)}, wall / slowest ${r.ratio === undefined ? '?' : r.ratio.toFixed(2)}, CPU ${r.machineCpu ? `${(r.machineCpu.share * 100).toFixed(0)} % busy, ${r.machineCpu.perScenarioCoreS.toFixed(2)} core-s/scenario` : '?'}, first scenario ${seconds(r.timeToFirstScenarioMs)}, detection ${r.detection.samples} waits p95 ${seconds(r.detection.estimated?.p95)} max ${seconds(r.detection.estimated?.max)}, ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, exit ${r.exitCode}`;
  });
}
