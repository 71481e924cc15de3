import { describe, expect, it } from 'vitest';
import { behavioursView, differenceFlag } from '../scripts/report/behaviours-view.ts';
import type { Catalogue } from '../scripts/report/catalogue.ts';
import type { ConformanceBehaviour, ConformanceDocument } from '../scripts/report/conformance.ts';
import { CONFORMANCE_SCHEMA } from '../scripts/report/conformance.ts';

const catalogue: Catalogue = {
  articles: { '002': { file: '002.txt', title: '初识 Pod', language: 'zh' } },
  areas: { pod: 'Pod anatomy', out: 'Out of scope' },
  behaviours: [],
};

const pull: ConformanceBehaviour = {
  id: 'POD-06',
  area: 'pod',
  must: 'imagePullPolicy MUST default to Always only for :latest <or untagged>.',
  result: 'passed',
  article: { id: '002', file: '002.txt', passage: 'ImagePullPolicy 的值默认是 Always', gloss: 'defaults to Always' },
  differs: { claim: 'Always in every case.', actual: 'IfNotPresent for other tags.' },
  scenarios: [
    {
      name: 'defaults per reference',
      location: 'features/pod-anatomy.feature:40',
      result: 'passed',
      durationMs: 2500,
      measurements: [
        { subject: 'removal', seconds: 31, minSeconds: 30, maxSeconds: 40, derivation: 'd', withinBounds: true },
      ],
    },
  ],
};

const doc: ConformanceDocument = {
  schema: CONFORMANCE_SCHEMA,
  run: { id: 'run-1' },
  totals: { behaviours: 1, inScope: 1, passed: 1, failed: 0, skipped: 0, notRun: 0, pending: 0, outOfScope: 0 },
  behaviours: [pull],
};

describe('behaviours view', () => {
  const page = behavioursView(
    doc,
    catalogue,
    new Map([
      [
        'features/pod-anatomy.feature:40',
        {
          href: 'index.html#abc',
          timelines: [{ name: 'timeline-p.svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }],
        },
      ],
    ]),
    { report: 'index.html' },
  );

  it('has one anchored row per behaviour with its MUST sentence (escaped), result and article passage', () => {
    expect(page).toContain('<tr id="POD-06" class="behaviour passed differs">');
    expect(page).toContain('MUST default to Always only for :latest &lt;or untagged&gt;.');
    expect(page).toContain('<q lang="zh">ImagePullPolicy 的值默认是 Always</q>');
    expect(page).toMatch(/初识 Pod<span class="small"> · reference article 002/);
  });

  it('links each scenario into the Allure report and shows its timings and timeline', () => {
    expect(page).toContain('<a href="index.html#abc">defaults per reference</a>');
    expect(page).toContain('2.5 s · features/pod-anatomy.feature:40');
    expect(page).toMatch(/✓ removal: <b>31 s<\/b>, bounds 30 s … 40\s+s/);
    expect(page).toContain('<div class="timeline"><svg xmlns="http://www.w3.org/2000/svg"></svg></div>');
  });

  it('names the upstream e2e specs a behaviour covers, what it checks beyond them, and the upstream totals', () => {
    const named = behavioursView(
      {
        ...doc,
        behaviours: [
          {
            ...pull,
            upstream: ['common/node/pods.go: Pods should get a host IP'],
            beyond: 'podIP and nodeName too',
          },
        ],
        upstream: {
          kubernetes: 'v1.35.4',
          totals: {
            specs: 197,
            covered: 20,
            passed: 19,
            failed: 1,
            skipped: 0,
            notRun: 0,
            beingWritten: 0,
            out: 8,
            pending: 169,
            pendingByIssue: { '21': 74, '22': 95 },
            missing: 0,
          },
          specs: [],
        },
      },
      catalogue,
      new Map(),
    );
    expect(named).toContain('<span class="small">common/node/pods.go</span><br />Pods should get a host IP');
    expect(named).toContain('beyond upstream: podIP and nodeName too');
    expect(named).toMatch(/<b>19 of 197<\/b> upstream pod specs \(Kubernetes v1\.35\.4 test\/e2e\)/);
    expect(page).not.toContain('upstream pod specs');
  });

  it('is self-contained', () => {
    expect(page).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('flags where the article differs, saying whether this cluster did what v1.35 does', () => {
    expect(differenceFlag(pull)?.value).toMatch(
      /Article differs\.<\/b> It says: Always in every case\.[\s\S]*This cluster did<\/b> what\s+v1\.35 does: IfNotPresent/,
    );
    expect(differenceFlag({ ...pull, result: 'failed' })?.value).toContain('Article differs, scenario failed.');
    expect(differenceFlag({ ...pull, result: 'not-run' })?.value).toContain('(not shown by this run)');
    expect(differenceFlag({ ...pull, differs: undefined })).toBeUndefined();
  });
});
