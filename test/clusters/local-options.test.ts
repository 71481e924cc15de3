import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { targets } from '../../clusters/local/build.ts';
import { containerdConfig } from '../../clusters/local/config.ts';
import { paths, stateFiles } from '../../clusters/local/layout.ts';
import {
  crunCgroupProblem,
  DEFAULT_OPTIONS,
  KUBERNETES_RELEASES,
  localOptions,
  ociRuntimeVersion,
  optionsMismatch,
} from '../../clusters/local/options.ts';

const files = stateFiles('/state', '/run/pc');

describe('local provider options', () => {
  it('default to runc and the default Kubernetes', () => {
    expect(localOptions({})).toEqual({ runtime: 'runc', kubernetes: { version: 'v1.35.4', wrapper: 'kubernetes' } });
  });

  it('take crun and another minor, written with or without v and patch', () => {
    const v134 = { version: 'v1.34.4', wrapper: 'kubernetes-v1.34' };
    expect(localOptions({ POD_CONFORMANCE_LOCAL_RUNTIME: 'crun', POD_CONFORMANCE_LOCAL_KUBERNETES: 'v1.34' })).toEqual({
      runtime: 'crun',
      kubernetes: v134,
    });
    expect(localOptions({ POD_CONFORMANCE_LOCAL_KUBERNETES: '1.34' }).kubernetes).toEqual(v134);
    expect(localOptions({ POD_CONFORMANCE_LOCAL_KUBERNETES: 'v1.34.4' }).kubernetes).toEqual(v134);
  });

  it('refuse what they cannot build or run, in one line naming the choices', () => {
    expect(() => localOptions({ POD_CONFORMANCE_LOCAL_RUNTIME: 'youki' })).toThrow(
      'POD_CONFORMANCE_LOCAL_RUNTIME=youki: the local provider runs containers with runc or crun',
    );
    expect(() => localOptions({ POD_CONFORMANCE_LOCAL_KUBERNETES: 'v1.33' })).toThrow(
      /^POD_CONFORMANCE_LOCAL_KUBERNETES=v1\.33: the local provider builds Kubernetes v1\.35\.4 or v1\.34\.4 \(another minor needs a wrapper module/,
    );
    expect(() => localOptions({ POD_CONFORMANCE_LOCAL_KUBERNETES: 'v1.34.9' })).toThrow(/builds Kubernetes/);
  });

  it('refuse to reuse a running cluster started with other options', () => {
    const crun = { ...DEFAULT_OPTIONS, runtime: 'crun' as const };
    expect(optionsMismatch(DEFAULT_OPTIONS, DEFAULT_OPTIONS)).toBeUndefined();
    expect(optionsMismatch(DEFAULT_OPTIONS, crun)).toBe(
      'the running local cluster has Kubernetes v1.35.4 with runc, this run asks for Kubernetes v1.35.4 with crun; ' +
        'stop it with `npm run cluster:down` (when nobody else is using it), then run again',
    );
  });
});

describe('containerd with another OCI runtime', () => {
  it('keeps runc as it was, and runs crun through the runc v2 shim by BinaryName', () => {
    const runc = containerdConfig(files, 'pause', '/cni');
    expect(runc).toContain('default_runtime_name = "runc"');
    expect(runc).not.toContain('BinaryName');
    const crun = containerdConfig(files, 'pause', '/cni', 'crun');
    expect(crun).toContain('default_runtime_name = "crun"');
    expect(crun).toContain('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.crun]');
    expect(crun).toMatch(/runtimes\.crun\.options\]\n\s+BinaryName = "\/usr\/bin\/crun"\n\s+SystemdCgroup = false/);
  });

  it('names the runtime and its version for the report', () => {
    expect(ociRuntimeVersion('crun', 'crun version 1.8.1\ncommit: f8a096be\n')).toBe('crun 1.8.1');
    expect(ociRuntimeVersion('runc', 'runc version 1.1.5+ds1\ncommit: v1.1.5\n')).toBe('runc 1.1.5+ds1');
    expect(ociRuntimeVersion('runc', '')).toBe('runc');
  });
});

describe('binaries per Kubernetes release', () => {
  it('build the default release exactly as before (same cache keys: no rebuild)', () => {
    expect(targets().map((t) => [t.name, t.module, t.version, t.binaries.length])).toEqual([
      ['kubernetes', 'kubernetes', 'v1.35.4', 7],
      ['etcd', '../../shared/build/etcd', 'v3.6.16', 1],
      ['coredns', '../../shared/build/coredns', 'v1.14.7', 1],
    ]);
  });

  it('build another minor from its own wrapper, and the CRI helper from the default one', () => {
    const t = targets(KUBERNETES_RELEASES['v1.34']);
    expect(t.map((x) => [x.name, x.module, x.version])).toEqual([
      ['kubernetes', 'kubernetes-v1.34', 'v1.34.4'],
      ['cri-cleanup', 'kubernetes', 'v1.35.4'],
      ['etcd', '../../shared/build/etcd', 'v3.6.16'],
      ['coredns', '../../shared/build/coredns', 'v1.14.7'],
    ]);
    expect(t[0]?.packages).not.toContain('./cmd/cri-cleanup');
  });

  it('have a committed wrapper module for every release, pinned to its version', () => {
    for (const release of Object.values(KUBERNETES_RELEASES)) {
      const mod = join(paths().buildSrc, release.wrapper, 'go.mod');
      expect(existsSync(join(paths().buildSrc, release.wrapper, 'go.sum'))).toBe(true);
      expect(readFileSync(mod, 'utf8')).toMatch(
        new RegExp(`k8s\\.io/kubernetes ${release.version.replace(/\./g, '\\.')}\\b`),
      );
    }
  });
});

describe('crun on a hybrid cgroup host', () => {
  it('is fine when cgroup v2 holds no controllers (or the host has none)', () => {
    expect(crunCgroupProblem('\n')).toBeUndefined();
    expect(crunCgroupProblem(undefined)).toBeUndefined();
  });

  it('names the controllers and the mounts that move them to v1', () => {
    expect(crunCgroupProblem('hugetlb\n')).toBe(
      'crun refuses this hybrid cgroup host while cgroup v2 holds controllers (hugetlb); with the cluster down, move them to v1: ' +
        'mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb (undo after cluster:down with umount)',
    );
  });
});
