import { describe, expect, it } from 'vitest';
import type { KubeClients } from '../support/kube/clients.ts';
import { capabilitiesOf, missingReason, needsPrivilegedNamespace } from '../support/scenario/capabilities.ts';
import { labelValue, namespaceName } from '../support/scenario/namespace.ts';
import {
  capabilityOverrides,
  detectedCapabilities,
  imageMap,
  keepPolicy,
  kubeContext,
  runEnvironment,
  runId,
} from '../support/run-config.ts';

describe('capability tags', () => {
  it('are read from the scenario tags', () => {
    expect(capabilitiesOf(['@INIT-02', '@capability:hostPath', '@capability:multinode'])).toEqual([
      'hostPath',
      'multinode',
    ]);
  });
  it('must be known', () => {
    expect(() => capabilitiesOf(['@capability:gpu'])).toThrow(
      /unknown capability tag @capability:gpu; known: .*hostPath/,
    );
  });
  it('decide the namespace Pod Security level', () => {
    expect(needsPrivilegedNamespace(['hostPath'])).toBe(true);
    expect(needsPrivilegedNamespace(['multinode'])).toBe(false);
  });
  it('can be forced on or off without asking the cluster', async () => {
    const overrides = capabilityOverrides({ POD_CONFORMANCE_CAPABILITIES: 'hostPath, -multinode' });
    const noCluster = {} as KubeClients;
    const context = { namespace: 'ns', image: 'busybox', overrides };
    await expect(missingReason(noCluster, 'hostPath', context)).resolves.toBeUndefined();
    await expect(missingReason(noCluster, 'multinode', context)).resolves.toBe(
      'capability "multinode" is disabled by POD_CONFORMANCE_CAPABILITIES',
    );
  });
  it("registry: the run's image map names the images of the public and the private registry", async () => {
    const noCluster = {} as KubeClients;
    const context = { namespace: 'ns', image: 'busybox', overrides: new Map<string, boolean>() };
    const both = { registryBusybox: 'a:1', privateRegistryBusybox: 'b:1' };
    await expect(missingReason(noCluster, 'registry', { ...context, images: both })).resolves.toBeUndefined();
    await expect(
      missingReason(noCluster, 'registry', { ...context, images: { busybox: 'c:1', registryBusybox: 'a:1' } }),
    ).resolves.toBe(
      'capability "registry": the cluster runs no registries for the image-pull behaviours (the run\'s images lack privateRegistryBusybox; map them in POD_CONFORMANCE_IMAGE_MAP)',
    );
  });
  it("take the run's behavioural answers (the sanity gate) before any API check", async () => {
    const detected = detectedCapabilities({
      POD_CONFORMANCE_DETECTED: JSON.stringify({ exec: null, hostPath: 'a reader pod found no file' }),
    });
    const noCluster = {} as KubeClients;
    const context = { namespace: 'ns', image: 'busybox', overrides: new Map<string, boolean>(), detected };
    await expect(missingReason(noCluster, 'exec', context)).resolves.toBeUndefined();
    await expect(missingReason(noCluster, 'hostPath', context)).resolves.toBe('a reader pod found no file');
    expect(() => detectedCapabilities({ POD_CONFORMANCE_DETECTED: 'nope' })).toThrow(/not a JSON object/);
  });
});

describe('run configuration from the environment', () => {
  it('reads the image map and explains a missing one', () => {
    expect(imageMap({ POD_CONFORMANCE_IMAGES: '{"busybox":"b:1"}' })).toEqual({ busybox: 'b:1' });
    expect(() => imageMap({})).toThrow(
      /POD_CONFORMANCE_IMAGES is not set: run the scenarios with `npx pod-conformance run`/,
    );
    expect(() => imageMap({ POD_CONFORMANCE_IMAGES: 'nope' })).toThrow(/not a JSON object/);
  });
  it('reads the keep policy', () => {
    expect(keepPolicy({})).toBe('never');
    expect(keepPolicy({ POD_CONFORMANCE_KEEP: 'failed' })).toBe('failed');
    expect(() => keepPolicy({ POD_CONFORMANCE_KEEP: 'sometimes' })).toThrow(/never, failed or always/);
  });
});

describe('the run-configuration environment', () => {
  it('is read back by the workers as the run wrote it', () => {
    const env = runEnvironment({
      kubeconfig: '/k',
      context: 'ctx',
      images: { busybox: 'b:1' },
      runId: 'run-1',
      keep: 'failed',
      reports: '/r',
      parallel: 3,
      detected: { exec: null, hostPath: 'no file' },
    });
    expect(env.KUBECONFIG).toBe('/k');
    expect(kubeContext(env)).toBe('ctx');
    expect(imageMap(env)).toEqual({ busybox: 'b:1' });
    expect(runId(env)).toBe('run-1');
    expect(keepPolicy(env)).toBe('failed');
    expect(Object.fromEntries(detectedCapabilities(env))).toEqual({ exec: null, hostPath: 'no file' });
    expect(env.POD_CONFORMANCE_PARALLEL).toBe('3');
    expect(env.POD_CONFORMANCE_DURATIONS).toBe('');
    // The user's capability overrides pass through untouched; a run without --context sets none.
    expect(capabilityOverrides({ ...env, POD_CONFORMANCE_CAPABILITIES: '-exec' }).get('exec')).toBe(false);
    const plain = runEnvironment({
      kubeconfig: '/k',
      images: {},
      runId: 'r',
      keep: 'never',
      reports: '/r',
      parallel: 1,
    });
    expect(kubeContext(plain)).toBeUndefined();
    expect(plain.POD_CONFORMANCE_DETECTED).toBeUndefined();
    // No selection named: cucumber reads every feature file (cucumber.mjs).
    expect(plain.POD_CONFORMANCE_FEATURES).toBeUndefined();
  });

  it("names the selection's feature files, which cucumber's scenario profile reads instead of all", async () => {
    const features = ['features/init-containers.feature', 'features/pod-anatomy.feature'];
    const env = runEnvironment({
      kubeconfig: '/k',
      images: {},
      runId: 'r',
      keep: 'never',
      reports: '/r',
      parallel: 1,
      features,
    });
    expect(JSON.parse(env.POD_CONFORMANCE_FEATURES ?? '')).toEqual(features);
    const before = process.env.POD_CONFORMANCE_FEATURES;
    process.env.POD_CONFORMANCE_FEATURES = env.POD_CONFORMANCE_FEATURES;
    try {
      // @ts-expect-error: plain JavaScript, cucumber's configuration
      const config = (await import('../cucumber.mjs?features')) as {
        default: { paths: string[] };
        preflight: { paths: string[] };
      };
      expect(config.default.paths).toEqual(features);
      // the dry run still reads every file: it finds the selection
      expect(config.preflight.paths).toEqual(['features/**/*.feature']);
    } finally {
      if (before === undefined) delete process.env.POD_CONFORMANCE_FEATURES;
      else process.env.POD_CONFORMANCE_FEATURES = before;
    }
  });
});

describe('scenario namespaces', () => {
  it('are named after the behaviour, or the scenario, within DNS label limits', () => {
    const id = {
      runId: 'r',
      scenario: 'A very long scenario name, with punctuation!',
      source: 'f:1',
      podSecurity: 'baseline' as const,
    };
    expect(namespaceName({ ...id, behaviour: 'INIT-02' }, 'abc123')).toBe('pc-init-02-abc123');
    const name = namespaceName(id, 'abc123');
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name.length).toBeLessThanOrEqual(63);
  });
  it('carry label values Kubernetes accepts', () => {
    expect(labelValue('myapp-pod waits in Init until the Services its init containers look up exist')).toMatch(
      /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/,
    );
    expect(labelValue('!!!')).toBe('unnamed');
  });
});
