/**
 * `pod-conformance test`'s own checks before the scenarios: typecheck, lint and format, then the
 * unit tests, each counted into the closing line (a unit test counts as one passed or failed).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { binOf, REPORTS, ROOT } from '../shared/paths.ts';
import { heading, StopRun, timed } from './console.ts';
import type { Tally } from './signals.ts';

/** Runs a command with its output on the console; true when it exits 0. */
async function check(label: string, command: string, args: string[]): Promise<boolean> {
  heading(label);
  return timed(`${label} finished`, async () => {
    const run = await execa(command, args, { cwd: ROOT, stdio: 'inherit', reject: false });
    if (run.exitCode !== 0) console.log(`  ✗ ${label} failed (exit ${run.exitCode})`);
    return run.exitCode === 0;
  });
}

async function staticChecks(tally: Tally): Promise<void> {
  const results = [
    await check('typecheck: tsc --noEmit', binOf('typescript', 'tsc'), ['--noEmit']),
    await check('lint: eslint', binOf('eslint', 'eslint'), ['.']),
    await check('format: prettier --check', binOf('prettier', 'prettier'), ['--check', '.', '--log-level', 'warn']),
  ];
  const failures = results.filter((ok) => !ok).length;
  tally.failed += failures;
  if (failures > 0)
    throw new StopRun(
      `${failures} static check(s) failed (counted as failed above); fix them, then run npm test again`,
    );
}

async function unitTests(tally: Tally): Promise<void> {
  const json = resolve(REPORTS, 'vitest.json');
  rmSync(json, { force: true });
  const ok = await check('unit tests: vitest', binOf('vitest', 'vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${json}`,
  ]);
  if (!existsSync(json)) {
    tally.failed += 1;
    throw new StopRun('vitest wrote no results (reports/vitest.json); see its output above');
  }
  const r = JSON.parse(readFileSync(json, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
  if (!ok || r.numFailedTests > 0)
    throw new StopRun(`${r.numFailedTests} unit test(s) failed; fix them before running scenarios`);
}

/** `test`: the static checks, then the unit tests; the first that fails stops the run. */
export async function checksBefore(tally: Tally): Promise<void> {
  await staticChecks(tally);
  await unitTests(tally);
}
