/**
 * SIGINT/SIGTERM for `npm test`. npm and tsx forward signals to their child, and a terminal's
 * Ctrl-C also reaches every process of the foreground group, so one Ctrl-C can arrive two or
 * three times within a few milliseconds: repeats within DUPLICATE_MS of the first count once.
 * A signal after that is the user insisting (the second Ctrl-C, a CI runner's second TERM).
 */
import { constants } from 'node:os';
import { scenarioResults, type Envelope, type ScenarioResult } from '../report/messages.ts';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export type RunSignal = 'SIGINT' | 'SIGTERM';
export const RUN_SIGNALS: readonly RunSignal[] = ['SIGINT', 'SIGTERM'];
export const DUPLICATE_MS = 1_000;

export type Received = 'first' | 'duplicate' | 'second' | 'ignored';

export class RunSignals {
  first: RunSignal | undefined;
  private firstAt = 0;
  private insisted = false;

  constructor(
    private readonly onFirst: (signal: RunSignal) => void,
    private readonly onSecond: (signal: RunSignal) => void,
    private readonly now: () => number = Date.now,
  ) {}

  install(): void {
    for (const s of RUN_SIGNALS) process.on(s, () => this.receive(s));
    // The parent (npm, tsx) was killed without a chance to forward anything: act as on SIGTERM,
    // so that this run does not go on alone.
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watch);
      this.receive('SIGTERM');
    }, 1_000);
    watch.unref();
  }

  receive(signal: RunSignal): Received {
    if (!this.first) {
      this.first = signal;
      this.firstAt = this.now();
      this.onFirst(signal);
      return 'first';
    }
    if (this.now() - this.firstAt < DUPLICATE_MS) return 'duplicate';
    if (this.insisted) return 'ignored';
    this.insisted = true;
    this.onSecond(signal);
    return 'second';
  }

  /** 130 after SIGINT, 143 after SIGTERM (the shell's 128 + signal number). */
  get exitCode(): number | undefined {
    return this.first ? 128 + constants.signals[this.first] : undefined;
  }
}

/**
 * The current run's count so far, when it was stopped before its scenarios were counted: what
 * finished, from cucumber's messages (the last line may be cut off); a scenario still running
 * counts as failed, one never started as skipped.
 */
export function interruptedCount(
  tally: Tally,
  selected: number,
  envelopes: Envelope[],
): { tally: Tally; results: ScenarioResult[] } {
  const results = scenarioResults(envelopes);
  const counted = { ...tally };
  for (const r of results) counted[r.status] += 1;
  const started = new Set(envelopes.flatMap((e) => (e.testCaseStarted ? [e.testCaseStarted.testCaseId] : [])));
  counted.failed += Math.max(0, started.size - results.length);
  counted.skipped += Math.max(0, selected - started.size);
  return { tally: counted, results };
}
