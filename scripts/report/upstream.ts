/**
 * The upstream pod specs (features/upstream-specs.yaml): every Conformance or NodeConformance pod
 * spec of Kubernetes' test/e2e that the catalogue answers for, as typed data, and the checks that
 * keep it and the catalogue's `upstream:` entries in step. Each spec is exactly one of: covered
 * (a behaviour names it), out of scope (`out: <reason>`), or pending (`pending: <issue>`, not yet
 * covered, an explicit and reviewed list). An entry naming no spec of the list, a spec in none of
 * the three states or in two of them, is a problem.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../shared/paths.ts';
import type { BehaviourResult, BehaviourVerdict } from './behaviour-results.ts';
import type { Catalogue } from './catalogue.ts';
import { inScope } from './catalogue.ts';

export const UPSTREAM_FILE = resolve(ROOT, 'features/upstream-specs.yaml');

export interface UpstreamSpec {
  /** Its number in the list (features/upstream-specs.yaml): 1 to 197 from the guide, 198 on: specs the guide lacks. */
  n: number;
  /** Under test/e2e: `common/node/init_container.go`. */
  file: string;
  line: number;
  /** Describe and Context texts, then the spec's own: `InitContainer should invoke init containers on a RestartNever pod`. */
  spec: string;
  /** `Conformance`, `NodeConformance`, both or none. */
  tags: string[];
  /** Out of scope: why. */
  out?: string;
  /** Not covered yet: the issue that covers it. */
  pending?: number;
}

export interface UpstreamList {
  /** The Kubernetes release the specs were read from. */
  kubernetes: string;
  specs: UpstreamSpec[];
}

/** How the catalogue names a spec: `common/node/init_container.go: InitContainer should …`. */
export function specName(s: Pick<UpstreamSpec, 'file' | 'spec'>): string {
  return `${s.file}: ${s.spec}`;
}

export function loadUpstream(path = UPSTREAM_FILE): UpstreamList {
  const data = parse(readFileSync(path, 'utf8')) as Partial<UpstreamList> | null;
  const where = (what: string) => `${path}: ${what}`;
  if (!data || typeof data.kubernetes !== 'string' || !Array.isArray(data.specs))
    throw new Error(where('expected top-level "kubernetes" (the release) and "specs"'));
  for (const s of data.specs) {
    const at = `spec ${s.n ?? '(no n)'}`;
    if (!Number.isInteger(s.n)) throw new Error(where(`${at} has no number "n"`));
    for (const field of ['file', 'spec'] as const)
      if (typeof s[field] !== 'string' || s[field] === '') throw new Error(where(`${at} has no "${field}"`));
    if (!Number.isInteger(s.line)) throw new Error(where(`${at} has no "line"`));
    if (!Array.isArray(s.tags)) throw new Error(where(`${at} has no "tags" list ([] for none)`));
  }
  return data as UpstreamList;
}

/** Per spec name, the in-scope behaviour IDs that name it, in catalogue order. */
export function mappings(catalogue: Catalogue): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const b of catalogue.behaviours.filter(inScope))
    for (const name of b.upstream) by.set(name, [...new Set([...(by.get(name) ?? []), b.id])]);
  return by;
}

/** The spec of the list whose text is closest to an entry that names none: a hint for a typo. */
function nearest(entry: string, list: UpstreamList): string | undefined {
  const words = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .split(/[^a-z0-9*]+/)
        .filter(Boolean),
    );
  const mine = words(entry);
  let best: { name: string; score: number } | undefined;
  for (const s of list.specs) {
    const theirs = words(specName(s));
    const shared = [...mine].filter((w) => theirs.has(w)).length;
    const score = shared / Math.max(mine.size, theirs.size);
    if (!best || score > best.score) best = { name: specName(s), score };
  }
  return best && best.score >= 0.5 ? best.name : undefined;
}

/** What is inconsistent between the list and the catalogue's `upstream:` entries, one line each. */
export function upstreamProblems(list: UpstreamList, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const numbers = new Set<number>();
  for (const s of list.specs) {
    const name = specName(s);
    if (names.has(name)) problems.push(`upstream spec ${s.n} is listed twice: ${name}`);
    if (numbers.has(s.n)) problems.push(`upstream spec number ${s.n} is used twice`);
    names.add(name);
    numbers.add(s.n);
  }
  for (const b of catalogue.behaviours) {
    const seen = new Set<string>();
    for (const entry of b.upstream) {
      if (seen.has(entry)) problems.push(`${b.id} names upstream spec "${entry}" twice`);
      seen.add(entry);
      if (!names.has(entry)) {
        const hint = nearest(entry, list);
        problems.push(
          `${b.id} names upstream spec "${entry}", which is not in features/upstream-specs.yaml` +
            (hint
              ? `; did you mean "${hint}"?`
              : `; name a spec of the list as '<file>: <spec>', or move it to "related"`),
        );
      }
    }
    if (!inScope(b) && b.upstream.length > 0)
      problems.push(
        `${b.id} is out of scope but names upstream specs; mark those specs out in features/upstream-specs.yaml instead`,
      );
  }
  const mapped = mappings(catalogue);
  for (const s of list.specs) {
    const by = mapped.get(specName(s));
    const label = `upstream spec ${s.n} (${specName(s)})`;
    if (s.out !== undefined && (typeof s.out !== 'string' || s.out.trim() === ''))
      problems.push(`${label} is out of scope without a reason`);
    if (s.pending !== undefined && (!Number.isInteger(s.pending) || s.pending <= 0))
      problems.push(`${label} has pending "${String(s.pending)}"; give the issue number that covers it`);
    if (s.out !== undefined && s.pending !== undefined)
      problems.push(`${label} is both out of scope and pending; keep one`);
    if (by && s.out !== undefined)
      problems.push(`${label} is out of scope but ${by.join(', ')} cover(s) it; drop the out mark or the mapping`);
    if (by && s.pending !== undefined)
      problems.push(
        `${label} is marked pending (issue ${s.pending}) but ${by.join(', ')} cover(s) it; drop the pending mark`,
      );
    if (!by && s.out === undefined && s.pending === undefined)
      problems.push(
        `${label} is neither covered by a behaviour, out of scope nor pending; name it under a behaviour's "upstream", or mark it out: <reason> or pending: <issue>`,
      );
  }
  return problems;
}

/**
 * A covered spec's result: the worst of its behaviours' verdicts, so it reads passed only when
 * every behaviour that maps it passed (a spec may need the scenarios of several).
 */
const WORST_FIRST: BehaviourVerdict[] = ['failed', 'skipped', 'not-run', 'pending', 'passed'];

export interface SpecCoverage {
  spec: UpstreamSpec;
  /** `missing`: neither covered nor marked, which the unit test refuses. */
  state: 'covered' | 'out' | 'pending' | 'missing';
  /** Covered: its behaviours with their verdicts in the last run. */
  by: { id: string; verdict: BehaviourVerdict }[];
  /** Covered: the worst verdict of `by`. */
  result?: BehaviourVerdict;
}

export function specCoverage(list: UpstreamList, results: BehaviourResult[]): SpecCoverage[] {
  const verdicts = new Map(results.map((r) => [r.behaviour.id, r.verdict]));
  const mapped = mappings({ articles: {}, areas: {}, behaviours: results.map((r) => r.behaviour) });
  return list.specs.map((spec) => {
    const ids = mapped.get(specName(spec));
    if (!ids)
      return {
        spec,
        state: spec.out !== undefined ? 'out' : spec.pending !== undefined ? 'pending' : 'missing',
        by: [],
      };
    const by = ids.map((id) => ({ id, verdict: verdicts.get(id) ?? 'not-run' }));
    const result = WORST_FIRST.find((v) => by.some((b) => b.verdict === v));
    return { spec, state: 'covered', by, result };
  });
}

export interface UpstreamTotals {
  specs: number;
  covered: number;
  /** Of the covered specs: by their result. */
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  /** Covered by behaviours whose scenarios are still being written. */
  beingWritten: number;
  out: number;
  /** Not covered yet; per issue. */
  pending: number;
  pendingByIssue: Record<string, number>;
  /** Neither covered nor marked out or pending: an inconsistency the unit test refuses. */
  missing: number;
}

export function upstreamTotals(coverage: SpecCoverage[]): UpstreamTotals {
  const covered = coverage.filter((c) => c.state === 'covered');
  const result = (v: BehaviourVerdict) => covered.filter((c) => c.result === v).length;
  const pending = coverage.filter((c) => c.state === 'pending');
  const pendingByIssue: Record<string, number> = {};
  for (const c of pending) {
    const issue = String(c.spec.pending);
    pendingByIssue[issue] = (pendingByIssue[issue] ?? 0) + 1;
  }
  return {
    specs: coverage.length,
    covered: covered.length,
    passed: result('passed'),
    failed: result('failed'),
    skipped: result('skipped'),
    notRun: result('not-run'),
    beingWritten: result('pending'),
    out: coverage.filter((c) => c.state === 'out').length,
    pending: pending.length,
    pendingByIssue,
    missing: coverage.filter((c) => c.state === 'missing').length,
  };
}

/** What `catalogue --upstream` prints: the specs by file, one line each, then the totals. */
export function upstreamTally(list: UpstreamList, coverage: SpecCoverage[]): string[] {
  const lines: string[] = [
    `upstream pod specs of Kubernetes ${list.kubernetes} test/e2e (features/upstream-specs.yaml):`,
  ];
  const state = (c: SpecCoverage): string => {
    if (c.state === 'out') return 'out';
    if (c.state === 'pending') return `pending #${c.spec.pending}`;
    if (c.state === 'missing') return 'missing';
    return c.result === 'pending' ? 'being written' : c.result === 'not-run' ? 'not run' : (c.result ?? '');
  };
  const detail = (c: SpecCoverage): string => {
    if (c.state === 'out') return `out of scope: ${c.spec.out ?? ''}`;
    if (c.state === 'pending') return '';
    if (c.state === 'missing') return 'neither covered by a behaviour nor marked out or pending';
    return c.by.length > 1 ? `by ${c.by.map((b) => `${b.id} ${b.verdict}`).join(', ')}` : `by ${c.by[0]?.id ?? ''}`;
  };
  let file = '';
  for (const c of coverage) {
    if (c.spec.file !== file) {
      file = c.spec.file;
      lines.push('', file);
    }
    const where = `:${c.spec.line}`.padEnd(6);
    lines.push(`  ${String(c.spec.n).padStart(3)} ${where} ${state(c).padEnd(13)} ${c.spec.spec}`);
    const why = detail(c);
    if (why) lines.push(`${' '.repeat(27)}${why}`);
  }
  const t = upstreamTotals(coverage);
  const issues = Object.entries(t.pendingByIssue)
    .map(([issue, n]) => `${n} in issue ${issue}`)
    .join(', ');
  lines.push(
    '',
    `${t.specs} upstream specs: ${t.covered} covered (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ` +
      `${t.notRun} not run, ${t.beingWritten} being written), ${t.out} out of scope, ${t.pending} pending` +
      (issues ? ` (${issues})` : '') +
      (t.missing > 0 ? `; ${t.missing} missing (neither covered nor marked)` : ''),
  );
  return lines;
}
