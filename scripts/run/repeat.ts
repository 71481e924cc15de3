/**
 * `--repeat N` (scripts/run/command.ts runs the runs; `bench --repeat` uses the same files): what
 * each run of the repeat leaves in reports/, kept in reports/repeat/<i>/ before the next run
 * overwrites it, and at the end the stability table (scripts/run/stability.ts), printed and
 * written to reports/repeat.json.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { RunOptions } from '../shared/options.ts';
import { REPORTS } from '../shared/paths.ts';
import { heading } from './console.ts';
import type { Tally } from './signals.ts';
import { formatStability, stability, type RepeatRun } from './stability.ts';

/** What each run of a repeat leaves in reports/, kept in reports/repeat/<i>/ before the next overwrites it. */
const KEPT_PER_RUN = ['messages.ndjson', 'conformance.json', 'junit.xml', 'run-timings.json'];
const REPEAT_DIR = resolve(REPORTS, 'repeat');
const REPEAT_JSON = resolve(REPORTS, 'repeat.json');

const shown = (path: string) => relative(process.cwd(), path) || path;

/** Removes the kept runs and the table of an earlier repeat. */
export function clearKeptRuns(): void {
  rmSync(REPEAT_DIR, { recursive: true, force: true });
  rmSync(REPEAT_JSON, { force: true });
}

/** Copies the files `names` of reports/ that exist to reports/repeat/<index>/ (created even when none). */
export function keepRunFiles(index: number, names: readonly string[]): void {
  const dir = resolve(REPEAT_DIR, String(index));
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const file = resolve(REPORTS, name);
    if (existsSync(file)) copyFileSync(file, resolve(dir, name));
  }
}

/** Writes reports/repeat.json and says where it and each run's `kept` files are. */
export function writeRepeatJson(json: object, kept: string): void {
  writeFileSync(REPEAT_JSON, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`written to ${shown(REPEAT_JSON)}; each run's ${kept} in ${shown(REPEAT_DIR)}/<run>/`);
}

/** The closing line's count over the runs. */
export function summedTally(runs: readonly { tally: Tally }[]): Tally {
  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const r of runs) for (const k of ['passed', 'failed', 'skipped'] as const) total[k] += r.tally[k];
  return total;
}

export class Repeat {
  readonly runs: RepeatRun[] = [];
  /** The run under way, from 1 (0 before the first). */
  current = 0;

  /** Removes the kept runs of an earlier repeat. */
  constructor(
    readonly requested: number,
    private readonly options: RunOptions,
  ) {
    clearKeptRuns();
  }

  /** Runs still to come after the current one. */
  get remaining(): number {
    return this.requested - this.current;
  }

  /** The current run is kept already (an interrupted run is kept by whoever gets there first). */
  get currentKept(): boolean {
    return this.runs.length >= this.current;
  }

  /** Keeps a run: its files (when reports/ holds this run's, not the one before's) and its results. */
  keep(run: RepeatRun, filesAreOurs: boolean): void {
    keepRunFiles(run.index, filesAreOurs ? KEPT_PER_RUN : []);
    this.runs.push(run);
  }

  /** Prints the stability table of the runs so far and writes reports/repeat.json; returns their summed tally. */
  summary(): Tally {
    const { tags, parallel, provider, context } = this.options;
    const table = stability(this.runs, this.requested);
    const lines = formatStability(table);
    heading(`repeat: ${this.runs.length} of ${this.requested} run(s)${tags ? ` of "${tags}"` : ''}`);
    for (const line of lines) console.log(line);
    const json = {
      ...table,
      command: { tags, parallel, provider, context },
      // Relative to the reports directory: each run's files, kept before the next run overwrote them.
      kept: { dir: 'repeat/<run>', files: KEPT_PER_RUN },
      text: lines,
    };
    writeRepeatJson(json, 'messages');
    return summedTally(this.runs);
  }
}
