/**
 * pod-conformance bench [run options]: runs the selected scenarios the way `npm run scenarios`
 * does (same options: --tags, --parallel, --provider …; none: the whole catalogue with the default
 * options) and reports how fast the run was: wall time, sum of scenario times, the slowest
 * scenario, wall / slowest, worker utilisation, the time from the command to the first scenario
 * with its phases, the cluster's start when it had to start one, and the detection latency of
 * the pod waits (p50, p95, max). Printed, and written to reports/bench.json.
 *
 * It times the checkout's `npm run -s scenarios` (npm's start is one of the phases), so it needs
 * a checkout (scripts/cli.ts says so otherwise); the options were checked before it starts.
 *
 * A benchmark, not a test: it never compares a time with a limit, so a slow machine cannot fail
 * it. Its exit code is the run's (failed scenarios fail it, slow ones do not).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { execa } from 'execa';
import { benchResult, formatBench } from './lib/bench.ts';
import { readEnvelopes } from './lib/messages.ts';
import { REPORTS, ROOT } from './lib/paths.ts';
import type { RunTimings } from './lib/run-timings.ts';
import { RUN_ENV } from '../support/run-config.ts';

export async function bench(args: string[]): Promise<number> {
  const command = ['npm', 'run', '-s', 'scenarios', ...(args.length > 0 ? ['--', ...args] : [])];
  const startedAtMs = Date.now();
  // The run writes where this command reads, also when POD_CONFORMANCE_REPORTS is relative.
  const run = await execa(command[0]!, command.slice(1), {
    cwd: ROOT,
    stdio: 'inherit',
    reject: false,
    env: { [RUN_ENV.reports]: REPORTS },
  });
  const endedAtMs = Date.now();
  const exitCode = run.exitCode ?? 1;
  const messages = resolve(REPORTS, 'messages.ndjson');
  const timingsFile = resolve(REPORTS, 'run-timings.json');
  const timings = existsSync(timingsFile) ? (JSON.parse(readFileSync(timingsFile, 'utf8')) as RunTimings) : undefined;
  // Files of an earlier run say nothing about this one.
  const fresh = timings !== undefined && timings.processStartedAt >= startedAtMs;
  if (!fresh || !existsSync(messages)) {
    console.log(`\nbench: no scenario started (exit ${exitCode}): nothing to measure`);
    return exitCode;
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
  return exitCode;
}
