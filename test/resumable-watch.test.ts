import { describe, expect, it } from 'vitest';
import type { PodObservation } from '../support/watch/sources.ts';
import { ResumableWatch } from '../support/watch/resumable-watch.ts';
import { ScriptedPodSource, pod, settle } from './fakes.ts';

function recordingWatch(source: ScriptedPodSource) {
  const seen: string[] = [];
  const watch = new ResumableWatch<PodObservation>(
    source,
    {
      onList: (items, { relist }) =>
        seen.push(`${relist ? 'relist' : 'list'}:${items.map((i) => i.pod.metadata?.resourceVersion).join(',')}`),
      onEvent: (type, item) => seen.push(`${type}:${item.pod.metadata?.resourceVersion}`),
    },
    { retryDelayMs: 1, maxRetryDelayMs: 4 },
  );
  return { seen, watch };
}

describe('ResumableWatch', () => {
  it('lists, then watches from the list resourceVersion', async () => {
    const source = new ScriptedPodSource();
    source.lists = [{ items: [pod({ rv: '5' })], resourceVersion: '7' }];
    const { seen, watch } = recordingWatch(source);
    await watch.start();
    await source.connected();
    source.emit('MODIFIED', pod({ rv: '8' }));
    expect(source.watchCalls).toEqual(['7']);
    expect(seen).toEqual(['list:5', 'MODIFIED:8']);
    await watch.stop();
  });

  it('resumes from the last resourceVersion it saw after the server closes the stream', async () => {
    const source = new ScriptedPodSource();
    const { seen, watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    source.emit('ADDED', pod({ rv: '10' }));
    source.emit('MODIFIED', pod({ rv: '11' }));
    source.drop();
    await source.connected(2);
    source.emit('MODIFIED', pod({ rv: '12' }));
    expect(source.watchCalls).toEqual(['1', '11']);
    expect(source.listCalls).toBe(1);
    expect(seen).toEqual(['list:', 'ADDED:10', 'MODIFIED:11', 'MODIFIED:12']);
    expect(watch.stats.drops).toBe(1);
    await watch.stop();
  });

  it("does not count the server's end of a watch at its requested timeoutSeconds as a drop", async () => {
    // timeoutSeconds 0: every end the server makes comes at (or after) the requested timeout.
    const source = Object.assign(new ScriptedPodSource(), { timeoutSeconds: 0 });
    const { watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    source.drop();
    await source.connected(2);
    expect(watch.stats.connections).toBe(2);
    expect(watch.stats.drops).toBe(0);
    await watch.stop();
  });

  it('resumes after a transport error, with back-off', async () => {
    const source = new ScriptedPodSource();
    const { watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    source.emit('ADDED', pod({ rv: '3' }));
    source.breakConnection();
    await source.connected(2);
    expect(source.watchCalls).toEqual(['1', '3']);
    expect(watch.stats.errors).toEqual(['ECONNRESET']);
    await watch.stop();
  });

  it('lists again after 410 Gone and flags the relist', async () => {
    const source = new ScriptedPodSource();
    source.lists = [
      { items: [], resourceVersion: '1' },
      { items: [pod({ rv: '40' })], resourceVersion: '41' },
    ];
    const { seen, watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    source.emitError(410);
    await source.connected(2);
    expect(source.listCalls).toBe(2);
    expect(source.watchCalls).toEqual(['1', '41']);
    expect(seen).toEqual(['list:', 'relist:40']);
    expect(watch.stats.relists).toBe(1);
    await watch.stop();
  });

  it('keeps going after other watch errors', async () => {
    const source = new ScriptedPodSource();
    const { watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    source.emitError(500, 'internal error');
    await source.connected(2);
    expect(watch.stats.errors[0]).toMatch(/500 internal error/);
    await watch.stop();
  });

  it('stops delivering after stop()', async () => {
    const source = new ScriptedPodSource();
    const { seen, watch } = recordingWatch(source);
    await watch.start();
    await source.connected(1);
    await watch.stop();
    await settle();
    expect(() => source.emit('ADDED', pod({ rv: '2' }))).toThrow(/no open watch/);
    expect(seen).toEqual(['list:']);
    expect(source.watchCalls).toHaveLength(1);
  });
});
