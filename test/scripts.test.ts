import { describe, expect, it } from 'vitest';
import { budgetFor, API_STEP_BUDGET_MS, WAIT_MARGIN_MS } from '../steps/define.ts';
import { Duration } from '../support/duration.ts';
import type { Envelope, PickleStep } from '../scripts/report/messages.ts';
import { scenarioResults } from '../scripts/report/messages.ts';
import {
  MANIFEST_DOCSTRING_STEP,
  MANIFEST_FILE_STEP,
  preflightProblems,
  readPreflight,
} from '../scripts/run/preflight.ts';
import { stripAnalytics } from '../scripts/report/html-report.ts';
import { stepCatalogue, stepRegistrations } from '../scripts/report/steps-catalogue.ts';

const pickle = (id: string, name: string, steps: PickleStep[]): Envelope => ({
  pickle: { id, name, uri: 'features/a.feature', astNodeIds: [`ast-${id}`], steps },
});

function run(statuses: string[][], retried: boolean[] = []): Envelope[] {
  const envelopes: Envelope[] = [];
  statuses.forEach((steps, i) => {
    envelopes.push(pickle(`p${i}`, `scenario ${i}`, []));
    envelopes.push({ testCase: { id: `tc${i}`, pickleId: `p${i}`, testSteps: [] } });
  });
  statuses.forEach((steps, i) => {
    envelopes.push({ testCaseStarted: { id: `s${i}`, testCaseId: `tc${i}` } });
    for (const status of steps) {
      envelopes.push({
        testStepFinished: {
          testCaseStartedId: `s${i}`,
          testStepResult: { status, message: status === 'FAILED' ? 'boom\ndetails' : undefined },
        },
      });
    }
    envelopes.push({ testCaseFinished: { testCaseStartedId: `s${i}`, willBeRetried: retried[i] ?? false } });
  });
  return envelopes;
}

describe('scenario results from cucumber messages', () => {
  it('classify each scenario by its worst step', () => {
    const results = scenarioResults(
      run([
        ['PASSED', 'PASSED'],
        ['PASSED', 'FAILED', 'SKIPPED'],
        ['SKIPPED', 'SKIPPED'],
        ['UNDEFINED'],
        ['AMBIGUOUS'],
        ['PENDING'],
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'skipped', 'failed', 'failed', 'failed']);
    expect(results[1]?.message).toBe('boom\ndetails');
  });

  it('count only the final attempt of a retried scenario', () => {
    expect(scenarioResults(run([['FAILED']], [true]))).toEqual([]);
  });
});

describe('preflight', () => {
  const dryRun: Envelope[] = [
    {
      gherkinDocument: {
        uri: 'features/a.feature',
        feature: {
          children: [
            {
              scenario: {
                steps: [
                  { id: 'g1', location: { line: 5 }, docString: { location: { line: 6 } } },
                  { id: 'g2', location: { line: 12 } },
                  { id: 'g3', location: { line: 13 } },
                ],
              },
            },
          ],
        },
      },
    },
    pickle('p1', 'S', [
      {
        id: 'ps1',
        text: 'the manifest:',
        astNodeIds: ['g1'],
        argument: { docString: { content: 'a: [broken\nb: 1\n' } },
      },
      { id: 'ps2', text: 'I frobnicate', astNodeIds: ['g2'] },
      { id: 'ps3', text: 'the manifest "init/myapp-pod.yaml"', astNodeIds: ['g3'] },
    ]),
    {
      testCase: {
        id: 'tc1',
        pickleId: 'p1',
        testSteps: [
          { id: 't1', pickleStepId: 'ps1', stepDefinitionIds: ['d1'] },
          { id: 't2', pickleStepId: 'ps2', stepDefinitionIds: [] },
          { id: 't3', pickleStepId: 'ps3', stepDefinitionIds: ['d2'] },
        ],
      },
    },
  ];
  const p = readPreflight(dryRun, MANIFEST_DOCSTRING_STEP, MANIFEST_FILE_STEP);

  it('finds undefined steps and manifests with their feature-file lines', () => {
    expect(p.selected).toBe(1);
    expect(p.undefinedSteps).toEqual(['features/a.feature:12 (scenario "S"): "I frobnicate"']);
    expect(p.manifestFiles).toEqual(['init/myapp-pod.yaml']);
    expect(p.manifestDocStrings[0]).toMatchObject({ where: 'features/a.feature:5 (scenario "S")', docLine: 6 });
  });

  it('turns each problem into one line with the fix', () => {
    const problems = preflightProblems(p, undefined);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^1 undefined step\(s\), first features\/a\.feature:12 .*Use a step from reports\/steps\.md/,
    );
    expect(problems[1]).toMatch(
      /^features\/a\.feature:5 \(scenario "S"\): invalid YAML at line \d+, column \d+: .*Fix the manifest/,
    );
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('puts a Gherkin parse error on one line with file, line and column', () => {
    const parsed = readPreflight(
      [
        {
          parseError: {
            source: { uri: 'features/b.feature', location: { line: 4, column: 3 } },
            message: "(4:3): expected: #EOF, #StepLine, got 'Examples oops'",
          },
        },
      ],
      MANIFEST_DOCSTRING_STEP,
      MANIFEST_FILE_STEP,
    );
    expect(preflightProblems(parsed, undefined)).toEqual([
      "features/b.feature:4:3: Gherkin syntax error: expected: #EOF, #StepLine, got 'Examples oops'. Fix the feature file.",
    ]);
  });

  it('names a mistyped placeholder in a manifest docstring', () => {
    const docs = [{ where: 'features/a.feature:5 (scenario "S")', docLine: 6, content: 'a: ${namspace}\n' }];
    expect(
      preflightProblems({ ...p, undefinedSteps: [], manifestFiles: [], manifestDocStrings: docs }, undefined),
    ).toEqual([
      'features/a.feature:5 (scenario "S") at line 7: unknown placeholder ${namspace}; did you mean ${namespace}?',
    ]);
  });

  it('treats an empty selection as an error naming the tag expression', () => {
    expect(preflightProblems({ ...p, selected: 0, undefinedSteps: [], manifestDocStrings: [] }, '@NOPE')[0]).toMatch(
      /^the tag expression "@NOPE" selects no scenario\./,
    );
  });
});

describe('step budgets', () => {
  it('derive from the durations in the step, plus a margin', () => {
    expect(budgetFor(['pod', Duration.parse('90 seconds')])).toBe(90_000 + WAIT_MARGIN_MS);
    expect(budgetFor(['pod'])).toBe(API_STEP_BUDGET_MS);
  });
});

describe('report', () => {
  it('strips the analytics loader and its configuration', () => {
    const html = `<body><div id="app"></div>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-X', {});
    </script>
    <script>window.allureReportData = {}</script></body>`;
    const out = stripAnalytics(html);
    expect(out).not.toMatch(/googletagmanager|gtag/);
    expect(out).toContain('window.allureReportData');
  });
});

describe('step catalogue', () => {
  it('lists every registered step with its keyword and usage', () => {
    const registrations = stepRegistrations();
    expect(registrations.map((r) => `${r.keyword} ${r.pattern}`)).toContain(
      'Then pod {string} becomes {podState} within {duration}',
    );
    const md = stepCatalogue(registrations, new Map([['pod {string} becomes {podState} within {duration}', 3]]));
    expect(md).toContain('- `Then pod {string} becomes {podState} within {duration}` (used 3×)');
    expect(md).toContain('the app containers stayed waiting until every init container had succeeded');
    expect(md).toMatch(
      /- `Then field \{string\} of \{word\} \{string\} is \{string\}`\n {2}One field of the object as the API server stored it/,
    );
  });

  it('documents every parameter type a step uses, from the types themselves', () => {
    const registrations = stepRegistrations();
    const md = stepCatalogue(registrations, new Map());
    const section = md.slice(md.indexOf('## Parameter types'));
    const used = new Set(registrations.flatMap((r) => [...r.pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)));
    expect([...used].filter((name) => !section.includes(`\`{${name}}\``))).toEqual([]);
    expect(section).toContain('- `{probeKind}`: `liveness`, `readiness`, `startup`');
  });
});
