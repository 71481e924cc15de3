import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../scripts/report/messages.ts';
import { DUPLICATE_MS, interruptedCount, RunSignals, type RunSignal } from '../scripts/run/signals.ts';

describe('run signals', () => {
  const setup = () => {
    let now = 1_000;
    const seen: string[] = [];
    const signals = new RunSignals(
      (s) => seen.push(`first ${s}`),
      (s) => seen.push(`second ${s}`),
      () => now,
    );
    return { signals, seen, advance: (ms: number) => (now += ms) };
  };

  it('count the copies of one Ctrl-C (terminal, npm, tsx) once, and a later one as the second', () => {
    const { signals, seen, advance } = setup();
    expect(signals.exitCode).toBeUndefined();
    expect(signals.receive('SIGINT')).toBe('first');
    advance(40);
    expect(signals.receive('SIGINT')).toBe('duplicate');
    advance(DUPLICATE_MS);
    expect(signals.receive('SIGINT')).toBe('second');
    advance(5_000);
    expect(signals.receive('SIGINT')).toBe('ignored');
    expect(seen).toEqual(['first SIGINT', 'second SIGINT']);
    expect(signals.exitCode).toBe(130);
  });

  it('exit with the code of the first signal', () => {
    const { signals, advance } = setup();
    const order: RunSignal[] = ['SIGTERM', 'SIGINT'];
    for (const s of order) {
      signals.receive(s);
      advance(2_000);
    }
    expect(signals.exitCode).toBe(143);
  });
});

describe('the count of a run stopped before its scenarios were counted', () => {
  /** Cucumber's messages for scenarios p0…: each started one, and finished with `statuses[i]` when given. */
  const stream = (statuses: (string | undefined)[]): Envelope[] =>
    statuses.flatMap((status, i): Envelope[] => [
      { pickle: { id: `p${i}`, name: `s${i}`, uri: 'features/a.feature', astNodeIds: [], steps: [] } },
      { testCase: { id: `tc${i}`, pickleId: `p${i}`, testSteps: [] } },
      { testCaseStarted: { id: `a${i}`, testCaseId: `tc${i}` } },
      ...(status
        ? [
            { testStepFinished: { testCaseStartedId: `a${i}`, testStepResult: { status } } },
            { testCaseFinished: { testCaseStartedId: `a${i}`, willBeRetried: false } },
          ]
        : []),
    ]);

  it('counts finished scenarios as they ended, running ones as failed, unstarted ones as skipped', () => {
    const zero = { passed: 0, failed: 0, skipped: 0 };
    const { tally, results } = interruptedCount(zero, 6, stream(['PASSED', 'FAILED', 'SKIPPED', undefined]));
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'skipped']);
    // 1 passed; 1 failed + 1 still running; 1 skipped + 2 never started.
    expect(tally).toEqual({ passed: 1, failed: 2, skipped: 3 });
    expect(zero).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });

  it('counts the whole selection as skipped when no scenario had started', () => {
    expect(interruptedCount({ passed: 0, failed: 0, skipped: 0 }, 4, [])).toEqual({
      tally: { passed: 0, failed: 0, skipped: 4 },
      results: [],
    });
  });
});

describe('the command line process', () => {
  it('loads none of the signal handlers of cucumber and its workers (support/interrupt.ts)', async () => {
    // Loaded into the runner, they ended it at the second copy of one Ctrl-C: lock, lease and
    // closing line left behind (support/scenario/gate-file.ts). Every module the command can load,
    // dynamic imports included, as esbuild bundles it.
    const root = join(import.meta.dirname, '..');
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['scripts/cli.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('scripts/run/run.ts');
    expect(inputs).toContain('support/scenario/sanity-gate.ts');
    expect(inputs.filter((f) => f === 'support/interrupt.ts' || f === 'support/scenario/gate-handoff.ts')).toEqual([]);
  }, 30_000);
});
