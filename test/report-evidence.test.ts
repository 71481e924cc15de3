/**
 * Every example of a Scenario Outline is a scenario of its own: its location, its link into the
 * Allure report and its evidence (timeline pictures) are its own, never the outline's or another
 * row's. Built from a message stream and Allure results as cucumber and allure-cucumberjs write
 * them, through the same functions the report uses.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { behavioursView } from '../scripts/report/behaviours-view.ts';
import type { Catalogue } from '../scripts/report/catalogue.ts';
import { conformanceDocument } from '../scripts/report/conformance.ts';
import { allureLinks, scenarioEvidence } from '../scripts/report/html-report.ts';
import type { Envelope } from '../scripts/report/messages.ts';
import { scenarioResults } from '../scripts/report/messages.ts';

const URI = 'features/restart.feature';
/** An outline at line 5 with three Examples rows (lines 12-14); its name has no placeholder, so all rows share it. */
const ROWS = [
  { id: 'row-a', line: 12, pod: 'pod-always', status: 'PASSED' },
  { id: 'row-b', line: 13, pod: 'pod-onfailure', status: 'FAILED' },
  { id: 'row-c', line: 14, pod: 'pod-never', status: 'PASSED' },
];
const NAME = 'restartPolicy decides the restarts';

function stream(): Envelope[] {
  const envelopes: Envelope[] = [
    {
      gherkinDocument: {
        uri: URI,
        feature: {
          children: [
            {
              scenario: {
                id: 'outline',
                location: { line: 5 },
                steps: [{ id: 'step', location: { line: 6 } }],
                examples: [{ tableBody: ROWS.map((r) => ({ id: r.id, location: { line: r.line } })) }],
              },
            },
          ],
        },
      },
    },
  ];
  ROWS.forEach((r, i) => {
    envelopes.push(
      {
        pickle: {
          id: `pickle-${i}`,
          name: NAME,
          uri: URI,
          astNodeIds: ['outline', r.id],
          steps: [{ id: `ps-${i}`, text: 'a step', astNodeIds: ['step', r.id] }],
          tags: [{ name: '@RESTART-02' }],
        },
      },
      { testCase: { id: `tc-${i}`, pickleId: `pickle-${i}`, testSteps: [{ id: `ts-${i}`, pickleStepId: `ps-${i}` }] } },
    );
  });
  // The rows run in parallel: their messages interleave, and the failed row finishes last.
  for (const i of [0, 1, 2]) envelopes.push({ testCaseStarted: { id: `run-${i}`, testCaseId: `tc-${i}` } });
  for (const i of [2, 0, 1]) {
    const r = ROWS[i]!;
    envelopes.push(
      {
        testStepFinished: {
          testCaseStartedId: `run-${i}`,
          testStepResult: { status: r.status, message: r.status === 'FAILED' ? 'restarts: expected 1' : undefined },
        },
      },
      {
        attachment: {
          testCaseStartedId: `run-${i}`,
          mediaType: 'image/svg+xml',
          fileName: 'timeline-policy.svg',
          body: `<svg xmlns="http://www.w3.org/2000/svg"><text>${r.pod}</text></svg>`,
        },
      },
      { testCaseFinished: { testCaseStartedId: `run-${i}`, willBeRetried: false } },
    );
  }
  return envelopes;
}

/** Allure results as allure-cucumberjs writes them, with the `location` label of the Before hook. */
function allureResults(): string {
  const dir = mkdtempSync(join(tmpdir(), 'allure-results-'));
  ROWS.forEach((r, i) => {
    writeFileSync(
      join(dir, `${i}-result.json`),
      JSON.stringify({
        uuid: `uuid-${r.id}`,
        name: NAME,
        fullName: `pod-conformance:${URI}#${NAME}`,
        labels: [{ name: 'location', value: `${URI}:${r.line}` }],
      }),
    );
  });
  return dir;
}

const catalogue: Catalogue = {
  articles: {},
  areas: { restart: 'Restart policy' },
  behaviours: [
    { id: 'RESTART-02', area: 'restart', must: 'It MUST restart per policy.', source: 'upstream', upstream: [] },
  ],
};

const page = (id: string) => `index.html#${createHash('md5').update(`uuid-${id}`).digest('hex')}`;

describe('an outline’s examples each have their own location, link and evidence', () => {
  const results = scenarioResults(stream());
  const doc = conformanceDocument(catalogue, [], results, { id: 'run-1' }, undefined);
  const evidence = scenarioEvidence(results, allureLinks(allureResults()));
  const view = behavioursView(doc, catalogue, evidence);

  it('conformance.json gives each example its Examples row as its location', () => {
    const scenarios = doc.behaviours[0]!.scenarios;
    expect(scenarios.map((s) => [s.location, s.result]).sort()).toEqual(
      ROWS.map((r) => [`${URI}:${r.line}`, r.status.toLowerCase()]).sort(),
    );
  });

  it('every link of the behaviours view lands on the Allure page of the example it names', () => {
    // Each scenario item of the view: its link, its location and the pod its timeline shows.
    const items = [
      ...view.matchAll(/<li class="scenario[^"]*" id="([^"]+)">[\s\S]*?<a href="([^"]+)">[\s\S]*?<\/li>/g),
    ];
    expect(items).toHaveLength(ROWS.length);
    for (const r of ROWS) {
      const item = items.find((m) => m[0].includes(`${URI}:${r.line}`));
      expect(item, `no item for row ${r.line}`).toBeDefined();
      expect(item![2]).toBe(page(r.id));
    }
  });

  it('every example shows its own timeline, beside its own verdict', () => {
    for (const r of ROWS) {
      const item = view.match(new RegExp(`<li class="scenario[^"]*" id="[^"]*${r.line}"[\\s\\S]*?</li>`))?.[0] ?? '';
      expect(item).toContain(`badge ${r.status.toLowerCase()}`);
      // Its timelines, full width below the row, under the same anchor and verdict.
      const anchor = /id="([^"]+)"/.exec(item)?.[1];
      const block =
        view.match(
          new RegExp(`<div class="scenario-timelines ([a-z]+)" id="${anchor}-timelines"[\\s\\S]*?</details>`),
        ) ?? [];
      expect(block[1]).toBe(r.status.toLowerCase());
      expect(block[0]).toContain(`<text>${r.pod}</text>`);
      for (const other of ROWS.filter((o) => o !== r)) expect(block[0]).not.toContain(`<text>${other.pod}</text>`);
    }
  });
});
