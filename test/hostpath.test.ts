import { describe, expect, it } from 'vitest';
import {
  HOSTPATH_ROOT,
  READER_NO_FILE_EXIT,
  checkRelativeFile,
  cleanupPod,
  isScenarioVolume,
  nodesToClean,
  readerPod,
  scenarioDirectory,
} from '../support/checks/hostpath.ts';
import type { PodJson } from '../support/kube/json.ts';

const ns = 'pc-hook-02-abc123';
const dir = `${HOSTPATH_ROOT}/${ns}`;

function podOn(node: string | undefined, paths: string[]): PodJson {
  return {
    metadata: { name: 'p' },
    spec: {
      nodeName: node,
      containers: [],
      volumes: paths.map((path, i) => ({ name: `v${i}`, hostPath: { path } })),
    },
  };
}

describe('scenario directory', () => {
  it('is one directory per namespace under the harness root, never /tmp', () => {
    expect(scenarioDirectory(ns)).toBe('/var/lib/pod-conformance-hostpath/pc-hook-02-abc123');
    expect(() => scenarioDirectory('../etc')).toThrow(/not a namespace name/);
  });

  it('recognises volumes in the directory or below it, not beside it', () => {
    expect(isScenarioVolume({ name: 'v', hostPath: { path: dir } }, ns)).toBe(true);
    expect(isScenarioVolume({ name: 'v', hostPath: { path: `${dir}/sub/` } }, ns)).toBe(true);
    expect(isScenarioVolume({ name: 'v', hostPath: { path: `${dir}-other` } }, ns)).toBe(false);
    expect(isScenarioVolume({ name: 'v', hostPath: { path: `${dir}/../other` } }, ns)).toBe(false);
    expect(isScenarioVolume({ name: 'v', hostPath: { path: '/tmp' } }, ns)).toBe(false);
    expect(isScenarioVolume({ name: 'v', emptyDir: {} }, ns)).toBe(false);
  });

  it('is cleaned on every node where a pod mounted it, once per node', () => {
    const pods = [
      podOn('n2', [dir]),
      podOn('n1', [`${dir}/x`]),
      podOn('n2', [dir]),
      podOn('n3', ['/var/lib']),
      podOn(undefined, [dir]),
    ];
    expect(nodesToClean(pods, ns)).toEqual(['n1', 'n2']);
  });
});

describe('reader pod', () => {
  const volume = { name: 'message', hostPath: { path: dir, type: 'DirectoryOrCreate' } };

  it('is bound to the node, mounts the same volume read-only and prints the file', () => {
    const pod = readerPod({ name: 'reader-1', node: 'n1', volume, file: 'message', image: 'busybox' });
    expect(pod.spec?.nodeName).toBe('n1');
    expect(pod.spec?.restartPolicy).toBe('Never');
    expect(pod.spec?.volumes).toEqual([{ name: 'evidence', hostPath: { path: dir, type: 'DirectoryOrCreate' } }]);
    const c = pod.spec?.containers[0];
    expect(c?.volumeMounts).toEqual([{ name: 'evidence', mountPath: '/hostpath', readOnly: true }]);
    expect(c?.command?.slice(-2)).toEqual(['reader', 'message']);
    expect(c?.command?.[2]).toContain(`exit ${READER_NO_FILE_EXIT}`);
  });

  it('refuses other volume kinds and file names outside the volume', () => {
    expect(() =>
      readerPod({ name: 'r', node: 'n', volume: { name: 'e', emptyDir: {} }, file: 'f', image: 'b' }),
    ).toThrow(/not a hostPath volume/);
    expect(() => checkRelativeFile('../secret')).toThrow(/not a file name inside the volume/);
    expect(() => checkRelativeFile('/etc/passwd')).toThrow(/not a file name inside the volume/);
    expect(checkRelativeFile('logs/./markers.log')).toBe('logs/markers.log');
  });
});

describe('cleanup pod', () => {
  it('removes the scenario directory through the root parent, then the root only if empty', () => {
    const pod = cleanupPod({ name: 'hostpath-cleanup-1', node: 'n1', namespace: ns, image: 'busybox' });
    expect(pod.spec?.nodeName).toBe('n1');
    expect(pod.spec?.volumes).toEqual([{ name: 'parent', hostPath: { path: '/var/lib', type: 'Directory' } }]);
    const command = pod.spec?.containers[0]?.command ?? [];
    expect(command.slice(-2)).toEqual(['cleanup', ns]);
    expect(command[2]).toContain('rm -rf -- "/host-parent/pod-conformance-hostpath/$1"');
    expect(command[2]).toContain('rmdir "/host-parent/pod-conformance-hostpath"');
  });

  it('refuses a namespace name that could escape the root', () => {
    expect(() => cleanupPod({ name: 'c', node: 'n', namespace: '..', image: 'b' })).toThrow(/not a namespace name/);
  });
});
