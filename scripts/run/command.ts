/**
 * `pod-conformance run` and `pod-conformance test` (scripts/cli.ts): the scenarios against a real
 * cluster (the default local one is brought up when none is running), for `test` after
 * typecheck, lint and unit tests, and one closing line `N passed, N failed, N skipped` that sums
 * vitest's tests and cucumber's scenarios. The options and exit codes are in scripts/args.ts.
 *
 * Every problem that stops the run is one line saying what is wrong and what to do. Bad input
 * (an option, a feature file, a manifest, a placeholder) is found first, before the checks, the
 * cluster or the previous reports are touched, and exits 2. Each run is a Run (scripts/run/run.ts);
 * this is the command around it: the checkout's run lock, SIGINT/SIGTERM, and with `--repeat N`
 * the runs one after the other (each a run of its own: run id, cluster check, sanity gate, lease),
 * under one run lock, then the stability table (scripts/run/repeat.ts) and the closing line
 * summed over the runs.
 */
import { mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { formatMs } from '../../support/duration.ts';
import { EXIT } from '../shared/exit.ts';
import type { RunOptions } from '../shared/options.ts';
import { REPORTS } from '../shared/paths.ts';
import { StopRun } from './console.ts';
import { Repeat } from './repeat.ts';
import { newRunId } from './run-id.ts';
import { takeRunLock } from './run-lock.ts';
import { Run, type RunOutcome } from './run.ts';
import { RunSignals, type RunSignal, type Tally } from './signals.ts';

/**
 * Runs the suite with options parsed by scripts/args.ts; `checks` adds typecheck, lint and unit
 * tests before the scenarios; `--repeat` runs the scenarios that many times. Resolves to the
 * exit code (see EXIT).
 */
export async function runSuite(options: RunOptions, checks: boolean): Promise<number> {
  return new RunCommand(options, checks).execute();
}

class RunCommand {
  private readonly startedAt = Date.now();
  private readonly signals = new RunSignals(
    (signal) => this.onSignal(signal),
    (signal) => this.onSignalAgain(signal),
  );
  /** The checkout's run lock (reports/.run.lock), held by all the runs of a repeat. */
  private releaseLock: () => void = () => undefined;
  /** The run under way (the last one, once it ended). */
  private run?: Run;
  private repeat?: Repeat;
  /** leave() has the end in hand: it prints the closing line and exits the process. */
  private leaving = false;
  /** The closing lines are being printed: a signal has nothing left to stop. */
  private closing = false;

  constructor(
    private readonly options: RunOptions,
    private readonly checks: boolean,
  ) {}

  async execute(): Promise<number> {
    this.signals.install();
    mkdirSync(REPORTS, { recursive: true });
    const runId = newRunId();
    try {
      this.releaseLock = takeRunLock(runId);
    } catch (err) {
      if (!(err instanceof StopRun)) throw err;
      console.error(`error: ${err.message}`);
      return this.finish({ passed: 0, failed: 1, skipped: 0 }, err.exitCode);
    }
    try {
      if (this.options.repeat !== undefined) return await this.repeated(this.options.repeat, runId);
      const outcome = await this.runOnce(runId, { first: true, checks: this.checks, withReport: true });
      return this.leaving ? await this.leftAlready() : this.finish(outcome.tally, outcome.exitCode);
    } finally {
      this.releaseLock();
    }
  }

  private async runOnce(
    runId: string,
    how: { first: boolean; checks: boolean; withReport: boolean },
  ): Promise<RunOutcome> {
    this.run = new Run({ runId, options: this.options, signals: this.signals, ...how });
    return this.run.execute();
  }

  /** `--repeat n`: the runs one after the other, until n are done, a signal came, or a run stopped on a problem. */
  private async repeated(requested: number, firstRunId: string): Promise<number> {
    const repeat = new Repeat(requested, this.options);
    this.repeat = repeat;
    let stoppedWith: number | undefined;
    for (let index = 1; index <= requested; index++) {
      repeat.current = index;
      console.log(`\n════ run ${index} of ${requested} (--repeat ${requested}) ════`);
      const first = index === 1;
      const runId = first ? firstRunId : newRunId();
      const outcome = await this.runOnce(runId, { first, checks: false, withReport: index === requested });
      if (this.leaving) return this.leftAlready();
      const interrupted = this.signals.first;
      repeat.keep({ index, ...outcome, ...(interrupted ? { interrupted } : {}) }, this.run?.filesAreOurs ?? false);
      const { passed, failed, skipped } = outcome.tally;
      console.log(
        `\n  run ${index} of ${requested} (${outcome.runId}): ${passed} passed, ${failed} failed, ${skipped} skipped in ${formatMs(outcome.durationMs)}, exit ${outcome.exitCode}`,
      );
      if (interrupted) {
        if (index < requested)
          console.log(
            `  ${interrupted}: ${index + 1 === requested ? `run ${requested} is` : `runs ${index + 1} to ${requested} are`} not started`,
          );
        break;
      }
      if (outcome.stopped !== undefined) {
        stoppedWith = outcome.exitCode;
        if (index < requested)
          console.log(
            `  run ${index} stopped on a problem of its own (above): the repeat ends here, its table follows`,
          );
        break;
      }
    }
    this.closing = true;
    const total = repeat.summary();
    return this.finish(total, this.signals.exitCode ?? stoppedWith ?? (total.failed > 0 ? EXIT.failed : EXIT.passed));
  }

  /** The first signal: no new scenario starts, running ones stop and clean up; before them, leave at once. */
  private onSignal(signal: RunSignal): void {
    if (this.closing) return; // the summary is being printed: nothing is left to stop
    // cucumber runs in its own process group (scripts/run/cucumber.ts): this reaches every worker once.
    if (this.run?.signalScenarios(signal)) {
      const more = this.repeat && this.repeat.remaining > 0 ? '; no further run of the repeat' : '';
      console.log(
        `\n⚠ ${signal}: no new scenario starts${more}; running ones stop now and clean up their namespaces (${signal} again: delete them at once and exit)`,
      );
      return;
    }
    console.log(`\n⚠ ${signal}: stopped before any scenario started`);
    void this.leave(signal);
  }

  /** The second signal: the user insists. */
  private onSignalAgain(signal: RunSignal): void {
    if (this.closing) return; // the run is printing its summary: nothing is left to stop
    console.log(`\n⚠ ${signal} again: deleting this run's namespaces now, without waiting, and exiting`);
    this.run?.signalScenarios(signal);
    void this.leave(signal);
  }

  /** Leaves at once: the run abandoned (a few seconds at most), the lock released, the closing line printed. */
  private async leave(signal: RunSignal): Promise<never> {
    this.leaving = true;
    const run = this.run;
    const { tally, results } = run ? await run.abandon() : { tally: { passed: 0, failed: 0, skipped: 0 }, results: [] };
    this.releaseLock();
    const exitCode = this.signals.exitCode ?? 128 + constants.signals[signal];
    let total = tally;
    if (this.repeat) {
      if (run && !this.repeat.currentKept) {
        const durationMs = Date.now() - run.startedAt;
        const interrupted = this.signals.first ?? signal;
        this.repeat.keep(
          { index: this.repeat.current, runId: run.runId, results, tally, exitCode, durationMs, interrupted },
          run.filesAreOurs,
        );
      }
      total = this.repeat.summary();
    }
    console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    process.exit(exitCode);
  }

  /** A second signal came during a run's cleanup: leave() prints the closing line and ends the process. */
  private leftAlready(): Promise<number> {
    return new Promise<number>(() => undefined);
  }

  /** The end of the command: the lock released, the time, the closing line CI reads. */
  private finish(total: Tally, exitCode: number): number {
    this.releaseLock();
    this.closing = true;
    console.log(`\n(total ${formatMs(Date.now() - this.startedAt)})`);
    console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
    return exitCode;
  }
}
