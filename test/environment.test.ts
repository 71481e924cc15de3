import { describe, expect, it } from 'vitest';
import { environmentProperties, OUT_OF_SCOPE } from '../scripts/report/allure-environment.ts';

describe('report environment', () => {
  const text = environmentProperties(
    {
      provider: 'local',
      name: 'pod-conformance',
      kubeconfig: '/k',
      serverVersion: 'v1.35.4',
      nodes: [
        {
          name: 'n1',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1',
          containerRuntimeVersion: 'containerd://1.6.20',
          kubeletVersion: 'v1.35.4',
        },
      ],
    },
    { busybox: 'localhost/pod-conformance/busybox:1.35.0' },
    'run-1',
  );

  it('names the provider, the server and each node', () => {
    expect(text).toContain('cluster.provider=local\n');
    expect(text).toContain('kubernetes.server=v1.35.4\n');
    expect(text).toContain('node.1.runtime=containerd://1.6.20\n');
    expect(text).toContain('image.busybox=localhost/pod-conformance/busybox:1.35.0\n');
  });

  it('states what the suite leaves out on purpose', () => {
    expect(text).toContain(`out_of_scope=${OUT_OF_SCOPE}`);
  });

  it('keeps every entry on one line', () => {
    expect(
      text
        .trim()
        .split('\n')
        .every((l) => /^[\w.]+=/.test(l)),
    ).toBe(true);
  });
});
