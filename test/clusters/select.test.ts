import { describe, expect, it, vi } from 'vitest';
import { ClusterError } from '../../clusters/provider.ts';
import { chooseProvider, type SelectionProbes } from '../../clusters/select.ts';

function probes(overrides: Partial<SelectionProbes> = {}): SelectionProbes {
  return {
    dockerWorks: () => Promise.resolve(false),
    kindOnPath: () => Promise.resolve(false),
    isRoot: false,
    platform: 'linux',
    ...overrides,
  };
}

describe('chooseProvider', () => {
  it('takes the --provider flag over the environment and over detection', async () => {
    const dockerWorks = vi.fn(() => Promise.resolve(true));
    const choice = await chooseProvider({
      flag: 'kind',
      env: { POD_CONFORMANCE_PROVIDER: 'local', KUBECONFIG: '/k' },
      probes: probes({ dockerWorks }),
    });
    expect(choice).toEqual({ name: 'kind', reason: '--provider=kind' });
    expect(dockerWorks).not.toHaveBeenCalled();
  });

  it('takes POD_CONFORMANCE_PROVIDER when no flag is given', async () => {
    const choice = await chooseProvider({ env: { POD_CONFORMANCE_PROVIDER: 'existing' }, probes: probes() });
    expect(choice).toEqual({ name: 'existing', reason: 'POD_CONFORMANCE_PROVIDER=existing' });
  });

  it('ignores an empty POD_CONFORMANCE_PROVIDER', async () => {
    const choice = await chooseProvider({ env: { POD_CONFORMANCE_PROVIDER: '' }, probes: probes({ isRoot: true }) });
    expect(choice.name).toBe('local');
  });

  it.each([
    [{ flag: 'docker', env: {} }, 'unknown provider "docker" from --provider; use one of: local, kind, existing'],
    [
      { env: { POD_CONFORMANCE_PROVIDER: 'minikube' } },
      'unknown provider "minikube" from POD_CONFORMANCE_PROVIDER; use one of: local, kind, existing',
    ],
  ])('rejects an unknown explicit provider with the valid names', async (input, message) => {
    const attempt = chooseProvider({ ...input, probes: probes() });
    await expect(attempt).rejects.toBeInstanceOf(ClusterError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('chooses existing for KUBECONFIG without probing docker or kind', async () => {
    const dockerWorks = vi.fn(() => Promise.resolve(true));
    const kindOnPath = vi.fn(() => Promise.resolve(true));
    const choice = await chooseProvider({
      env: { KUBECONFIG: '/tmp/k.yaml' },
      probes: probes({ dockerWorks, kindOnPath }),
    });
    expect(choice).toEqual({ name: 'existing', reason: 'KUBECONFIG=/tmp/k.yaml' });
    expect(dockerWorks).not.toHaveBeenCalled();
    expect(kindOnPath).not.toHaveBeenCalled();
  });

  it('chooses existing for a --kubeconfig flag', async () => {
    const choice = await chooseProvider({ kubeconfig: '/k', env: {}, probes: probes({ isRoot: true }) });
    expect(choice).toEqual({ name: 'existing', reason: '--kubeconfig /k' });
  });

  it('chooses kind when docker and kind both work, even as root', async () => {
    const choice = await chooseProvider({
      env: {},
      probes: probes({
        dockerWorks: () => Promise.resolve(true),
        kindOnPath: () => Promise.resolve(true),
        isRoot: true,
      }),
    });
    expect(choice).toEqual({ name: 'kind', reason: 'no KUBECONFIG, docker engine reachable, kind on PATH' });
  });

  it('chooses local as root on Linux when docker is unreachable', async () => {
    const choice = await chooseProvider({
      env: {},
      probes: probes({ kindOnPath: () => Promise.resolve(true), isRoot: true }),
    });
    expect(choice).toEqual({
      name: 'local',
      reason: 'no KUBECONFIG, docker engine unreachable, running as root on Linux',
    });
  });

  it('chooses local as root on Linux when docker works but kind is missing', async () => {
    const choice = await chooseProvider({
      env: {},
      probes: probes({ dockerWorks: () => Promise.resolve(true), isRoot: true }),
    });
    expect(choice.reason).toBe('no KUBECONFIG, docker engine reachable, kind not on PATH, running as root on Linux');
  });

  it('fails with a one-line remedy when nothing can run', async () => {
    const attempt = chooseProvider({ env: {}, probes: probes() });
    await expect(attempt).rejects.toBeInstanceOf(ClusterError);
    await expect(attempt).rejects.toThrow(
      'no cluster provider available (no KUBECONFIG, docker engine unreachable, kind not on PATH, not running as root): run as root on Linux for the local cluster, install Docker and kind for a kind cluster, or set KUBECONFIG to test an existing cluster',
    );
  });

  it('does not choose local as root on a platform other than Linux', async () => {
    const attempt = chooseProvider({ env: {}, probes: probes({ isRoot: true, platform: 'darwin' }) });
    await expect(attempt).rejects.toThrow(/platform darwin, not Linux/);
  });
});
