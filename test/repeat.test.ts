import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withoutRepeat } from '../scripts/bench/bench.ts';
import { MAX_REPEAT, parseCommandLine, parseRunArgs } from '../scripts/args.ts';
import { EXIT, UsageError } from '../scripts/shared/exit.ts';
import { scenarioResults, type Envelope, type ScenarioResult } from '../scripts/report/messages.ts';
import { firstLine, formatStability, stability, totalLine, type RepeatRun } from '../scripts/run/stability.ts';

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('--repeat', () => {
  it('takes a whole number of runs from 1 to 100', () => {
    expect(parseRunArgs(['--repeat', '5'], {}).repeat).toBe(5);
    expect(parseRunArgs(['--repeat=1'], {}).repeat).toBe(1);
    expect(parseRunArgs([`--repeat`, String(MAX_REPEAT)], {}).repeat).toBe(100);
    expect(parseRunArgs([], {}).repeat).toBeUndefined();
    const line = parseCommandLine(['run', '--tags', '@INIT-02', '--repeat', '3', '--parallel', '2'], {});
    expect(line).toEqual({
      command: 'run',
      options: { help: false, report: false, tags: '@INIT-02', repeat: 3, parallel: 2 },
    });
  });

  it('refuses anything else in one line naming the option and the fix', () => {
    for (const value of ['0', '101', '-2', '2.5', 'five', '3x']) {
      expect(refusal(() => parseRunArgs(['--repeat', value], {}))).toBe(
        `--repeat must be a whole number of runs from 1 to 100 (got "${value}"); for example --repeat 5`,
      );
    }
    expect(refusal(() => parseRunArgs(['--repeat'], {}))).toMatch(/^--repeat needs a value/);
    expect(refusal(() => parseRunArgs(['--repeat', '--tags', '@A'], {}))).toMatch(/^--repeat needs a value/);
    // npm without "--" takes it as its own option.
    expect(refusal(() => parseRunArgs(['5'], { npm_lifecycle_event: 'scenarios', npm_config_repeat: '5' }))).toMatch(
      /^npm took --repeat as its own option because "--" is missing/,
    );
  });

  it('is for run and bench; test, list and cleanup refuse it', () => {
    expect(parseCommandLine(['bench', '--repeat', '3'], {}).runArgv).toEqual(['--repeat', '3']);
    expect(parseCommandLine(['bench', '--repeat', '3'], {}).options.repeat).toBe(3);
    expect(refusal(() => parseCommandLine(['bench', '--repeat', '0'], {}))).toMatch(/^--repeat must be a whole number/);
    expect(refusal(() => parseCommandLine(['test', '--repeat', '3'], {}))).toBe(
      'test takes no --repeat (it runs the static checks and unit tests once); repeat the scenarios with pod-conformance run --repeat 3 (pod-conformance --help)',
    );
    expect(refusal(() => parseCommandLine(['list', '--repeat', '3'], {}))).toMatch(/^list takes only --tags/);
    expect(refusal(() => parseCommandLine(['cleanup', '--repeat', '3'], {}))).toMatch(/^cleanup takes only/);
  });
});

describe('pod-conformance run --repeat from the command line', () => {
  const BIN = resolve(import.meta.dirname, '../bin/pod-conformance.mjs');
  const reports = mkdtempSync(join(tmpdir(), 'pc-repeat-'));
  // Outside npm and any cluster, with reports of its own; never installing (see test/cli.test.ts).
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'KUBECONFIG')),
    POD_CONFORMANCE_NO_INSTALL: '1',
    POD_CONFORMANCE_REPORTS: reports,
  };
  const cli = async (...argv: string[]) => {
    try {
      const r = await promisify(execFile)('node', [BIN, ...argv], { env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 2 on a bad --repeat with one line, before the run takes its lock or touches a cluster', async () => {
    const bad = await cli('run', '--repeat', '0', '--tags', '@POD-09');
    expect(bad.code).toBe(EXIT.usage);
    // The command's bundle may be rebuilt first (a source changed), saying so on a line of its own.
    const lines = bad.stderr
      .trim()
      .split('\n')
      .filter((l) => !/^pod-conformance: .* bundled in /.test(l));
    expect(lines).toEqual([
      'error: --repeat must be a whole number of runs from 1 to 100 (got "0"); for example --repeat 5',
    ]);
    expect(bad.stdout).toBe('0 passed, 1 failed, 0 skipped\n');
    expect(existsSync(join(reports, '.run.lock'))).toBe(false);
    expect(existsSync(join(reports, 'repeat.json'))).toBe(false);
    const help = await cli('run', '--help');
    expect(help.stdout).toMatch(/^ {2}--repeat <n> +run the selection n times in a row \(1 to 100\)/m);
  }, 60_000);
});

describe('bench --repeat', () => {
  it('benches single runs: the runs it times get the options without --repeat', () => {
    expect(withoutRepeat(['--tags', '@A', '--repeat', '3', '--parallel', '2'])).toEqual([
      '--tags',
      '@A',
      '--parallel',
      '2',
    ]);
    expect(withoutRepeat(['--repeat=3', '--report'])).toEqual(['--report']);
  });
});

const result = (over: Partial<ScenarioResult> & { name: string }): ScenarioResult => ({
  uri: 'features/a.feature',
  location: 'features/a.feature',
  status: 'passed',
  logs: [],
  tags: [],
  attachments: [],
  ...over,
});

const run = (index: number, results: ScenarioResult[], extra: Partial<RepeatRun> = {}): RepeatRun => {
  const tally = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) tally[r.status] += 1;
  return {
    index,
    runId: `run-20260101-00000${index}-0000000${index}`,
    results,
    tally,
    exitCode: tally.failed > 0 ? 1 : 0,
    durationMs: 60_000,
    ...extra,
  };
};

describe('the stability table', () => {
  const init = (status: ScenarioResult['status'] = 'passed', message?: string) =>
    result({ name: 'init order', line: 10, tags: ['@INIT-02', '@epic:init'], status, message });
  const oom = (status: ScenarioResult['status'] = 'passed', message?: string) =>
    result({
      name: 'OOM kill',
      uri: 'features/b.feature',
      line: 5,
      tags: ['@STATUS-06'],
      status,
      message,
    });
  // Two rows of one Scenario Outline: same name and scenario line, each its own row.
  const row = (exampleLine: number, status: ScenarioResult['status'] = 'passed', message?: string) =>
    result({ name: 'restartPolicy', line: 60, exampleLine, tags: ['@RESTART-02'], status, message });
  const skipped = () => result({ name: 'multinode', line: 30, tags: ['@POD-07'], status: 'skipped' });

  const runs = [
    run(1, [init(), oom(), row(110), row(111), skipped()]),
    run(2, [
      init(),
      oom('failed', 'Error: expected reason OOMKilled, observed Error exit 137\n    at step (x.ts:1)'),
      row(110),
      row(111, 'failed', 'pod stayed Running\nmore'),
      skipped(),
    ]),
    run(3, [init(), oom('failed', 'Error: expected reason OOMKilled, observed Error exit 137'), row(110), row(111)]),
  ];

  it('counts per scenario, Outline rows apart, failures first with their first lines de-duplicated', () => {
    const s = stability(runs, 3);
    expect(s.totals).toEqual({ scenarioRuns: 14, passed: 9, failed: 3, skipped: 2, scenarios: 5, unstable: 2 });
    expect(s.scenarios.map((x) => [x.ids.join(','), x.location, x.passed, x.failed, x.skipped, x.runs])).toEqual([
      ['STATUS-06', 'features/b.feature:5', 1, 2, 0, 3],
      ['RESTART-02', 'features/a.feature:111', 2, 1, 0, 3],
      ['INIT-02', 'features/a.feature:10', 3, 0, 0, 3],
      ['POD-07', 'features/a.feature:30', 0, 0, 2, 2],
      ['RESTART-02', 'features/a.feature:110', 3, 0, 0, 3],
    ]);
    expect(s.scenarios[0]!.failures).toEqual([
      { line: 'Error: expected reason OOMKilled, observed Error exit 137', count: 2, runs: [2, 3] },
    ]);
    expect(s.scenarios[1]!.failures).toEqual([{ line: 'pod stayed Running', count: 1, runs: [2] }]);
    expect(s.runs.map((r) => [r.index, r.failed, r.exitCode])).toEqual([
      [1, 0, 0],
      [2, 2, 1],
      [3, 1, 1],
    ]);
  });

  it('prints a row per scenario, each failure line under it, the runs and one total line', () => {
    const lines = formatStability(stability(runs, 3));
    expect(lines.slice(0, 5)).toEqual([
      'stability over 3 runs (scenarios that failed in any run first):',
      '  passed failed skipped  scenario',
      '       1      2       0  STATUS-06  OOM kill (features/b.feature:5)',
      '                         2× (runs 2, 3): Error: expected reason OOMKilled, observed Error exit 137',
      '       2      1       0  RESTART-02  restartPolicy (features/a.feature:111)',
    ]);
    expect(lines).toContain(
      '       0      0       2  POD-07  multinode (features/a.feature:30) [a result in 2 of 3 runs]',
    );
    expect(lines.at(-1)).toBe(
      '3 runs: 14 scenario runs, 3 failed, 2 skipped, 9 passed; 2 of 5 scenarios failed in at least one run',
    );
  });

  it('says when every scenario held, and which run was interrupted or stopped', () => {
    const clean = stability([run(1, [init(), row(110)]), run(2, [init(), row(110)])], 2);
    expect(totalLine(clean)).toBe(
      '2 runs: 4 scenario runs, 0 failed, 0 skipped, 4 passed; none of the 2 scenarios failed in any run',
    );
    const cut = stability(
      [
        run(1, [init()]),
        run(2, [init('failed', 'InterruptedError: interrupted by SIGINT: the run was stopped')], {
          interrupted: 'SIGINT',
          exitCode: 130,
        }),
      ],
      5,
    );
    expect(totalLine(cut)).toBe(
      '2 of 5 runs: 2 scenario runs, 1 failed, 0 skipped, 1 passed; 1 of 1 scenario failed in at least one run (run 2 interrupted by SIGINT)',
    );
    const stopped = stability([run(1, [], { stopped: 'cannot reach the API server', exitCode: 3 })], 3);
    expect(totalLine(stopped)).toBe(
      '1 of 3 runs: 0 scenario runs, 0 failed, 0 skipped, 0 passed; no scenario ran (run 1 stopped: cannot reach the API server)',
    );
    expect(formatStability(stopped)).toContain(
      '    1. run-20260101-000001-00000001: 0 passed, 0 failed, 0 skipped, exit 3, 1 min, stopped: cannot reach the API server',
    );
  });

  it('takes the first non-empty line of a failure', () => {
    expect(firstLine('\n  Error: boom\n at x')).toBe('Error: boom');
    expect(firstLine(undefined)).toBe('(failed without a message)');
  });
});

describe('scenario results of a Scenario Outline', () => {
  it('carry the line of their Examples row', () => {
    const envelopes: Envelope[] = [
      {
        gherkinDocument: {
          uri: 'features/r.feature',
          feature: {
            children: [
              {
                scenario: {
                  id: 's1',
                  location: { line: 60 },
                  steps: [],
                  examples: [
                    {
                      tableBody: [
                        { id: 'r1', location: { line: 110 } },
                        { id: 'r2', location: { line: 111 } },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        },
      },
      ...['r1', 'r2'].flatMap((rowId, i): Envelope[] => [
        { pickle: { id: `p${i}`, name: 'policy', uri: 'features/r.feature', astNodeIds: ['s1', rowId], steps: [] } },
        { testCase: { id: `tc${i}`, pickleId: `p${i}`, testSteps: [] } },
        { testCaseStarted: { id: `a${i}`, testCaseId: `tc${i}` } },
        { testStepFinished: { testCaseStartedId: `a${i}`, testStepResult: { status: 'PASSED' } } },
        { testCaseFinished: { testCaseStartedId: `a${i}`, willBeRetried: false } },
      ]),
    ];
    expect(scenarioResults(envelopes).map((r) => [r.line, r.exampleLine])).toEqual([
      [60, 110],
      [60, 111],
    ]);
  });
});
