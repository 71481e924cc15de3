import { describe, expect, it } from 'vitest';
import { benchResult, formatBench, percentile, utilisation } from '../scripts/bench/bench-result.ts';
import { cpuDuring, parseProcStat } from '../scripts/bench/machine-cpu.ts';
import type { Envelope } from '../scripts/report/messages.ts';
import { DETECTION_MEDIA_TYPE } from '../support/pods/detection-latency.ts';

const at = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

/** A run of scenarios given as [name, worker, start ms, end ms, detection raw ms…]. */
function run(scenarios: [string, string, number, number, ...number[]][], runStart: number, runEnd: number): Envelope[] {
  const envelopes: Envelope[] = [{ testRunStarted: { timestamp: at(runStart) } }];
  for (const [name, workerId, start, end, ...raw] of scenarios) {
    envelopes.push(
      { pickle: { id: `p-${name}`, name, uri: 'features/a.feature', astNodeIds: [], steps: [] } },
      { testCase: { id: `t-${name}`, pickleId: `p-${name}`, testSteps: [] } },
      { testCaseStarted: { id: `s-${name}`, testCaseId: `t-${name}`, timestamp: at(start), workerId } },
      { testStepFinished: { testCaseStartedId: `s-${name}`, testStepResult: { status: 'PASSED' } } },
    );
    if (raw.length > 0) {
      const samples = raw.map((rawMs) => ({
        pod: 'p',
        waitedFor: 'Ready',
        field: 'condition Ready',
        rawMs,
        afterObservedMs: 5,
      }));
      envelopes.push({
        attachment: { testCaseStartedId: `s-${name}`, mediaType: DETECTION_MEDIA_TYPE, body: JSON.stringify(samples) },
      });
    }
    envelopes.push({ testCaseFinished: { testCaseStartedId: `s-${name}`, willBeRetried: false, timestamp: at(end) } });
  }
  envelopes.push({ testRunFinished: { timestamp: at(runEnd) } });
  return envelopes;
}

describe('percentiles', () => {
  it('are nearest-rank: the smallest value with at least p % at or below it', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('utilisation', () => {
  it('is the busy time over workers × wall', () => {
    expect(utilisation(300_000, 4, 100_000)).toBe(0.75);
    expect(utilisation(1, 0, 100)).toBe(0);
  });
});

describe('a bench result', () => {
  const envelopes = run(
    [
      ['long', '0', 12_000, 102_000, 400, 900],
      ['a', '1', 12_500, 42_500, 1200],
      ['b', '1', 42_600, 62_600],
    ],
    10_000,
    104_000,
  );
  const result = benchResult({
    envelopes,
    timings: {
      processStartedAt: 500,
      phases: [{ name: 'preflight', ms: 1000 }],
      workers: 2,
      cucumberStartedAt: 9_000,
    },
    command: 'npm run -s scenarios',
    startedAtMs: 0,
    endedAtMs: 110_000,
    exitCode: 0,
  });

  it('has the wall time, the sum, the slowest scenario and their ratio', () => {
    expect(result.wallMs).toBe(90_000);
    expect(result.cucumberMs).toBe(94_000);
    expect(result.sumMs).toBe(140_000);
    expect(result.slowest).toEqual({ name: 'long', uri: 'features/a.feature', ms: 90_000 });
    expect(result.ratio).toBe(1);
    expect(result.utilisation).toBeCloseTo(140 / (2 * 90));
    expect(result.scenarios).toEqual({ passed: 3, failed: 0, skipped: 0 });
  });

  it('has the time to the first scenario with the phases before it', () => {
    expect(result.timeToFirstScenarioMs).toBe(12_000);
    expect(result.phases).toEqual([
      { name: 'npm', ms: 500 },
      { name: 'preflight', ms: 1000 },
      { name: 'cucumber and workers start (beside the cluster check or the gate)', ms: 3_000 },
    ]);
  });

  it('has the detection latency as an estimate (middle of the second) and an upper bound', () => {
    expect(result.detection.samples).toBe(3);
    expect(result.detection.upperBound).toEqual({ p50: 900, p95: 1200, max: 1200 });
    expect(result.detection.estimated).toEqual({ p50: 400, p95: 700, max: 700 });
    expect(result.detection.afterObserved).toEqual({ p50: 5, p95: 5, max: 5 });
    expect(result.detection.slowest[0]?.rawMs).toBe(1200);
  });

  it('prints every figure', () => {
    const text = formatBench(result).join('\n');
    expect(text).toContain('wall / slowest       1.00');
    expect(text).toContain('utilisation 78 %');
    expect(text).toContain('first scenario       12.0 s after the command started: npm 0.5 s, preflight 1.0 s');
    expect(text).toContain('3 waits: p50 0.4 s, p95 0.7 s, max 0.7 s');
  });
});

describe('machine CPU', () => {
  const stat = (user: number, idle: number) => `cpu  ${user} 0 0 ${idle} 0 0 0 0 0 0\ncpu0 1 0 0 1\ncpu1 1 0 0 1\n`;

  it('reads the busy and total jiffies and the number of cores from /proc/stat', () => {
    expect(parseProcStat(stat(300, 100), 5)).toEqual({ atMs: 5, busy: 300, total: 400, cores: 2 });
    expect(parseProcStat('intr 1 2 3', 5)).toBeUndefined();
  });

  it('measures the window between the samples nearest its ends', () => {
    const samples = [
      { atMs: 0, busy: 0, total: 0 },
      { atMs: 1000, busy: 100, total: 200 },
      { atMs: 2000, busy: 280, total: 400 },
      { atMs: 3000, busy: 480, total: 600 },
    ];
    // 1000..3000: 380 busy of 400 jiffies over 2 cores and 2 s.
    const use = cpuDuring(samples, 2, 1500, 2500)!;
    expect(use.fromMs).toBe(1000);
    expect(use.toMs).toBe(3000);
    expect(use.share).toBeCloseTo(0.95);
    expect(use.busyCoreS).toBeCloseTo(3.8);
    expect(cpuDuring(samples.slice(0, 1), 2, 0, 1)).toBeUndefined();
  });

  it('is printed with the core-seconds per scenario that ran', () => {
    const lines = formatBench({
      ...benchResult({ envelopes: [], command: 'x', startedAtMs: 0, endedAtMs: 1, exitCode: 0 }),
      machineCpu: { cores: 2, busyCoreS: 190, share: 0.95, fromMs: 0, toMs: 100_000, perScenarioCoreS: 1 },
    });
    expect(lines.find((l) => l.includes('machine CPU'))).toContain('95 % of 2 core(s) busy');
  });
});
