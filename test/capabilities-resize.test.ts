import { describe, expect, it } from 'vitest';
import type { KubeClients } from '../support/kube/clients.ts';
import { minorVersion, missingReason } from '../support/scenario/capabilities.ts';

const context = { namespace: 'ns', image: 'busybox', overrides: new Map<string, boolean>() };
const node = (name: string, kubeletVersion: string) => ({
  metadata: { name },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion } },
});
const cluster = (resources: string[], nodes: ReturnType<typeof node>[]) =>
  ({
    http: { request: () => Promise.resolve({ resources: resources.map((name) => ({ name })) }) },
    core: { listNode: () => Promise.resolve({ items: nodes }) },
  }) as unknown as KubeClients;

describe('capability inPlaceResize', () => {
  it('reads kubelet versions', () => {
    expect(minorVersion('v1.35.4')).toEqual([1, 35]);
    expect(minorVersion('v1.34.0-rc.1+k3s1')).toEqual([1, 34]);
    expect(minorVersion('unknown')).toBeUndefined();
  });

  it('needs the pods/resize subresource', async () => {
    await expect(missingReason(cluster(['pods', 'pods/status'], []), 'inPlaceResize', context)).resolves.toBe(
      'capability "inPlaceResize": the API server serves no pods/resize subresource (in-place pod resize)',
    );
  });

  it('and every schedulable node on kubelet v1.34 or later', async () => {
    const nodes = [node('new', 'v1.35.4'), node('old', 'v1.33.2')];
    await expect(missingReason(cluster(['pods', 'pods/resize'], nodes), 'inPlaceResize', context)).resolves.toBe(
      'capability "inPlaceResize": in-place pod resize needs kubelet v1.34 or later; node old runs v1.33.2',
    );
  });
});
