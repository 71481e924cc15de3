/**
 * Results per behaviour ID: the catalogue, the scenarios the feature files hold, and what the last
 * run's scenarios did, folded into one verdict per ID. Shared by `pod-conformance catalogue`
 * (printCatalogue, below), reports/conformance.json and the behaviours view, so all three always
 * agree.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPORTS } from '../shared/paths.ts';
import type { Behaviour, Catalogue, FeatureScenario } from './catalogue.ts';
import { behaviourIds } from '../../support/gherkin.mjs';
import { catalogueProblems, featureScenarios, inScope, loadCatalogue, pendingIssue } from './catalogue.ts';
import type { ScenarioResult, ScenarioStatus } from './messages.ts';
import { readScenarioResults } from './messages.ts';
import { loadUpstream, specCoverage, upstreamProblems, upstreamTally, type SpecCoverage } from './upstream.ts';

/**
 * passed: at least one scenario passed and none failed; failed: any scenario failed; skipped:
 * every scenario that ran was skipped (the reason says why); not-run: scenarios exist but the run
 * did not select them; pending: no scenario yet, an issue is writing it; out-of-scope: catalogued
 * on purpose without a scenario.
 */
export type BehaviourVerdict = ScenarioStatus | 'not-run' | 'pending' | 'out-of-scope';

export interface BehaviourResult {
  behaviour: Behaviour;
  verdict: BehaviourVerdict;
  /** Why: the skip reasons, the pending issue, the out-of-scope reason, or the first failure. */
  reason?: string;
  /** Scenarios of this ID in the feature files. */
  defined: FeatureScenario[];
  /** This ID's scenarios in the run. */
  ran: ScenarioResult[];
}

/** The reason a skipped scenario logged (the Before hook writes "skipped: <reason>"). */
export function skipReason(r: ScenarioResult): string | undefined {
  for (const log of r.logs) {
    const m = /^skipped: (.+)$/m.exec(log);
    if (m) return m[1];
  }
  return undefined;
}

export function behaviourResults(
  catalogue: Catalogue,
  defined: FeatureScenario[],
  ran: ScenarioResult[],
): BehaviourResult[] {
  return catalogue.behaviours.map((behaviour) => {
    const mine = defined.filter((s) => s.behaviours.includes(behaviour.id));
    const results = ran.filter((r) => behaviourIds(r.tags).includes(behaviour.id));
    const base = { behaviour, defined: mine, ran: results };
    if (!inScope(behaviour)) return { ...base, verdict: 'out-of-scope', reason: behaviour.reason };
    const failed = results.find((r) => r.status === 'failed');
    if (failed) return { ...base, verdict: 'failed', reason: failed.message?.split('\n')[0] };
    if (results.some((r) => r.status === 'passed')) return { ...base, verdict: 'passed' };
    if (results.length > 0) {
      const reasons = [...new Set(results.map((r) => skipReason(r) ?? 'no reason logged'))];
      return { ...base, verdict: 'skipped', reason: reasons.join('; ') };
    }
    const issue = pendingIssue(behaviour);
    if (mine.length === 0 && issue !== undefined)
      return { ...base, verdict: 'pending', reason: `scenario being written in issue ${issue}` };
    return { ...base, verdict: 'not-run', reason: mine.length === 0 ? 'no scenario' : 'not in this run' };
  });
}

export interface Totals {
  behaviours: number;
  inScope: number;
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  pending: number;
  outOfScope: number;
}

export function totals(results: BehaviourResult[]): Totals {
  const count = (v: BehaviourVerdict) => results.filter((r) => r.verdict === v).length;
  return {
    behaviours: results.length,
    inScope: results.filter((r) => inScope(r.behaviour)).length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    notRun: count('not-run'),
    pending: count('pending'),
    outOfScope: count('out-of-scope'),
  };
}

/** How many of the ID's scenarios in the run passed, failed and were skipped. */
function ranCounts(r: BehaviourResult): Record<ScenarioStatus, number> {
  const count = (s: ScenarioStatus) => r.ran.filter((x) => x.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** `catalogue -o json`: per behaviour ID its verdict, reason and counts, then the totals. */
export function catalogueJson(results: BehaviourResult[]) {
  return {
    behaviours: results.map((r) => ({
      id: r.behaviour.id,
      area: r.behaviour.area,
      must: r.behaviour.must,
      verdict: r.verdict,
      reason: r.reason ?? null,
      scenarios: r.defined.length,
      ...ranCounts(r),
    })),
    totals: totals(results),
  };
}

/** `catalogue --upstream -o json`: per upstream spec its state and the IDs that cover it. */
export function upstreamJson(coverage: SpecCoverage[]) {
  return {
    specs: coverage.map((c) => ({
      file: c.spec.file,
      line: c.spec.line,
      spec: c.spec.spec,
      state: c.state,
      result: c.result ?? null,
      by: c.by,
      reason: c.spec.out ?? null,
      pending: c.spec.pending ?? null,
    })),
  };
}

/** One line per ID, then the totals: what `npm run catalogue` prints; `wide` adds the area and the MUST sentence. */
export function tally(results: BehaviourResult[], wide = false): string[] {
  const lines = results.map((r) => {
    const n = r.defined.length;
    const scenarios = `${n} scenario${n === 1 ? '' : 's'}`;
    const counts = Object.entries(ranCounts(r))
      .filter(([, c]) => c > 0)
      .map(([s, c]) => `${c} ${s}`)
      .join(', ');
    const detail = [counts, r.reason, wide ? `[${r.behaviour.area}] ${r.behaviour.must}` : '']
      .filter(Boolean)
      .join('; ');
    return `${r.behaviour.id.padEnd(10)} ${scenarios.padEnd(12)} ${r.verdict.padEnd(12)} ${detail}`.trimEnd();
  });
  const t = totals(results);
  lines.push(
    '',
    `${t.passed} of ${t.inScope} in-scope IDs with a passing scenario` +
      ` (${t.failed} failed, ${t.skipped} skipped, ${t.notRun} not run, ${t.pending} pending); ${t.outOfScope} out of scope`,
  );
  return lines;
}

/**
 * pod-conformance catalogue [--upstream] [<reports dir>]: one line per behaviour ID of
 * features/catalogue.yaml with its scenario count and the result of the last run (read from
 * <reports dir>/messages.ndjson, default the reports directory), then the totals; with
 * --upstream, one line per upstream spec of features/upstream-specs.yaml instead: covered (by
 * which IDs, and their result), out of scope (why) or pending (which issue), then the totals.
 * Without a run it still lists the scenario counts and the mapping. Exits 1 when the catalogue,
 * the feature files and the upstream list disagree (the same checks as the unit tests).
 */
export function printCatalogue(
  reportsDir: string = REPORTS,
  options: { upstream?: boolean; output?: 'json' | 'wide' } = {},
): number {
  try {
    return print(resolve(reportsDir), options.upstream ?? false, options.output);
  } catch (err) {
    // A catalogue or feature file that does not load: its message names the file and the problem.
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function print(reportsDir: string, upstream: boolean, output: 'json' | 'wide' | undefined): number {
  const messages = resolve(reportsDir, 'messages.ndjson');
  const catalogue = loadCatalogue();
  const defined = featureScenarios();
  const ran = readScenarioResults(messages);
  const run = existsSync(messages) ? messages : null;
  const results = behaviourResults(catalogue, defined, ran);
  const list = loadUpstream();
  if (output === 'json') {
    const rows = upstream ? upstreamJson(specCoverage(list, results)) : catalogueJson(results);
    console.log(JSON.stringify({ run, scenarios: ran.length, ...rows }, null, 2));
  } else {
    console.log(
      run
        ? `results of the last run: ${messages} (${ran.length} scenarios)`
        : `no run found (${messages} is missing): scenario counts only; run the scenarios first for results`,
    );
    const lines = upstream ? upstreamTally(list, specCoverage(list, results)) : tally(results, output === 'wide');
    for (const line of lines) console.log(line);
  }
  const problems = [...catalogueProblems(catalogue, defined), ...upstreamProblems(list, catalogue)];
  for (const p of problems) console.error(`error: ${p}`);
  return problems.length > 0 ? 1 : 0;
}
