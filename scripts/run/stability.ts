/**
 * `pod-conformance run --repeat N` (scripts/run/repeat.ts): the selection run N times in a row, each a
 * run of its own, then one table of how stable every scenario was. This is the arithmetic, a pure
 * function of the runs' parsed results (scripts/report/messages.ts): per scenario (its behaviour IDs,
 * name and place; each row of a Scenario Outline counts as a scenario of its own) how many runs
 * it passed, failed and was skipped in, and the first line of each failure, identical lines
 * counted once with how often; scenarios that failed at least once first. Printed, and written
 * to reports/repeat.json so that a note can quote it.
 */
import { formatMs } from '../../support/duration.ts';
import { behaviourIds } from '../../support/gherkin.mjs';
import type { ScenarioResult } from '../report/messages.ts';

export const STABILITY_SCHEMA = 'pod-conformance/repeat/v1';

/** One run of the repeat, as scripts/run/repeat.ts kept it. */
export interface RepeatRun {
  /** 1-based. */
  index: number;
  runId: string;
  results: ScenarioResult[];
  /** The run's own closing line (it includes scenarios that never started, as skipped). */
  tally: { passed: number; failed: number; skipped: number };
  exitCode: number;
  durationMs: number;
  /** The signal that stopped this run (the repeat stops after it). */
  interrupted?: string;
  /** The error line of a run that stopped on a problem of its own (the repeat stops after it). */
  stopped?: string;
}

export interface FailureLine {
  /** The first line of the failure's message. */
  line: string;
  count: number;
  /** The runs it happened in (1-based), in order. */
  runs: number[];
}

export interface ScenarioStability {
  /** Behaviour IDs from the scenario's tags (`INIT-02`). */
  ids: string[];
  name: string;
  /** `features/x.feature:28`; for a Scenario Outline's row, the row's line. */
  location: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Runs that have a result for it (fewer than the runs when a run was stopped early). */
  runs: number;
  failures: FailureLine[];
}

export interface Stability {
  schema: typeof STABILITY_SCHEMA;
  /** Runs asked for (--repeat) and runs that ran. */
  requested: number;
  ran: number;
  runs: {
    index: number;
    runId: string;
    exitCode: number;
    durationMs: number;
    passed: number;
    failed: number;
    skipped: number;
    interrupted?: string;
    stopped?: string;
  }[];
  totals: {
    /** Scenario results over all runs. */
    scenarioRuns: number;
    passed: number;
    failed: number;
    skipped: number;
    scenarios: number;
    /** Scenarios that failed in at least one run. */
    unstable: number;
  };
  /** Failed at least once first (most failures first), then in feature-file order. */
  scenarios: ScenarioStability[];
}

/** The first line of a failure, as the run's summary shows it. */
export function firstLine(message: string | undefined): string {
  const line = (message ?? '').split('\n').find((l) => l.trim() !== '');
  return line?.trim() ?? '(failed without a message)';
}

function locationOf(r: ScenarioResult): { location: string; uri: string; line: number } {
  const line = r.exampleLine ?? r.line;
  return { location: line !== undefined ? `${r.uri}:${line}` : r.uri, uri: r.uri, line: line ?? 0 };
}

export function stability(runs: RepeatRun[], requested: number): Stability {
  const byKey = new Map<string, ScenarioStability & { uri: string; line: number }>();
  for (const run of runs) {
    for (const r of run.results) {
      const where = locationOf(r);
      // The place tells Outline rows apart; the name, scenarios of a stream without Gherkin documents.
      const key = `${where.location}\u0000${r.name}`;
      let s = byKey.get(key);
      if (!s) {
        const ids = behaviourIds(r.tags);
        s = { ids, name: r.name, ...where, passed: 0, failed: 0, skipped: 0, runs: 0, failures: [] };
        byKey.set(key, s);
      }
      s.runs += 1;
      s[r.status] += 1;
      if (r.status !== 'failed') continue;
      const line = firstLine(r.message);
      const seen = s.failures.find((f) => f.line === line);
      if (seen) {
        seen.count += 1;
        if (!seen.runs.includes(run.index)) seen.runs.push(run.index);
      } else s.failures.push({ line, count: 1, runs: [run.index] });
    }
  }
  const inFileOrder = (a: { uri: string; line: number }, b: { uri: string; line: number }) =>
    a.uri.localeCompare(b.uri) || a.line - b.line;
  const sorted = [...byKey.values()].sort((a, b) => b.failed - a.failed || inFileOrder(a, b));
  const scenarios = sorted.map(({ uri: _uri, line: _line, ...s }) => ({
    ...s,
    failures: s.failures.slice().sort((a, b) => b.count - a.count || a.runs[0]! - b.runs[0]!),
  }));
  const sum = (f: (s: ScenarioStability) => number) => scenarios.reduce((n, s) => n + f(s), 0);
  return {
    schema: STABILITY_SCHEMA,
    requested,
    ran: runs.length,
    runs: runs.map((r) => ({
      index: r.index,
      runId: r.runId,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      ...r.tally,
      ...(r.interrupted ? { interrupted: r.interrupted } : {}),
      ...(r.stopped ? { stopped: r.stopped } : {}),
    })),
    totals: {
      scenarioRuns: sum((s) => s.runs),
      passed: sum((s) => s.passed),
      failed: sum((s) => s.failed),
      skipped: sum((s) => s.skipped),
      scenarios: scenarios.length,
      unstable: scenarios.filter((s) => s.failed > 0).length,
    },
    scenarios,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The runs a failure line happened in: "run 2", "runs 2, 4". */
function runList(runs: number[]): string {
  return `${runs.length === 1 ? 'run' : 'runs'} ${runs.join(', ')}`;
}

/** The one-line total: "5 runs: 445 scenario runs, 0 failed, 0 skipped; …". */
export function totalLine(s: Stability): string {
  const t = s.totals;
  const runs = s.ran === s.requested ? plural(s.ran, 'run') : `${s.ran} of ${plural(s.requested, 'run')}`;
  const verdict =
    t.scenarios === 0
      ? 'no scenario ran'
      : t.unstable === 0
        ? `none of the ${plural(t.scenarios, 'scenario')} failed in any run`
        : `${t.unstable} of ${plural(t.scenarios, 'scenario')} failed in at least one run`;
  const notes = s.runs.flatMap((r) =>
    r.interrupted
      ? [`run ${r.index} interrupted by ${r.interrupted}`]
      : r.stopped
        ? [`run ${r.index} stopped: ${r.stopped}`]
        : [],
  );
  return `${runs}: ${t.scenarioRuns} scenario runs, ${t.failed} failed, ${t.skipped} skipped, ${t.passed} passed; ${verdict}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** The table as printed: a heading, one row per scenario (failures under it), the runs, the total. */
export function formatStability(s: Stability): string[] {
  const headers = ['passed', 'failed', 'skipped'] as const;
  const widths = headers.map((h) => Math.max(h.length, ...s.scenarios.map((x) => String(x[h]).length)));
  const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join(' ');
  const indent = ' '.repeat(2 + widths.reduce((n, w) => n + w + 1, 0) + 1);
  const lines = [`stability over ${plural(s.ran, 'run')} (scenarios that failed in any run first):`];
  lines.push(`  ${row([...headers])}  scenario`);
  for (const x of s.scenarios) {
    const ids = x.ids.length > 0 ? `${x.ids.join(', ')}  ` : '';
    const partial = x.runs < s.ran ? ` [a result in ${x.runs} of ${plural(s.ran, 'run')}]` : '';
    lines.push(`  ${row([x.passed, x.failed, x.skipped])}  ${ids}${x.name} (${x.location})${partial}`);
    for (const f of x.failures) lines.push(`${indent}${f.count}× (${runList(f.runs)}): ${f.line}`);
  }
  lines.push('  runs:');
  for (const r of s.runs) {
    const end = r.interrupted ? `, interrupted by ${r.interrupted}` : r.stopped ? `, stopped: ${r.stopped}` : '';
    lines.push(
      `    ${r.index}. ${r.runId}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, exit ${r.exitCode}, ${formatMs(r.durationMs)}${end}`,
    );
  }
  lines.push(totalLine(s));
  return lines;
}
