import { describe, expect, it } from 'vitest';
import { expectNotOnNode, expectOnNode, expectRelativePlacement } from '../support/checks/placement.ts';
import { deletionRequestedAt, later, parseTaint, secondsBetween, taintOf } from '../support/checks/node-status.ts';
import { evictedFromStoppedNode } from '../support/scenario/deletion-cause.ts';
import type { PodSnapshot } from '../support/pods/snapshot.ts';

const two = { name: 'node-2', ip: '10.0.0.2' };

describe('placement', () => {
  it('holds a pod to the node by spec.nodeName and by the hostIP its kubelet reported', () => {
    expect(() => expectOnNode({ pod: 'p', node: 'node-2', hostIP: '10.0.0.2' }, two)).not.toThrow();
    expect(() => expectOnNode({ pod: 'p', node: 'node-2', hostIP: '10.0.0.1' }, two)).toThrow(
      /pod "p": expected to run on node "node-2" \(spec.nodeName "node-2", status.hostIP "10.0.0.2"\), observed spec.nodeName "node-2", status.hostIP "10.0.0.1"/,
    );
    expect(() => expectNotOnNode({ pod: 'p', node: 'node-1', hostIP: '10.0.0.1' }, two)).not.toThrow();
    // Not running anywhere is not "elsewhere".
    expect(() => expectNotOnNode({ pod: 'p' }, two)).toThrow(/expected to run on a node other than "node-2"/);
  });

  it('compares two pods by node and address', () => {
    const a = { pod: 'a', node: 'n1', hostIP: '1' };
    expect(() => expectRelativePlacement(a, { pod: 'b', node: 'n2', hostIP: '2' }, false)).not.toThrow();
    expect(() => expectRelativePlacement(a, { pod: 'b', node: 'n1', hostIP: '1' }, true)).not.toThrow();
    expect(() => expectRelativePlacement(a, { pod: 'b', node: 'n1', hostIP: '1' }, false)).toThrow(
      /pods "a" and "b": expected on different nodes/,
    );
    expect(() => expectRelativePlacement(a, { pod: 'b' }, true)).toThrow(/expected both running on the same node/);
  });
});

describe('node status', () => {
  it('reads a taint as <key>:<effect> and refuses anything else', () => {
    expect(parseTaint('node.kubernetes.io/unreachable:NoExecute')).toEqual({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoExecute',
    });
    expect(() => parseTaint('node.kubernetes.io/unreachable')).toThrow(/write it as <key>:<effect>/);
    expect(() => parseTaint('x:NoRun')).toThrow(/NoSchedule, PreferNoSchedule, NoExecute/);
    const node = {
      spec: {
        taints: [
          { key: 'k', effect: 'NoSchedule' },
          { key: 'k', effect: 'NoExecute', timeAdded: 't' },
        ],
      },
    };
    expect(taintOf(node, { key: 'k', effect: 'NoExecute' })?.timeAdded).toBe('t');
  });

  it('measures between cluster timestamps', () => {
    expect(later('2026-01-01T00:00:01Z', '2026-01-01T00:00:00.500000Z')).toBe('2026-01-01T00:00:01Z');
    expect(later(undefined, 'b')).toBe('b');
    expect(
      secondsBetween(
        's',
        { label: 'a', at: '2026-01-01T00:00:02.098271Z' },
        { label: 'b', at: '2026-01-01T00:00:55Z' },
      ),
    ).toBeCloseTo(52.902, 3);
    expect(() => secondsBetween('s', { label: 'a' }, { label: 'b', at: 'x' })).toThrow(/expected both timestamps/);
    expect(deletionRequestedAt({ deletionTimestamp: '2026-01-01T00:00:06Z', deletionGracePeriodSeconds: 1 })).toBe(
      '2026-01-01T00:00:05.000Z',
    );
  });
});

describe('a deletion the scenario caused by stopping a node', () => {
  const snapshot = (nodeName: string, reason?: string) =>
    ({
      nodeName,
      conditions: reason ? { DisruptionTarget: { status: 'True', reason } } : {},
    }) as unknown as PodSnapshot;
  it('is the taint-eviction controller deleting a pod on a node the scenario stopped', () => {
    const stopped = new Set(['node-2']);
    expect(evictedFromStoppedNode([snapshot('node-2'), snapshot('node-2', 'DeletionByTaintManager')], stopped)).toBe(
      true,
    );
    expect(evictedFromStoppedNode([snapshot('node-1', 'DeletionByTaintManager')], stopped)).toBe(false);
    expect(evictedFromStoppedNode([snapshot('node-2', 'EvictionByEvictionAPI')], stopped)).toBe(false);
    expect(evictedFromStoppedNode([snapshot('node-2', 'DeletionByTaintManager')], undefined)).toBe(false);
  });
});
