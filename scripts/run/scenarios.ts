/**
 * Around the scenario phase: the previous run's results removed from reports/ before cucumber
 * starts (Allure never cleans its results directory: stale results would mix into this run's
 * report), and after it the scenarios counted and their failures, interruptions and those not
 * started printed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { environmentProperties } from '../report/allure-environment.ts';
import type { ScenarioResult } from '../report/messages.ts';
import { REPORTS } from '../shared/paths.ts';
import type { Cluster } from './cluster.ts';
import { StopRun } from './console.ts';
import type { RunSignal, Tally } from './signals.ts';

/** What a run writes to reports/ that the next run must not find. */
const PER_RUN = [
  'allure-results',
  'messages.ndjson',
  'junit.xml',
  'html',
  'conformance.json',
  'gate.json',
  'gate.json.loaded',
];

/** Removes the previous run's results, before cucumber starts (its formatters write at once). */
export function clearPreviousResults(): void {
  for (const stale of PER_RUN) rmSync(resolve(REPORTS, stale), { recursive: true, force: true });
  mkdirSync(resolve(REPORTS, 'allure-results'), { recursive: true });
}

/** The report's Environment panel for this run, once its cluster is known. */
export function writeEnvironmentPanel(cluster: Cluster, runId: string): void {
  mkdirSync(resolve(REPORTS, 'allure-results'), { recursive: true });
  writeFileSync(
    resolve(REPORTS, 'allure-results', 'environment.properties'),
    environmentProperties(cluster.description, cluster.images, runId),
  );
}

/** A scenario that a signal stopped: the step's InterruptedError, or the hook's "interrupted by". */
const wasInterrupted = (r: ScenarioResult) =>
  r.message?.startsWith('InterruptedError') === true || r.message?.startsWith('interrupted by') === true;

/**
 * Counts the scenarios into `tally` and prints the failed ones; after a signal, the interrupted
 * ones and how many never started (counted as skipped: `selected` minus those with a result).
 * A cucumber that failed without a failed scenario stops the run.
 */
export function countScenarios(
  results: ScenarioResult[],
  tally: Tally,
  end: { selected: number; interruptedBy: RunSignal | undefined; exitCode: number | undefined },
): void {
  for (const r of results) tally[r.status] += 1;
  const interrupted = results.filter(wasInterrupted);
  const failed = results.filter((r) => r.status === 'failed' && !wasInterrupted(r));
  if (failed.length > 0) {
    console.log('\nFailed scenarios:');
    for (const r of failed) console.log(`  ✗ ${r.uri}: ${r.name}\n      ${r.message?.split('\n')[0] ?? ''}`);
  }
  if (end.interruptedBy) {
    console.log(`\nInterrupted by ${end.interruptedBy} (counted as failed; not started ones as skipped):`);
    for (const r of interrupted) {
      const ns = r.logs.find((l) => l.startsWith('namespace '))?.slice('namespace '.length) ?? '?';
      const kept = r.logs.some((l) => l.startsWith('kept namespace '));
      console.log(`  ⚠ ${r.uri}: ${r.name} (namespace ${ns} ${kept ? 'kept' : 'deleted'})`);
    }
    // Scenarios a worker never got to (it stopped while loading) have no result at all.
    const unrun = Math.max(0, end.selected - results.length);
    tally.skipped += unrun;
    const notStarted = unrun + results.filter((r) => r.logs.some((l) => l.startsWith('skipped: not started'))).length;
    if (notStarted > 0) console.log(`  ${notStarted} scenario(s) not started (counted as skipped)`);
    return;
  }
  if (end.exitCode !== 0 && failed.length === 0) {
    tally.failed += 1;
    throw new StopRun(`cucumber exited ${end.exitCode} without a failed scenario; see its output above`);
  }
}
