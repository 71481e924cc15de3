import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseWorkers,
  forWorkers,
  key,
  longestFirst,
  read,
  readRecent,
  recordDurations,
  workersWithoutCluster,
} from '../scripts/run/workers.ts';
import { mayStart, RUN_ALONE_TAG } from '../support/scenario/run-alone.ts';

const scenario = (name: string) => ({ uri: 'features/a.feature', name });
const pickle = (name: string, ...tags: string[]) => ({
  pickle: { uri: 'features/a.feature', name, tags: tags.map((t) => ({ name: t })) },
});

describe('longest first', () => {
  it('starts unknown scenarios, then the longest, keeping cucumber order among equals', () => {
    const durations = { [key('features/a.feature', 'short')]: 1_000, [key('features/a.feature', 'long')]: 90_000 };
    const ordered = longestFirst([pickle('short'), pickle('long'), pickle('new'), pickle('other new')], durations);
    expect(ordered.map((p) => p.pickle.name)).toEqual(['new', 'other new', 'long', 'short']);
  });

  it('starts @run-alone scenarios before all others, longest first among them', () => {
    const durations = {
      [key('features/a.feature', 'long')]: 90_000,
      [key('features/a.feature', 'alone short')]: 1_000,
      [key('features/a.feature', 'alone long')]: 5_000,
    };
    const ordered = longestFirst(
      [pickle('long'), pickle('alone short', RUN_ALONE_TAG), pickle('new'), pickle('alone long', RUN_ALONE_TAG)],
      durations,
    );
    expect(ordered.map((p) => p.pickle.name)).toEqual(['alone long', 'alone short', 'new', 'long']);
  });
});

describe('at most half the workers on long scenarios', () => {
  const ms = (entries: [string, number][]) =>
    Object.fromEntries(entries.map(([name, d]) => [key('features/a.feature', name), d]));
  const names = (items: { pickle: { name: string } }[]) => items.map((p) => p.pickle.name);

  it('fills the other half with short scenarios while long ones wait for a long one to end', () => {
    // Long: at least a quarter of the slowest (100 s). 4 workers: at most 2 long at once.
    const durations = ms([
      ['L100', 100_000],
      ['L60', 60_000],
      ['L50', 50_000],
      ['L40', 40_000],
      ['S20', 20_000],
      ['S10', 10_000],
      ['S5', 5_000],
      ['S1', 1_000],
    ]);
    const all = ['S1', 'L40', 'S20', 'L100', 'S5', 'L60', 'S10', 'L50'].map((n) => pickle(n));
    // Plain longest first would give the four workers the four long ones.
    expect(names(longestFirst(all, durations)).slice(0, 4)).toEqual(['L100', 'L60', 'L50', 'L40']);
    // t=0: L100, L60, S20, S10; t=10: S5 (L50 waits: two long run); t=15: S1; t=16: nothing short
    // is left, so L50 and L40 take the next workers.
    expect(names(forWorkers(all, durations, 4))).toEqual(['L100', 'L60', 'S20', 'S10', 'S5', 'S1', 'L50', 'L40']);
  });

  it('is plain longest first when nothing is short, and with one worker', () => {
    const durations = ms([
      ['a', 100_000],
      ['b', 90_000],
      ['c', 80_000],
      ['s', 1_000],
    ]);
    expect(names(forWorkers([pickle('c'), pickle('a'), pickle('b')], durations, 2))).toEqual(['a', 'b', 'c']);
    expect(names(forWorkers([pickle('s'), pickle('c'), pickle('a'), pickle('b')], durations, 1))).toEqual([
      'a',
      'b',
      'c',
      's',
    ]);
  });

  it('keeps @run-alone and unknown scenarios first, and every scenario exactly once', () => {
    const durations = ms([
      ['long', 90_000],
      ['alone', 5_000],
      ['short', 1_000],
    ]);
    const all = [pickle('short'), pickle('long'), pickle('new'), pickle('alone', RUN_ALONE_TAG)];
    expect(names(forWorkers(all, durations, 3))).toEqual(['alone', 'new', 'long', 'short']);
    expect(names(forWorkers(all, {}, 3))).toEqual(['alone', 'short', 'long', 'new']);
  });
});

describe('@run-alone', () => {
  const plain = { tags: [{ name: '@PROBE-01' }] };
  const alone = { tags: [{ name: RUN_ALONE_TAG }] };

  it('starts only when nothing else runs, and nothing starts beside it', () => {
    expect(mayStart(alone, [])).toBe(true);
    expect(mayStart(alone, [plain])).toBe(false);
    expect(mayStart(plain, [alone])).toBe(false);
    expect(mayStart(plain, [plain, plain])).toBe(true);
  });
});

describe('choosing the number of workers', () => {
  const durations = Object.fromEntries(
    [
      ['slow', 90_000],
      ['a', 30_000],
      ['b', 30_000],
      ['c', 30_000],
      ['d', 30_000],
      ['e', 30_000],
    ].map(([n, ms]) => [key('features/a.feature', n as string), ms as number]),
  );
  const all = ['slow', 'a', 'b', 'c', 'd', 'e'].map(scenario);

  it('spreads the total over enough workers to fit the slowest scenario', () => {
    // 240 s of work, slowest 90 s: 3 workers finish in about 90 s.
    expect(chooseWorkers(all, durations, 1).workers).toBe(3);
  });

  it('is capped per node and by the number of scenarios', () => {
    expect(chooseWorkers(all, durations, 1, 2).workers).toBe(2);
    expect(chooseWorkers([scenario('a')], durations, 1).workers).toBe(1);
  });

  it('allows 24 workers per schedulable node by default (the whole catalogue asks for about 25 on one node)', () => {
    const many = Array.from({ length: 60 }, (_, i) => scenario(`s${i}`));
    const thirty = Object.fromEntries(many.map((s) => [key(s.uri, s.name), 30_000]));
    const withSlow = { ...thirty, [key('features/a.feature', 's0')]: 60_000 };
    // 1830 s of work, slowest 60 s: 31 workers would fit it; one node allows 24, two allow 31
    // (on a machine of 8 cores).
    expect(chooseWorkers(many, withSlow, 1, 24, 0, 8).workers).toBe(24);
    expect(chooseWorkers(many, withSlow, 2, 24, 0, 8).workers).toBe(31);
  });

  it('is capped by the cores of the machine running the suite, whatever the nodes', () => {
    const many = Array.from({ length: 80 }, (_, i) => scenario(`s${i}`));
    const thirty = Object.fromEntries(many.map((s) => [key(s.uri, s.name), 30_000]));
    // 2400 s of work, slowest 30 s: 80 workers would fit it; 3 nodes allow 72, 2 cores 24.
    const twoCores = chooseWorkers(many, thirty, 3, 24, 0, 2);
    expect(twoCores.workers).toBe(24);
    expect(twoCores.reason).toContain("at most 12 per core of this machine's 2");
    expect(chooseWorkers(many, thirty, 3, 24, 0, 8).workers).toBe(72);
    // The other live runs share what the machine allows.
    expect(chooseWorkers(many, thirty, 3, 24, 1, 2).workers).toBe(12);
  });

  it("shares the cluster's per-node budget with the other runs using it", () => {
    const many = Array.from({ length: 40 }, (_, i) => scenario(`s${i}`));
    const thirty = Object.fromEntries(many.map((s) => [key(s.uri, s.name), 30_000]));
    const withSlow = { ...thirty, [key('features/a.feature', 's0')]: 60_000 };
    const shared = chooseWorkers(many, withSlow, 1, 16, 1, 8);
    expect(shared.workers).toBe(8);
    expect(shared.reason).toContain('16 per schedulable node, shared with 1 other live run');
    expect(chooseWorkers(many, withSlow, 1, 16, 40).workers).toBe(1);
  });

  it('is one when more workers would save less than starting them costs (cucumber runs it in its own process)', () => {
    const short = { [key('features/a.feature', 'p')]: 300, [key('features/a.feature', 'q')]: 400 };
    const two = [scenario('p'), scenario('q')];
    const one = chooseWorkers(two, short, 1);
    expect(one.workers).toBe(1);
    expect(one.reason).toContain("in cucumber's own process");
    // 0.4 s + 0.9 s: a second worker saves 0.9 s, still less than it costs
    expect(chooseWorkers(two, { ...short, [key('features/a.feature', 'p')]: 900 }, 1).workers).toBe(1);
    // 5 s + 5 s: a second worker saves 5 s
    const longer = { [key('features/a.feature', 'p')]: 5_000, [key('features/a.feature', 'q')]: 5_000 };
    expect(chooseWorkers(two, longer, 1).workers).toBe(2);
  });

  it('is known before the cluster check when no cluster can change it (cucumber starts then)', () => {
    const short = { [key('features/a.feature', 'p')]: 300, [key('features/a.feature', 'q')]: 400 };
    // one scenario; two short ones; --parallel
    expect(workersWithoutCluster(undefined, [scenario('p')], {})?.workers).toBe(1);
    expect(workersWithoutCluster(undefined, [scenario('p'), scenario('q')], short)?.workers).toBe(1);
    expect(workersWithoutCluster(4, all, durations)).toEqual({ workers: 4, reason: '4 (--parallel)' });
    // several that pay for their workers: the nodes and the other runs decide
    expect(workersWithoutCluster(undefined, all, durations)).toBeUndefined();
    expect(workersWithoutCluster(undefined, [scenario('p'), scenario('q')], {})).toBeUndefined();
  });

  it('estimates unknown scenarios at the median and uses the cap without any history', () => {
    expect(chooseWorkers([...all, scenario('new')], durations, 1).workers).toBe(3);
    expect(chooseWorkers(all, {}, 1, 4)).toMatchObject({ workers: 4 });
  });
});

describe('recording durations', () => {
  it('keeps earlier entries, replaces measured ones and ignores skipped scenarios', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'durations-')), 'durations.json');
    const previous = { [key('features/a.feature', 'a')]: [1], [key('features/a.feature', 'kept')]: [2] };
    recordDurations(path, previous, [
      { uri: 'features/a.feature', name: 'a', durationMs: 10, status: 'passed' },
      { uri: 'features/a.feature', name: 'skipped', durationMs: 0, status: 'skipped' },
    ]);
    expect(read(path)).toEqual({ [key('features/a.feature', 'a')]: 10, [key('features/a.feature', 'kept')]: 2 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveProperty('scenarios');
  });

  it('estimates each scenario by the longest of its last five times', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'durations-')), 'durations.json');
    const a = key('features/a.feature', 'a');
    const run = (ms: number) =>
      recordDurations(path, readRecent(path), [
        { uri: 'features/a.feature', name: 'a', durationMs: ms, status: 'passed' },
      ]);
    for (const ms of [30_000, 10_000, 12_000, 11_000, 10_000]) run(ms);
    // A quick last run does not make a scenario that took 30 s look short.
    expect(read(path)[a]).toBe(30_000);
    run(9_000);
    // The 30 s run is now six runs back.
    expect(read(path)[a]).toBe(12_000);
    expect(readRecent(path)[a]).toEqual([10_000, 12_000, 11_000, 10_000, 9_000]);
  });

  it('starts from a file without recent times (the committed baseline) as one time each', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'durations-')), 'durations.json');
    writeFileSync(path, JSON.stringify({ scenarios: { [key('features/a.feature', 'a')]: 7 } }));
    expect(readRecent(path)).toEqual({ [key('features/a.feature', 'a')]: [7] });
  });
});
