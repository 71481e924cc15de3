import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { behaviourResults, catalogueJson, tally } from '../scripts/report/behaviour-results.ts';
import type { Behaviour, Catalogue, FeatureScenario } from '../scripts/report/catalogue.ts';
import { catalogueProblems, featureScenarios, fromArticle, loadCatalogue } from '../scripts/report/catalogue.ts';
import type { ScenarioResult } from '../scripts/report/messages.ts';

const behaviour = (id: string, extra: Partial<Behaviour> = {}): Behaviour => ({
  id,
  area: 'probe',
  must: 'X MUST happen.',
  article: '000',
  passage: '原文',
  gloss: 'the original',
  upstream: [],
  status: 'encoded',
  ...extra,
});

const catalogueOf = (...behaviours: Behaviour[]): Catalogue => ({
  articles: { '000': { file: '000.txt', title: 't', language: 'zh' } },
  areas: { probe: 'Probes', out: 'Out of scope' },
  behaviours,
});

const scenario = (name: string, ...behaviours: string[]): FeatureScenario => ({
  uri: 'features/a.feature',
  name,
  line: 3,
  behaviours,
  tags: behaviours.map((b) => `@${b}`),
});

describe('the behaviour catalogue and the feature files', () => {
  it('agree: every scenario tag is catalogued, every in-scope ID has a scenario or is marked pending', () => {
    expect(catalogueProblems(loadCatalogue(), featureScenarios())).toEqual([]);
  });

  it('catalogue every ID of the specification once, with the out-of-scope item marked', () => {
    const ids = loadCatalogue().behaviours.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The 67 behaviours of the reference articles; those from upstream specs come on top.
    expect(
      loadCatalogue()
        .behaviours.filter(fromArticle)
        .filter((b) => !b.id.startsWith('OUT-')),
    ).toHaveLength(67);
    expect(
      loadCatalogue()
        .behaviours.filter((b) => b.scope === 'out')
        .map((b) => b.id),
    ).toEqual(['OUT-01']);
  });
});

describe('catalogue problems', () => {
  it('a scenario tagged with an ID the catalogue lacks', () => {
    expect(
      catalogueProblems(catalogueOf(behaviour('PROBE-01')), [scenario('s', 'PROBE-01'), scenario('t', 'PROBE-99')]),
    ).toEqual(['features/a.feature:3 (scenario "t") is tagged @PROBE-99, which is not in features/catalogue.yaml']);
  });

  it('a scenario without a behaviour tag', () => {
    expect(catalogueProblems(catalogueOf(behaviour('PROBE-01')), [scenario('s', 'PROBE-01'), scenario('u')])).toEqual([
      'features/a.feature:3 (scenario "u") has no behaviour ID tag; tag it with its catalogue ID',
    ]);
  });

  it('an in-scope ID marked encoded without a scenario', () => {
    expect(
      catalogueProblems(catalogueOf(behaviour('PROBE-01'), behaviour('PROBE-02')), [scenario('s', 'PROBE-01')]),
    ).toEqual(['PROBE-02 is in scope and marked encoded but has no scenario; add one or mark it { pending: <issue> }']);
  });

  it('a pending ID without a scenario is fine; one with a scenario is a stale mark', () => {
    const c = catalogueOf(behaviour('PROBE-01'), behaviour('PROBE-02', { status: { pending: 8 } }));
    expect(catalogueProblems(c, [scenario('s', 'PROBE-01')])).toEqual([]);
    expect(catalogueProblems(c, [scenario('s', 'PROBE-01'), scenario('t', 'PROBE-02')])).toEqual([
      'PROBE-02 is marked pending (issue 8) but has 1 scenario(s); set its status to encoded',
    ]);
  });

  it('an out-of-scope ID must have a reason and no scenario', () => {
    const out = behaviour('OUT-01', { area: 'out', scope: 'out', status: undefined, reason: 'cluster-level' });
    expect(catalogueProblems(catalogueOf(out), [])).toEqual([]);
    expect(catalogueProblems(catalogueOf(out), [scenario('s', 'OUT-01')])).toEqual([
      'OUT-01 is out of scope but has 1 scenario(s); remove the tag or the scope mark',
    ]);
    expect(catalogueProblems(catalogueOf({ ...out, reason: undefined }), [])).toEqual([
      'OUT-01 is out of scope without a reason',
    ]);
  });

  it('a behaviour from upstream needs no article but names its specs, and carries no article fields', () => {
    const fromUpstream = (extra: Partial<Behaviour> = {}): Behaviour => ({
      id: 'PROBE-01',
      area: 'probe',
      must: 'X MUST happen.',
      source: 'upstream',
      upstream: ['common/node/x.go: X should happen'],
      status: 'encoded',
      ...extra,
    });
    const s = [scenario('s', 'PROBE-01')];
    expect(catalogueProblems(catalogueOf(fromUpstream()), s)).toEqual([]);
    expect(catalogueProblems(catalogueOf(fromUpstream({ upstream: [] })), s)).toEqual([
      'PROBE-01 has source upstream but names no upstream spec; list the specs it comes from',
    ]);
    expect(catalogueProblems(catalogueOf(fromUpstream({ gloss: 'g' })), s)).toEqual([
      'PROBE-01 has source upstream and an article\'s "gloss"; drop one',
    ]);
  });

  it('loads a behaviour from upstream without article fields, and refuses one from an article without them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const file = join(dir, 'catalogue.yaml');
    const head =
      "articles: { '000': { file: a.txt, title: t, language: zh } }\nareas: { probe: Probes }\nbehaviours:\n";
    writeFileSync(file, `${head}  - { id: PROBE-01, area: probe, must: M, source: upstream, upstream: ['a.go: A'] }\n`);
    expect(loadCatalogue(file).behaviours[0]).toMatchObject({ source: 'upstream', upstream: ['a.go: A'] });
    writeFileSync(file, `${head}  - { id: PROBE-01, area: probe, must: M, upstream: ['a.go: A'] }\n`);
    expect(() => loadCatalogue(file)).toThrow('behaviour PROBE-01 has no "article"');
    writeFileSync(file, `${head}  - { id: PROBE-01, area: probe, must: M, source: article }\n`);
    expect(() => loadCatalogue(file)).toThrow('has source "article"; the only one is "upstream"');
  });

  it('duplicates, unknown articles and areas, and a missing status', () => {
    const c = catalogueOf(
      behaviour('PROBE-01'),
      behaviour('PROBE-01'),
      behaviour('PROBE-02', { article: '009', area: 'nowhere', status: undefined }),
    );
    expect(catalogueProblems(c, [scenario('s', 'PROBE-01', 'PROBE-02')])).toEqual([
      'PROBE-01 is catalogued twice',
      'PROBE-02 names article "009", which is not in "articles"',
      'PROBE-02 names area "nowhere", which is not in "areas"',
      'PROBE-02 has no status: mark it encoded or { pending: <issue> }',
    ]);
  });
});

const result = (
  name: string,
  status: ScenarioResult['status'],
  tags: string[],
  logs: string[] = [],
): ScenarioResult => ({
  name,
  uri: 'features/a.feature',
  location: 'features/a.feature',
  status,
  message: status === 'failed' ? 'expected x, observed y\ndetails' : undefined,
  logs,
  tags,
  attachments: [],
});

describe('results per behaviour', () => {
  const c = catalogueOf(
    behaviour('PROBE-01'),
    behaviour('PROBE-02'),
    behaviour('PROBE-03'),
    behaviour('PROBE-04'),
    behaviour('PROBE-05', { status: { pending: 9 } }),
    behaviour('OUT-01', { area: 'out', scope: 'out', status: undefined, reason: 'cluster-level' }),
  );
  const defined = [
    scenario('a', 'PROBE-01'),
    scenario('b', 'PROBE-01'),
    scenario('c', 'PROBE-02'),
    scenario('d', 'PROBE-03'),
    scenario('e', 'PROBE-04'),
  ];
  const ran = [
    result('a', 'passed', ['@PROBE-01']),
    result('b', 'skipped', ['@PROBE-01', '@capability:hostPath'], ['skipped: no hostPath']),
    result('c', 'failed', ['@PROBE-02']),
    result('d', 'skipped', ['@PROBE-03'], ['namespace x', 'skipped: needs 2 nodes']),
  ];
  const results = behaviourResults(c, defined, ran);

  it('fold every scenario of an ID into one verdict with its reason', () => {
    expect(results.map((r) => [r.behaviour.id, r.verdict, r.reason])).toEqual([
      ['PROBE-01', 'passed', undefined],
      ['PROBE-02', 'failed', 'expected x, observed y'],
      ['PROBE-03', 'skipped', 'needs 2 nodes'],
      ['PROBE-04', 'not-run', 'not in this run'],
      ['PROBE-05', 'pending', 'scenario being written in issue 9'],
      ['OUT-01', 'out-of-scope', 'cluster-level'],
    ]);
  });

  it('tally one line per ID and the totals', () => {
    const lines = tally(results);
    expect(lines[0]).toBe('PROBE-01   2 scenarios  passed       1 passed, 1 skipped');
    expect(lines[2]).toBe('PROBE-03   1 scenario   skipped      1 skipped; needs 2 nodes');
    expect(lines.at(-1)).toBe(
      '1 of 5 in-scope IDs with a passing scenario (1 failed, 1 skipped, 1 not run, 1 pending); 1 out of scope',
    );
  });

  it('count, per ID in the JSON, its scenarios and how those in the run ended', () => {
    const rows = catalogueJson(results).behaviours.map(({ id, scenarios, passed, failed, skipped }) => ({
      id,
      scenarios,
      passed,
      failed,
      skipped,
    }));
    expect(rows.slice(0, 4)).toEqual([
      { id: 'PROBE-01', scenarios: 2, passed: 1, failed: 0, skipped: 1 },
      { id: 'PROBE-02', scenarios: 1, passed: 0, failed: 1, skipped: 0 },
      { id: 'PROBE-03', scenarios: 1, passed: 0, failed: 0, skipped: 1 },
      { id: 'PROBE-04', scenarios: 1, passed: 0, failed: 0, skipped: 0 },
    ]);
  });
});
