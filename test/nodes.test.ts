import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { substitute } from '../support/manifest.ts';
import { factsOf, isSchedulable, pickNode } from '../support/scenario/nodes.ts';

function node(name: string, extra: { ready?: boolean; unschedulable?: boolean; taint?: string } = {}): V1Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': `${name}-host` } },
    spec: {
      unschedulable: extra.unschedulable,
      taints: extra.taint ? [{ key: 'k', effect: extra.taint }] : undefined,
    },
    status: {
      conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }],
      addresses: [
        { type: 'Hostname', address: name },
        { type: 'InternalIP', address: `10.0.0.${name.length}` },
      ],
    },
  };
}

describe('nodes', () => {
  it('are schedulable when Ready, not cordoned and without NoSchedule/NoExecute taints', () => {
    expect(isSchedulable(node('a'))).toBe(true);
    expect(isSchedulable(node('a', { ready: false }))).toBe(false);
    expect(isSchedulable(node('a', { unschedulable: true }))).toBe(false);
    expect(isSchedulable(node('a', { taint: 'NoSchedule' }))).toBe(false);
    expect(isSchedulable(node('a', { taint: 'PreferNoSchedule' }))).toBe(true);
  });

  it('give their name, hostname label and InternalIP', () => {
    expect(factsOf(node('abc'))).toEqual({ name: 'abc', hostname: 'abc-host', ip: '10.0.0.3' });
    const bare = node('x');
    bare.metadata!.labels = {};
    expect(() => factsOf(bare)).toThrow(/expected a kubernetes.io\/hostname label and an InternalIP address/);
  });

  it('are picked by name among the schedulable ones not yet named', () => {
    const nodes = [node('c'), node('b', { taint: 'NoExecute' }), node('a')];
    const first = pickNode(nodes, []);
    expect(first.name).toBe('a');
    expect(pickNode(nodes, [first]).name).toBe('c');
    expect(() => pickNode(nodes, [first, factsOf(node('c'))])).toThrow(
      /observed 2 schedulable of 3 node\(s\), named already: a, c \(tag the scenario @capability:multinode/,
    );
  });

  it('fill ${nodes.<alias>.<fact>} placeholders, and an unknown one says how to name a node', () => {
    const vars = { namespace: 'ns', images: {}, nodes: new Map([['target', factsOf(node('n1'))]]) };
    expect(
      substitute('kubernetes.io/hostname: ${nodes.target.hostname} ${nodes.target.ip} ${nodes.target.name}', vars, 'o'),
    ).toBe('kubernetes.io/hostname: n1-host 10.0.0.2 n1');
    expect(() => substitute('${nodes.other.name}', vars, 'o')).toThrow(
      'o: unknown node placeholder ${nodes.other.name}; write ${nodes.<alias>.<name|hostname|ip>} after naming the node with \'Given a schedulable node "<alias>"\' (named so far: "target")',
    );
    expect(() => substitute('${nodes.target.uid}', vars, 'o')).toThrow(
      /unknown node placeholder \$\{nodes.target.uid\}/,
    );
  });
});
