/**
 * pod-conformance bench [run options]: runs the selected scenarios the way `npm run scenarios`
 * does (same options: --tags, --parallel, --provider …; none: the whole catalogue with the default
 * options) and reports how fast the run was: wall time, sum of scenario times, the slowest
 * scenario, wall / slowest, worker utilisation, the time from the command to the first scenario
 * with its phases, the cluster's start when it had to start one, and the detection latency of
 * the pod waits (p50, p95, max). Printed, and written to reports/bench.json.
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
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { benchResult, formatBench, formatBenchRuns, type BenchResult } from './bench-result.ts';
import { readEnvelopes, scenarioResults } from '../report/messages.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import type { RunTimings } from '../run/timings.ts';
import { RunSignals } from '../run/signals.ts';
import { formatStability, stability, type RepeatRun } from '../run/stability.ts';
import { RUN_ENV } from '../../support/run-config.ts';

let child: ResultPromise | undefined;

/** Signals go on to the run being timed, which stops as a run does; the bench starts no further run. */
const signals = new RunSignals(
  (signal) => child?.kill(signal),
  (signal) => child?.kill(signal),
);

/** `--repeat N` / `--repeat=N` left out: each run the bench times is a single run. */
export function withoutRepeat(args: string[]): string[] {
  return args.filter((a, i) => !(a === '--repeat' || a.startsWith('--repeat=') || args[i - 1] === '--repeat'));
}

interface Benched {
  exitCode: number;
  result?: BenchResult;
}

async function benchOnce(args: string[]): Promise<Benched> {
  const command = ['npm', 'run', '-s', 'scenarios', ...(args.length > 0 ? ['--', ...args] : [])];
  const startedAtMs = Date.now();
  // The run writes where this command reads, also when POD_CONFORMANCE_REPORTS is relative.
  child = execa(command[0]!, command.slice(1), {
    cwd: ROOT,
    stdio: 'inherit',
    reject: false,
    env: { [RUN_ENV.reports]: REPORTS },
  });
  const run = await child;
  child = undefined;
  const endedAtMs = Date.now();
  const exitCode = run.exitCode ?? 1;
  const messages = resolve(REPORTS, 'messages.ndjson');
  const timingsFile = resolve(REPORTS, 'run-timings.json');
  const timings = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as RunTimings) : undefined;
  // Files of an earlier run say nothing about this one.
  const fresh = timings !== undefined && timings.processStartedAt >= startedAtMs;
  if (!fresh || !existsSync(messages)) {
    console.log(`\nbench: no scenario started (exit ${exitCode}): nothing to measure`);
    return { exitCode };
  }
  const result = benchResult({
    envelopes: readEnvelopes(messages),
    timings,
    command: command.join(' '),
    startedAtMs,
    endedAtMs,
    exitCode,
  });
  const out = resolve(REPORTS, 'bench.json');
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${formatBench(result).join('\n')}\n  written to ${relative(process.cwd(), out) || out}`);
  return { exitCode, result };
}

export async function bench(args: string[], repeat?: number): Promise<number> {
  signals.install();
  if (repeat === undefined) return (await benchOnce(args)).exitCode;
  const dir = resolve(REPORTS, 'repeat');
  const json = resolve(REPORTS, 'repeat.json');
  rmSync(dir, { recursive: true, force: true });
  rmSync(json, { force: true });
  const runs: RepeatRun[] = [];
  const benched: BenchResult[] = [];
  let stoppedWith: number | undefined;
  for (let index = 1; index <= repeat; index++) {
    console.log(`\n════ bench ${index} of ${repeat} (--repeat ${repeat}) ════`);
    const startedAt = Date.now();
    const { exitCode, result } = await benchOnce(withoutRepeat(args));
    const kept = resolve(dir, String(index));
    mkdirSync(kept, { recursive: true });
    const messages = resolve(REPORTS, 'messages.ndjson');
    if (result) {
      benched.push(result);
      for (const name of ['messages.ndjson', 'bench.json', 'conformance.json', 'run-timings.json']) {
        if (existsSync(resolve(REPORTS, name))) copyFileSync(resolve(REPORTS, name), resolve(kept, name));
      }
    }
    const results = result ? scenarioResults(readEnvelopes(messages)) : [];
    const tally = { passed: 0, failed: 0, skipped: 0 };
    for (const r of results) tally[r.status] += 1;
    if (!result && exitCode !== 0) tally.failed = 1; // the run stopped before its scenarios: it says why above
    runs.push({
      index,
      runId: runIdOf(messages, result !== undefined) ?? '?',
      results,
      tally,
      exitCode,
      durationMs: Date.now() - startedAt,
      ...(signals.first ? { interrupted: signals.first } : {}),
      ...(!result && !signals.first ? { stopped: `no scenario started (exit ${exitCode}); see the run's output` } : {}),
    });
    if (signals.first) break;
    if (!result) {
      stoppedWith = exitCode;
      break;
    }
  }
  const table = stability(runs, repeat);
  const lines = formatStability(table);
  console.log(`\n▶ bench --repeat: ${runs.length} of ${repeat} run(s)`);
  for (const line of formatBenchRuns(benched)) console.log(line);
  for (const line of lines) console.log(line);
  writeFileSync(
    json,
    `${JSON.stringify({ ...table, command: { bench: withoutRepeat(args) }, kept: { dir: 'repeat/<run>' }, text: lines }, null, 2)}\n`,
  );
  console.log(
    `written to ${relative(process.cwd(), json) || json}; each run's bench.json and messages in ${relative(process.cwd(), dir) || dir}/<run>/`,
  );
  const total = table.runs.reduce(
    (t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return signals.exitCode ?? stoppedWith ?? (total.failed > 0 ? 1 : 0);
}

/** The run id of the run that wrote `messages` (its scenario namespaces' label, in their logs). */
function runIdOf(messages: string, fresh: boolean): string | undefined {
  if (!fresh) return undefined;
  const conformance = resolve(messages, '..', 'conformance.json');
  if (!existsSync(conformance)) return undefined;
  return (JSON.parse(readFileSync(conformance, 'utf8')) as { run?: { id?: string } }).run?.id;
}
