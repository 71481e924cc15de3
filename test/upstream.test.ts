import { describe, expect, it } from 'vitest';
import type { BehaviourResult, BehaviourVerdict } from '../scripts/report/behaviour-results.ts';
import type { Behaviour, Catalogue } from '../scripts/report/catalogue.ts';
import { loadCatalogue } from '../scripts/report/catalogue.ts';
import type { UpstreamList, UpstreamSpec } from '../scripts/report/upstream.ts';
import { loadUpstream, specCoverage, specName, upstreamProblems, upstreamTally } from '../scripts/report/upstream.ts';

const spec = (n: number, extra: Partial<UpstreamSpec> = {}): UpstreamSpec => ({
  n,
  file: 'common/node/x.go',
  line: n * 10,
  spec: `X should do thing ${n}`,
  tags: ['Conformance'],
  ...extra,
});

const listOf = (...specs: UpstreamSpec[]): UpstreamList => ({ kubernetes: 'v1.35.4', specs });

const behaviour = (id: string, upstream: string[], extra: Partial<Behaviour> = {}): Behaviour => ({
  id,
  area: 'probe',
  must: 'X MUST happen.',
  source: 'upstream',
  upstream,
  status: 'encoded',
  ...extra,
});

const catalogueOf = (...behaviours: Behaviour[]): Catalogue => ({
  articles: {},
  areas: { probe: 'Probes' },
  behaviours,
});

describe('the upstream spec list and the catalogue', () => {
  const list = loadUpstream();
  const catalogue = loadCatalogue();

  it('agree: every entry names a spec of the list, every spec is covered, out of scope or pending', () => {
    expect(upstreamProblems(list, catalogue)).toEqual([]);
  });

  it("hold the 197 specs of the guide's list and the two it lacks (privileged.go, pod_admission.go), numbered 1 to 199", () => {
    expect(list.kubernetes).toBe('v1.35.4');
    expect(list.specs.map((s) => s.n)).toEqual(Array.from({ length: 199 }, (_, i) => i + 1));
  });

  it('fail when the mapping of a covered spec is removed (it becomes neither covered nor pending)', () => {
    const mapped = catalogue.behaviours.find((b) => b.upstream.length > 0)!;
    const [removed] = mapped.upstream;
    const without: Catalogue = {
      ...catalogue,
      behaviours: catalogue.behaviours.map((b) =>
        b.id === mapped.id
          ? { ...b, upstream: b.upstream.slice(1) }
          : { ...b, upstream: b.upstream.filter((u) => u !== removed) },
      ),
    };
    const s = list.specs.find((x) => specName(x) === removed)!;
    expect(upstreamProblems(list, without)).toEqual([
      `upstream spec ${s.n} (${removed}) is neither covered by a behaviour, out of scope nor pending; name it under a behaviour's "upstream", or mark it out: <reason> or pending: <issue>`,
    ]);
  });
});

describe('upstream problems', () => {
  it('an entry that names no spec of the list, with the nearest name as a hint', () => {
    const l = listOf(spec(1));
    expect(
      upstreamProblems(l, catalogueOf(behaviour('PROBE-01', ['common/node/x.go: X should do thing 1 [C v1.9]']))),
    ).toEqual([
      'PROBE-01 names upstream spec "common/node/x.go: X should do thing 1 [C v1.9]", which is not in features/upstream-specs.yaml; did you mean "common/node/x.go: X should do thing 1"?',
      'upstream spec 1 (common/node/x.go: X should do thing 1) is neither covered by a behaviour, out of scope nor pending; name it under a behaviour\'s "upstream", or mark it out: <reason> or pending: <issue>',
    ]);
    expect(
      upstreamProblems(
        listOf(spec(1, { pending: 21 })),
        catalogueOf(behaviour('PROBE-01', ['Forced Deletion should be deleted immediately'])),
      ),
    ).toEqual([
      'PROBE-01 names upstream spec "Forced Deletion should be deleted immediately", which is not in features/upstream-specs.yaml; name a spec of the list as \'<file>: <spec>\', or move it to "related"',
    ]);
  });

  it('a spec covered, out of scope or pending is fine; covered and marked, or neither, is not', () => {
    const l = listOf(spec(1), spec(2, { out: 'API only' }), spec(3, { pending: 21 }));
    const name1 = specName(spec(1));
    expect(upstreamProblems(l, catalogueOf(behaviour('PROBE-01', [name1])))).toEqual([]);
    expect(
      upstreamProblems(l, catalogueOf(behaviour('PROBE-01', [name1, specName(spec(2)), specName(spec(3))]))),
    ).toEqual([
      `upstream spec 2 (${specName(spec(2))}) is out of scope but PROBE-01 cover(s) it; drop the out mark or the mapping`,
      `upstream spec 3 (${specName(spec(3))}) is marked pending (issue 21) but PROBE-01 cover(s) it; drop the pending mark`,
    ]);
  });

  it('an out mark needs a reason, a pending mark an issue, and a spec only one of them', () => {
    const l = listOf(spec(1, { out: ' ' }), spec(2, { pending: 0 }), spec(3, { out: 'why', pending: 21 }));
    expect(upstreamProblems(l, catalogueOf())).toEqual([
      `upstream spec 1 (${specName(spec(1))}) is out of scope without a reason`,
      `upstream spec 2 (${specName(spec(2))}) has pending "0"; give the issue number that covers it`,
      `upstream spec 3 (${specName(spec(3))}) is both out of scope and pending; keep one`,
    ]);
  });

  it('a spec listed twice, an entry named twice, and an out-of-scope behaviour that names specs', () => {
    const l = listOf(spec(1), spec(1, { line: 99 }));
    const name = specName(spec(1));
    expect(
      upstreamProblems(
        l,
        catalogueOf(behaviour('PROBE-01', [name, name]), behaviour('OUT-01', [name], { scope: 'out', reason: 'r' })),
      ),
    ).toEqual([
      `upstream spec 1 is listed twice: ${name}`,
      'upstream spec number 1 is used twice',
      `PROBE-01 names upstream spec "${name}" twice`,
      'OUT-01 is out of scope but names upstream specs; mark those specs out in features/upstream-specs.yaml instead',
    ]);
  });
});

describe('catalogue --upstream', () => {
  const l = listOf(
    spec(1),
    spec(2, { file: 'common/node/y.go' }),
    spec(3, { file: 'common/node/y.go', out: 'API only' }),
    spec(4, { file: 'common/node/y.go', pending: 21 }),
    spec(5, { file: 'common/node/y.go' }),
    spec(6, { file: 'common/node/y.go' }),
  );
  const result = (b: Behaviour, verdict: BehaviourVerdict): BehaviourResult => ({
    behaviour: b,
    verdict,
    defined: [],
    ran: [],
  });
  const results = [
    result(behaviour('PROBE-01', [specName(spec(1)), specName(spec(2, { file: 'common/node/y.go' }))]), 'passed'),
    result(behaviour('PROBE-02', [specName(spec(2, { file: 'common/node/y.go' }))]), 'failed'),
    result(
      behaviour('PROBE-03', [specName(spec(5, { file: 'common/node/y.go' }))], { status: { pending: 21 } }),
      'pending',
    ),
  ];

  it('gives each spec its state; a covered one the worst result of the behaviours that map it', () => {
    expect(specCoverage(l, results).map((c) => [c.spec.n, c.state, c.result, c.by.map((b) => b.id)])).toEqual([
      [1, 'covered', 'passed', ['PROBE-01']],
      [2, 'covered', 'failed', ['PROBE-01', 'PROBE-02']],
      [3, 'out', undefined, []],
      [4, 'pending', undefined, []],
      [5, 'covered', 'pending', ['PROBE-03']],
      [6, 'missing', undefined, []],
    ]);
  });

  it('prints the specs by file, with who covers them or why not, then the totals', () => {
    expect(upstreamTally(l, specCoverage(l, results))).toEqual([
      'upstream pod specs of Kubernetes v1.35.4 test/e2e (features/upstream-specs.yaml):',
      '',
      'common/node/x.go',
      '    1 :10    passed        X should do thing 1',
      '                           by PROBE-01',
      '',
      'common/node/y.go',
      '    2 :20    failed        X should do thing 2',
      '                           by PROBE-01 passed, PROBE-02 failed',
      '    3 :30    out           X should do thing 3',
      '                           out of scope: API only',
      '    4 :40    pending #21   X should do thing 4',
      '    5 :50    being written X should do thing 5',
      '                           by PROBE-03',
      '    6 :60    missing       X should do thing 6',
      '                           neither covered by a behaviour nor marked out or pending',
      '',
      '6 upstream specs: 3 covered (1 passed, 1 failed, 0 skipped, 0 not run, 1 being written), 1 out of scope, 1 pending (1 in issue 21); 1 missing (neither covered nor marked)',
    ]);
  });
});
