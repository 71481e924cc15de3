import { describe, expect, it } from 'vitest';
import { mergeNamed } from '../support/kube/named-merge.ts';

describe('merging a part of a pod into the pod read', () => {
  const pod = {
    metadata: { name: 'p', resourceVersion: '7' },
    spec: {
      containers: [
        { name: 'c1', image: 'busybox', resources: { requests: { cpu: '20m', memory: '20Mi' } } },
        { name: 'c2', image: 'busybox' },
      ],
      ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
    },
  };

  it('merges named list items by name and appends new ones, keeping everything else', () => {
    expect(
      mergeNamed(pod, {
        spec: {
          containers: [{ name: 'c1', resources: { requests: { cpu: '25m' } } }],
          ephemeralContainers: [{ name: 'debugger2', image: 'agnhost' }],
        },
      }),
    ).toEqual({
      metadata: { name: 'p', resourceVersion: '7' },
      spec: {
        containers: [
          { name: 'c1', image: 'busybox', resources: { requests: { cpu: '25m', memory: '20Mi' } } },
          { name: 'c2', image: 'busybox' },
        ],
        ephemeralContainers: [
          { name: 'debugger', image: 'busybox' },
          { name: 'debugger2', image: 'agnhost' },
        ],
      },
    });
  });

  it('merges conditions by type', () => {
    const status = {
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
    };
    expect(
      mergeNamed(status, {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'x.io/gate', status: 'True' },
        ],
      }),
    ).toEqual({
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'PodScheduled', status: 'True' },
        { type: 'x.io/gate', status: 'True' },
      ],
    });
  });

  it('removes a field given as null and replaces lists of unnamed items and scalars', () => {
    expect(mergeNamed({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null }, l: [3] })).toEqual({ a: { c: 2 }, l: [3] });
    expect(mergeNamed({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
  });

  it('changes neither input', () => {
    const before = JSON.stringify(pod);
    mergeNamed(pod, { spec: { containers: [{ name: 'c1', image: 'other' }] } });
    expect(JSON.stringify(pod)).toBe(before);
  });
});
