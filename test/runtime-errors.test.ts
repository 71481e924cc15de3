import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickBefore, readingBefore, sampleRuntimeErrors } from '../support/scenario/runtime-errors.ts';
import type { KubeHttp } from '../support/kube/http.ts';

const metrics = (listErrors: number) =>
  `# TYPE kubelet_runtime_operations_errors_total counter\nkubelet_runtime_operations_errors_total{operation_type="list_containers"} ${listErrors}\n`;

describe('the run-wide reading of the runtime error counters', () => {
  it('gives a scenario the last reading at or before its start', () => {
    const samples = [
      { atMs: 1000, nodes: { a: { list_containers: 1 } } },
      { atMs: 6000, nodes: { a: { list_containers: 3 } } },
    ];
    expect(pickBefore(samples, 999)).toBeUndefined();
    expect(pickBefore(samples, 5999)?.counts.get('a')?.get('list_containers')).toBe(1);
    expect(pickBefore(samples, 6000)).toEqual({
      atMs: 6000,
      counts: new Map([['a', new Map([['list_containers', 3]])]]),
    });
  });

  it('writes every node reading into the run file, which scenarios read back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-rt-')), 'runtime-errors.json');
    let errors = 2;
    const http = {
      request: () => Promise.resolve({ items: [{ metadata: { name: 'node-a' } }] }),
      requestText: () => Promise.resolve({ code: 200, text: metrics(errors) }),
    } as unknown as KubeHttp;
    const stop = await sampleRuntimeErrors({ http }, file, 20);
    errors = 5;
    await new Promise((r) => setTimeout(r, 80));
    stop();
    const samples = (JSON.parse(readFileSync(file, 'utf8')) as { samples: { atMs: number }[] }).samples;
    expect(samples.length).toBeGreaterThan(1);
    expect(readingBefore(file, samples[0]!.atMs)?.counts.get('node-a')?.get('list_containers')).toBe(2);
    expect(readingBefore(file, Date.now())?.counts.get('node-a')?.get('list_containers')).toBe(5);
    expect(readingBefore(undefined, Date.now())).toBeUndefined();
    expect(readingBefore(join(file, 'missing'), Date.now())).toBeUndefined();
  });
});

describe('an earlier run’s readings', () => {
  it('are removed when the run starts sampling, even when its first reading fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-rt-')), 'runtime-errors.json');
    writeFileSync(file, JSON.stringify({ samples: [{ atMs: 1, nodes: { a: { list_containers: 1 } } }] }));
    const http = { request: () => Promise.reject(new Error('refused')) } as unknown as KubeHttp;
    const stop = await sampleRuntimeErrors({ http }, file, 1_000);
    stop();
    expect(readingBefore(file, Date.now())).toBeUndefined();
  });
});
