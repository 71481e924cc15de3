import { describe, expect, it } from 'vitest';
import { ConformanceAssertionError } from '../support/assert.ts';
import { Duration } from '../support/duration.ts';
import type { ObjectEventType, WatchConnection, WatchEvent, WatchSource } from '../support/watch/resumable-watch.ts';
import { waitForCollection } from '../support/watch/wait-for-collection.ts';
import { settle } from './fakes.ts';

interface Item {
  metadata: { name: string; resourceVersion: string };
  value: number;
}

class ScriptedSource implements WatchSource<Item> {
  readonly description = 'scripted items';
  private onEvent: ((e: WatchEvent<Item>) => void) | undefined;
  constructor(private readonly initial: Item[]) {}
  list() {
    return Promise.resolve({ items: this.initial, resourceVersion: '1' });
  }
  watch(_rv: string, onEvent: (e: WatchEvent<Item>) => void): Promise<WatchConnection> {
    this.onEvent = onEvent;
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    return Promise.resolve({ ended, stop: () => end() });
  }
  resourceVersionOf(item: Item) {
    return item.metadata.resourceVersion;
  }
  emit(type: ObjectEventType, name: string, value: number, rv: string) {
    this.onEvent?.({ type, object: { metadata: { name, resourceVersion: rv }, value } });
  }
}

const sum = (items: Item[]) => items.reduce((s, i) => s + i.value, 0);
const wait = (target: number) => ({
  what: `sum ${target}`,
  holds: (items: Item[]) => sum(items) >= target,
  observed: (items: Item[]) => `sum ${sum(items)}`,
});

describe('waitForCollection', () => {
  it('settles at once when the listed collection already holds', async () => {
    const source = new ScriptedSource([{ metadata: { name: 'a', resourceVersion: '1' }, value: 3 }]);
    const outcome = await waitForCollection(source, (i) => i.metadata.name, wait(3), Duration.ofMs(2_000));
    expect(outcome.observed).toHaveLength(1);
  });

  it('keeps one version per key, drops deleted items, and settles as soon as the whole holds', async () => {
    const source = new ScriptedSource([]);
    const result = waitForCollection(source, (i) => i.metadata.name, wait(5), Duration.ofMs(2_000));
    await settle();
    source.emit('ADDED', 'a', 2, '2');
    source.emit('MODIFIED', 'a', 3, '3'); // replaces a=2: the sum is 3, not 5
    source.emit('ADDED', 'b', 1, '4'); // 4
    source.emit('DELETED', 'b', 1, '5'); // back to 3
    await settle();
    source.emit('ADDED', 'c', 2, '6'); // 3 + 2 = 5
    const outcome = await result;
    expect(outcome.observed.map((i) => i.metadata.name)).toEqual(['a', 'c']);
  });

  it('fails at the deadline with what it saw instead', async () => {
    const source = new ScriptedSource([{ metadata: { name: 'a', resourceVersion: '1' }, value: 1 }]);
    const failure = waitForCollection(source, (i) => i.metadata.name, wait(9), Duration.ofMs(50));
    await expect(failure).rejects.toBeInstanceOf(ConformanceAssertionError);
    await expect(failure).rejects.toThrow('sum 9: expected within 50 ms, observed sum 1');
  });

  it('times out with the one failure shape: the states it went through and the watch statistics', async () => {
    const source = new ScriptedSource([{ metadata: { name: 'a', resourceVersion: '1' }, value: 1 }]);
    const failure = waitForCollection(source, (i) => i.metadata.name, wait(9), Duration.ofMs(80));
    await settle();
    source.emit('ADDED', 'b', 2, '2');
    const error = (await failure.catch((e: unknown) => e)) as Error;
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('sum 9: expected within 80 ms, observed sum 3');
    expect(lines[1]).toBe('observed states of scripted items (2, last 2):');
    expect(lines[2]).toMatch(/^  \+\d+ ms sum 1$/);
    expect(lines[3]).toMatch(/^  \+\d+ ms sum 3$/);
    expect(lines[4]).toBe('watch: 1 connections, 0 drops, 0 relists, 0 errors');
  });
});
