import { describe, expect, it } from 'vitest';
import {
  NODE_TROUBLE_REASONS,
  runtimeErrorCounts,
  runtimeErrorsSince,
  TROUBLE_REASONS,
  imagesMeantToFail,
  imagesOf,
  troubleInEvents,
  troubleInNode,
} from '../support/scenario/infrastructure.ts';

const since = '2026-12-06T03:00:00Z';
const event = (reason: string, message: string, at: string, count = 1, name = 'web') => ({
  reason,
  message,
  count,
  lastTimestamp: at,
  involvedObject: { kind: 'Pod', name },
});

describe('infrastructure trouble in events', () => {
  it('names a teardown failure with its count and first message', () => {
    const busy =
      'error killing pod: failed to "KillPodSandbox" for "x" with KillPodSandboxError: "rpc error: code = Unknown desc = failed to remove network namespace: unlinkat /run/netns/cni-1: device or resource busy"';
    const found = troubleInEvents(
      [
        event('FailedKillPod', busy, '2026-12-06T03:00:10Z', 3),
        event('FailedKillPod', 'later', '2026-12-06T03:00:20Z', 2),
      ],
      since,
      TROUBLE_REASONS,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^5 × FailedKillPod on pod "web" \(first: "error killing pod: .*device or resource busy""\)$/,
    );
  });

  it('ignores behaviour events and events from before the scenario', () => {
    const found = troubleInEvents(
      [
        event('Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', '2026-12-06T03:00:10Z'),
        event(
          'Unhealthy',
          'Liveness probe failed: Get "http://10.0.0.7:8080/healthz": dial tcp 10.0.0.7:8080: connect: connection refused',
          '2026-12-06T03:00:10Z',
        ),
        event(
          'Unhealthy',
          'Liveness probe failed: timeout: failed to connect service "10.0.0.7:2333" within 2s: context deadline exceeded',
          '2026-12-06T03:00:10Z',
        ),
        event('FailedPostStartHook', 'dial tcp 10.0.0.7:8080: connect: connection refused', '2026-12-06T03:00:10Z'),
        event('FailedMount', 'MountVolume.SetUp failed for volume "config": configmap "absent" not found', since),
        event('FailedPreStopHook', 'PreStopHook failed', '2026-12-06T03:00:10Z'),
        event('FailedKillPod', 'an older run', '2026-12-06T02:59:00Z'),
        event(
          'FailedCreatePodSandBox',
          'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for "ns-nohandler" is configured',
          '2026-12-06T03:00:10Z',
        ),
      ],
      since,
      TROUBLE_REASONS,
    );
    expect(found).toEqual([]);
  });

  it('counts a runtime RPC failure behind a generic reason', () => {
    const found = troubleInEvents(
      [
        event(
          'Failed',
          'Error: failed to get sandbox container task: rpc error: code = Unavailable desc = connection error',
          '2026-12-06T03:00:05Z',
        ),
      ],
      since,
      TROUBLE_REASONS,
    );
    expect(found[0]).toMatch(/^1 × Failed on pod "web"/);
  });

  it('leaves out the failed pull of an image the scenario means to fail, and counts one of an image the run serves', () => {
    const failedPull = (image: string) =>
      event(
        'Failed',
        `Failed to pull image "${image}": failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "http://x/v2/": dial tcp 127.0.0.1:1: connect: connection refused`,
        '2026-12-06T03:00:05Z',
      );
    const runImages = {
      busybox: 'localhost/pod-conformance/busybox:1.35.0',
      registryBusybox: '127.0.0.1:15000/pod-conformance/busybox:1.35.0',
      invalidRegistryBusybox: '127.0.0.1:1/pod-conformance/busybox:1.35.0',
    };
    const podImages = [
      runImages.invalidRegistryBusybox,
      '127.0.0.1:9/pod-conformance/never-pulled:1.0',
      runImages.registryBusybox,
    ];
    const meantToFail = imagesMeantToFail(podImages, runImages);
    expect([...meantToFail]).toEqual([
      runImages.invalidRegistryBusybox,
      '127.0.0.1:9/pod-conformance/never-pulled:1.0',
    ]);
    const found = troubleInEvents(
      podImages.map((image) => failedPull(image)),
      since,
      TROUBLE_REASONS,
      meantToFail,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('Failed to pull image "127.0.0.1:15000/pod-conformance/busybox:1.35.0"');
    // Without the scenario's images every refused pull reads as trouble: what the classifier did before.
    expect(troubleInEvents([failedPull(runImages.invalidRegistryBusybox)], since, TROUBLE_REASONS)).toHaveLength(1);
  });

  it("reads a pod's images from its init, app and ephemeral containers", () => {
    expect(
      imagesOf({
        spec: {
          initContainers: [{ name: 'i', image: 'a' }],
          containers: [{ name: 'c', image: 'b' }],
          ephemeralContainers: [{ name: 'e', image: 'c' }],
        },
      }),
    ).toEqual(['a', 'b', 'c']);
    expect(imagesOf(undefined)).toEqual([]);
  });

  it('names a kubelet restart on the node', () => {
    const found = troubleInEvents(
      [
        {
          ...event('Starting', 'Starting kubelet.', '2026-12-06T03:00:30Z', 1, 'n1'),
          involvedObject: { kind: 'Node', name: 'n1' },
        },
      ],
      since,
      NODE_TROUBLE_REASONS,
    );
    expect(found).toEqual(['1 × Starting on node "n1" (first: "Starting kubelet.")']);
  });
});

describe('infrastructure trouble in a node', () => {
  const node = (status: string, at: string, reason = 'KubeletReady') => ({
    metadata: { name: 'n1' },
    status: { conditions: [{ type: 'Ready', status, reason, lastTransitionTime: at }] },
  });

  it('is none for a node Ready since before the scenario', () => {
    expect(troubleInNode(node('True', '2026-12-06T02:00:00Z'), since)).toBeUndefined();
  });

  it('names a node that is not Ready, or became Ready during the scenario', () => {
    expect(troubleInNode(node('False', '2026-12-06T03:00:09Z', 'KubeletNotReady'), since)).toBe(
      'node n1 is not Ready (KubeletNotReady)',
    );
    expect(troubleInNode(node('True', '2026-12-06T03:00:09Z'), since)).toBe(
      'node n1 became Ready again at 2026-12-06T03:00:09Z, during the scenario',
    );
  });
});

describe("the kubelet's failed runtime calls", () => {
  const metrics = (list: number, sandboxes: number, exec: number, status = 5) =>
    [
      '# HELP kubelet_runtime_operations_errors_total [ALPHA] Cumulative number of runtime operation errors by operation type.',
      '# TYPE kubelet_runtime_operations_errors_total counter',
      `kubelet_runtime_operations_errors_total{operation_type="container_status"} ${status}`,
      `kubelet_runtime_operations_errors_total{operation_type="list_podsandbox"} ${sandboxes}`,
      `kubelet_runtime_operations_errors_total{operation_type="exec_sync"} ${exec}`,
      `kubelet_runtime_operations_errors_total{operation_type="list_containers"} ${list}`,
      'kubelet_runtime_operations_total{operation_type="list_containers"} 9000',
    ].join('\n');

  it('counts only the calls a healthy runtime always answers', () => {
    expect([...runtimeErrorCounts(metrics(2, 1, 7))]).toEqual([
      ['list_podsandbox', 1],
      ['list_containers', 2],
    ]);
  });

  it("names what moved during the scenario, and nothing when only a pod's own exec failed", () => {
    const before = runtimeErrorCounts(metrics(2, 1, 7));
    expect(runtimeErrorsSince(before, runtimeErrorCounts(metrics(14, 4, 7)))).toBe(
      'list_podsandbox +3, list_containers +12',
    );
    expect(runtimeErrorsSince(before, runtimeErrorCounts(metrics(2, 1, 30)))).toBeUndefined();
  });

  it('ignores a status call that found its container gone (every deleted pod makes one)', () => {
    const before = runtimeErrorCounts(metrics(2, 1, 7, 5));
    expect(runtimeErrorsSince(before, runtimeErrorCounts(metrics(2, 1, 7, 40)))).toBeUndefined();
  });
});
