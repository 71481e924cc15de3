/**
 * pod-conformance bench [run options]: runs the selected scenarios the way `npm run scenarios`
 * does (same options: --tags, --parallel, --provider …; none: the whole catalogue with the default
 * options) and reports how fast the run was: wall time, sum of scenario times, the slowest
 * scenario, wall / slowest, worker utilisation, the time from the command to the first scenario
 * with its phases, the cluster's start when it had to start one, and the detection latency of
 * the pod waits (p50, p95, max), and the machine's CPU over the scenario phase (machine-cpu.ts). Printed, and written to reports/bench.json.
 *
 * With --repeat N it benches N runs in a row (each run its own `npm run -s scenarios`, timed and
 * printed as above, its bench.json and messages kept in reports/repeat/<i>/), then prints one
 * line per run and the stability table of `run --repeat` (scripts/run/stability.ts), also written
 * to reports/repeat.json; reports/bench.json is the last run's.
 *
 * It times the checkout's `npm run -s scenarios` (npm's start is one of the phases), so it needs
 * a checkout (scripts/cli.ts says so otherwise); the options were checked before it starts.
 * SIGINT/SIGTERM go on to the run (which stops as a run does); no further run starts.
 *
 * A benchmark, not a test: it never compares a time with a limit, so a slow machine cannot fail
 * it. Its exit code is the run's (failed scenarios fail it, slow ones do not).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { RUN_ENV } from '../../support/run-env.mjs';
import { readMessages, scenarioResults, type ScenarioResult } from '../report/messages.ts';
import { clearKeptRuns, keepRunFiles, summedTally, writeRepeatJson } from '../run/repeat.ts';
import { RunSignals, type Tally } from '../run/signals.ts';
import { formatStability, stability, type RepeatRun } from '../run/stability.ts';
import type { RunTimings } from '../run/timings.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { benchResult, formatBench, formatBenchRuns, type BenchResult } from './bench-result.ts';
import { CpuSampler } from './machine-cpu.ts';

/** What each benched run of a repeat keeps in reports/repeat/<i>/. */
const KEPT_PER_RUN = ['messages.ndjson', 'bench.json', 'conformance.json', 'run-timings.json'];

/** `--repeat N` / `--repeat=N` left out: each run the bench times is a single run. */
export function withoutRepeat(args: string[]): string[] {
  return args.filter((a, i) => !(a === '--repeat' || a.startsWith('--repeat=') || args[i - 1] === '--repeat'));
}

interface Benched {
  exitCode: number;
  /** None when no scenario started: nothing to measure. */
  result?: BenchResult;
  results: ScenarioResult[];
}

export async function bench(args: string[], repeat?: number): Promise<number> {
  const bencher = new Bench();
  return repeat === undefined ? (await bencher.once(args)).exitCode : bencher.repeated(args, repeat);
}

class Bench {
  /** The run being timed. */
  private child?: ResultPromise;
  /** Signals go on to the run being timed, which stops as a run does; the bench starts no further run. */
  private readonly signals = new RunSignals(
    (signal) => this.child?.kill(signal),
    (signal) => this.child?.kill(signal),
  );

  constructor() {
    this.signals.install();
  }

  async once(args: string[]): Promise<Benched> {
    const command = ['npm', 'run', '-s', 'scenarios', ...(args.length > 0 ? ['--', ...args] : [])];
    const startedAtMs = Date.now();
    const cpu = new CpuSampler().start();
    // The run writes where this command reads, also when POD_CONFORMANCE_REPORTS is relative.
    this.child = execa(command[0]!, command.slice(1), {
      cwd: ROOT,
      stdio: 'inherit',
      reject: false,
      env: { [RUN_ENV.reports]: REPORTS },
    });
    const run = await this.child;
    this.child = undefined;
    cpu.stop();
    const endedAtMs = Date.now();
    const exitCode = run.exitCode ?? 1;
    const messages = resolve(REPORTS, 'messages.ndjson');
    const timingsFile = resolve(REPORTS, 'run-timings.json');
    const timings = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as RunTimings) : undefined;
    // Files of an earlier run say nothing about this one.
    const fresh = timings !== undefined && timings.processStartedAt >= startedAtMs;
    if (!fresh || !existsSync(messages)) {
      console.log(`\nbench: no scenario started (exit ${exitCode}): nothing to measure`);
      return { exitCode, results: [] };
    }
    const envelopes = readMessages(messages);
    const result = benchResult({
      envelopes,
      timings,
      command: command.join(' '),
      startedAtMs,
      endedAtMs,
      exitCode,
      cpu: { samples: cpu.samples, cores: cpu.cores },
    });
    const out = resolve(REPORTS, 'bench.json');
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${formatBench(result).join('\n')}\n  written to ${relative(process.cwd(), out) || out}`);
    return { exitCode, result, results: scenarioResults(envelopes) };
  }

  /** `--repeat n`: n benched runs, until a signal came or a run started no scenario; then the stability table. */
  async repeated(args: string[], requested: number): Promise<number> {
    clearKeptRuns();
    const runs: RepeatRun[] = [];
    const benched: BenchResult[] = [];
    let stoppedWith: number | undefined;
    for (let index = 1; index <= requested; index++) {
      console.log(`\n════ bench ${index} of ${requested} (--repeat ${requested}) ════`);
      const startedAt = Date.now();
      const { exitCode, result, results } = await this.once(withoutRepeat(args));
      keepRunFiles(index, result ? KEPT_PER_RUN : []);
      if (result) benched.push(result);
      const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
      for (const r of results) tally[r.status] += 1;
      if (!result && exitCode !== 0) tally.failed = 1; // the run stopped before its scenarios: it says why above
      const interrupted = this.signals.first;
      runs.push({
        index,
        runId: (result && runIdOfReports()) ?? '?',
        results,
        tally,
        exitCode,
        durationMs: Date.now() - startedAt,
        ...(interrupted ? { interrupted } : {}),
        ...(!result && !interrupted ? { stopped: `no scenario started (exit ${exitCode}); see the run's output` } : {}),
      });
      if (interrupted) break;
      if (!result) {
        stoppedWith = exitCode;
        break;
      }
    }
    const table = stability(runs, requested);
    const lines = formatStability(table);
    console.log(`\n▶ bench --repeat: ${runs.length} of ${requested} run(s)`);
    for (const line of formatBenchRuns(benched)) console.log(line);
    for (const line of lines) console.log(line);
    const command = { bench: withoutRepeat(args) };
    writeRepeatJson({ ...table, command, kept: { dir: 'repeat/<run>' }, text: lines }, 'bench.json and messages');
    const total = summedTally(runs);
    console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    return this.signals.exitCode ?? stoppedWith ?? (total.failed > 0 ? 1 : 0);
  }
}

/** The run id of the run that wrote reports/ (from its conformance.json). */
function runIdOfReports(): string | undefined {
  const conformance = resolve(REPORTS, 'conformance.json');
  if (!existsSync(conformance)) return undefined;
  return (JSON.parse(readFileSync(conformance, 'utf8')) as { run?: { id?: string } }).run?.id;
}
