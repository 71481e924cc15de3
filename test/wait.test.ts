import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import { STATES_SHOWN, timeBoxed, waitFailure } from '../support/watch/wait.ts';

describe('timeBoxed', () => {
  it('settles with what was observed and when the wait started and ended', async () => {
    const before = Date.now();
    const done = await timeBoxed<string>({ ms: 1_000 }, { start: (s) => s.resolve('seen'), deadline: () => undefined });
    expect(done.observed).toBe('seen');
    expect(done.startedAt).toBeGreaterThanOrEqual(before);
    expect(done.endedAt - done.startedAt).toBe(done.elapsedMs);
    expect(done.elapsedMs).toBeLessThan(1_000);
  });

  it('leaves the decision at the deadline to the deadline handler, which may still resolve', async () => {
    const done = await timeBoxed<string>(
      { ms: 20 },
      { start: () => undefined, deadline: (s) => s.resolve('late read') },
    );
    expect(done.observed).toBe('late read');
    expect(done.elapsedMs).toBeGreaterThanOrEqual(15);
  });

  it('settles once: later calls are ignored, and stop runs once before the wait returns', async () => {
    let stops = 0;
    const done = await timeBoxed<number>(
      { ms: 1_000 },
      {
        start: (s) => {
          s.resolve(1);
          s.resolve(2);
          s.reject(new Error('too late'));
        },
        deadline: () => undefined,
        stop: () => {
          stops += 1;
        },
      },
    );
    expect(done.observed).toBe(1);
    expect(stops).toBe(1);
  });

  it('fails when start throws or rejects, and when a deadline handler forgets to settle', async () => {
    await expect(
      timeBoxed({ ms: 1_000 }, { start: () => Promise.reject(new Error('list failed')), deadline: () => undefined }),
    ).rejects.toThrow('list failed');
    await expect(timeBoxed({ ms: 10 }, { start: () => undefined, deadline: () => undefined })).rejects.toThrow(
      /deadline handler did not settle it after 10 ms/,
    );
  });
});

describe('waitFailure', () => {
  it('is one message line, then the last observed states and the watch statistics', () => {
    const lines = Array.from({ length: STATES_SHOWN + 3 }, (_, i) => `state ${i}`);
    const error = waitFailure({
      message: 'pod "p" did not reach Ready within 1 s: Ready=False',
      states: { of: 'pod "p"', lines },
      notes: ['read at the end: Running'],
      stats: { connections: 2, drops: 1, relists: 0, errors: ['boom'] },
    });
    expect(error).toBeInstanceOf(ConformanceAssertionError);
    const [first, header, ...rest] = error.message.split('\n');
    expect(first).toBe('pod "p" did not reach Ready within 1 s: Ready=False');
    expect(header).toBe(`observed states of pod "p" (${lines.length}, last ${STATES_SHOWN}):`);
    expect(rest[0]).toBe('  state 3');
    expect(rest.at(-2)).toBe('read at the end: Running');
    expect(rest.at(-1)).toBe('watch: 2 connections, 1 drops, 0 relists, 1 errors');
  });
});
