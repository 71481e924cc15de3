import { describe, expect, it } from 'vitest';
import {
  PODMAN_NETWORK,
  containersConf,
  kindHostPackages,
  parseHardLimits,
  podmanKindEnv,
} from '../../clusters/kind/engine.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max processes             96367                96367                processes
Max open files            20000                20000                files
Max locked memory         unlimited            unlimited            bytes
`;

describe('podman for kind nodes', () => {
  it('reads the hard limits of open files and processes', () => {
    expect(parseHardLimits(LIMITS)).toEqual({ nofile: 20000, nproc: 96367 });
    expect(parseHardLimits(LIMITS.replace('96367                processes', 'unlimited            processes'))).toEqual(
      { nofile: 20000, nproc: Infinity },
    );
    expect(parseHardLimits('Limit Soft Hard\n')).toBeUndefined();
  });

  it("never asks for more than the caller's hard limits, nor more than podman's own", () => {
    const conf = containersConf({ nofile: 20000, nproc: 96367 });
    expect(conf).toContain('"nofile=20000:20000"');
    // podman lowers its own RLIMIT_NPROC to 32768 before it starts the runtime.
    expect(conf).toContain('"nproc=32768:32768"');
    const generous = containersConf({ nofile: Infinity, nproc: 1000 });
    expect(generous).toContain('"nofile=1048576:1048576"');
    expect(generous).toContain('"nproc=1000:1000"');
    expect(conf.split('\n')).toContain('[containers]');
  });

  it('runs kind with podman, our containers.conf and our IPv4 network', () => {
    expect(podmanKindEnv('/s/containers.conf')).toEqual({
      KIND_EXPERIMENTAL_PROVIDER: 'podman',
      KIND_EXPERIMENTAL_PODMAN_NETWORK: PODMAN_NETWORK,
      CONTAINERS_CONF: '/s/containers.conf',
    });
  });

  it('installs podman, mmdebstrap and what the test images need, never docker.io', () => {
    expect(kindHostPackages().map((p) => p.debian)).toEqual([
      'podman',
      'mmdebstrap',
      'busybox-static',
      'gcc',
      'musl-tools',
    ]);
  });
});
