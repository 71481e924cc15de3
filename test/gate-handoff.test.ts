import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handOver, takeOver } from '../support/scenario/gate-handoff.ts';
import { RUN_ENV } from '../support/run-config.ts';

describe('the sanity gate hands its answers to workers that started beside it', () => {
  it('a worker marks itself loaded, waits for the file, then takes the answers', async () => {
    const gate = join(mkdtempSync(join(tmpdir(), 'gate-')), 'gate.json');
    const env: NodeJS.ProcessEnv = { [RUN_ENV.gate]: gate, CUCUMBER_WORKER_ID: '3' };
    let taken = false;
    const waiting = takeOver(env, 5).then(() => (taken = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(existsSync(`${gate}.loaded/3`)).toBe(true);
    expect(taken).toBe(false);
    handOver(gate, { detected: { exec: null, hostPath: 'refused' } });
    await waiting;
    expect(JSON.parse(env[RUN_ENV.detected]!)).toEqual({ exec: null, hostPath: 'refused' });
  });

  it('does not wait without a gate file named (a bare cucumber run, the preflight)', async () => {
    const env: NodeJS.ProcessEnv = {};
    await takeOver(env);
    expect(env[RUN_ENV.detected]).toBeUndefined();
  });
});
