import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handOver, takeOver } from '../support/scenario/gate-handoff.ts';
import { imageMap, RUN_ENV } from '../support/run-config.ts';

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

  it("gives a cucumber started before the cluster check the run's environment with the answers", async () => {
    const gate = join(mkdtempSync(join(tmpdir(), 'gate-')), 'gate.json');
    // started early: no kubeconfig, no image map yet (scripts/run/run.ts)
    const env: NodeJS.ProcessEnv = { [RUN_ENV.gate]: gate, [RUN_ENV.runId]: 'run-1' };
    const waiting = takeOver(env, 5);
    handOver(gate, {
      detected: { exec: null },
      env: { [RUN_ENV.kubeconfig]: '/k', [RUN_ENV.images]: '{"busybox":"b:1"}', [RUN_ENV.runId]: 'run-1' },
    });
    await waiting;
    expect(env[RUN_ENV.kubeconfig]).toBe('/k');
    expect(imageMap(env)).toEqual({ busybox: 'b:1' });
    expect(JSON.parse(env[RUN_ENV.detected]!)).toEqual({ exec: null });
  });

  it('does not wait without a gate file named (a bare cucumber run, the preflight)', async () => {
    const env: NodeJS.ProcessEnv = {};
    await takeOver(env);
    expect(env[RUN_ENV.detected]).toBeUndefined();
  });
});
