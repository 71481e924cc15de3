import { describe, expect, it } from 'vitest';
import { commonRuntimeHandler } from '../clusters/shared/api.ts';
import { ClusterScopedObjects } from '../support/actions/cluster-objects.ts';
import type { ScenarioContext } from '../support/actions/context.ts';
import type { KubeClients } from '../support/kube/clients.ts';
import type { KubeObject } from '../support/manifest.ts';
import { placeholderProblems, substitute } from '../support/manifest.ts';
import { runEnvironment, runtimeHandler } from '../support/run-config.ts';
import { missingReason } from '../support/scenario/capabilities.ts';

const handlers = (...names: string[]) => ({ status: { runtimeHandlers: names.map((name) => ({ name })) } });

describe('the runtime handler a run names', () => {
  it('is one every node reports, runc first; none when a node reports none', () => {
    expect(commonRuntimeHandler([handlers('', 'runc', 'crun'), handlers('crun', 'runc', '')])).toBe('runc');
    expect(commonRuntimeHandler([handlers('', 'crun', 'kata'), handlers('crun')])).toBe('crun');
    expect(commonRuntimeHandler([handlers('', 'runc'), {}])).toBeUndefined();
    expect(commonRuntimeHandler([handlers('')])).toBeUndefined();
    expect(commonRuntimeHandler([])).toBeUndefined();
  });

  it('travels to the workers and into manifests as ${runtimeHandler}', () => {
    const env = runEnvironment({
      kubeconfig: 'k',
      images: {},
      runId: 'r',
      keep: 'never',
      reports: 'x',
      parallel: 1,
      runtimeHandler: 'crun',
    });
    expect(runtimeHandler(env)).toBe('crun');
    expect(runtimeHandler({})).toBeUndefined();
    expect(substitute('handler: ${runtimeHandler}', { namespace: 'ns', images: {}, runtimeHandler: 'crun' }, 'f')).toBe(
      'handler: crun',
    );
    expect(() => substitute('handler: ${runtimeHandler}', { namespace: 'ns', images: {} }, 'f:3')).toThrow(
      /f:3: \$\{runtimeHandler\}: the run knows no RuntimeClass handler of the nodes' runtime; tag the scenario @capability:runtimeHandler/,
    );
    expect(placeholderProblems('handler: ${runtimeHandler}', 'f', ['busybox'])).toEqual([]);
  });

  it('is the capability runtimeHandler', async () => {
    const context = { namespace: 'ns', image: 'busybox', overrides: new Map<string, boolean>() };
    const noCluster = {} as KubeClients;
    await expect(
      missingReason(noCluster, 'runtimeHandler', { ...context, runtimeHandler: 'runc' }),
    ).resolves.toBeUndefined();
    await expect(missingReason(noCluster, 'runtimeHandler', context)).resolves.toMatch(
      /^capability "runtimeHandler": the run knows no RuntimeClass handler of the nodes' runtime .*POD_CONFORMANCE_RUNTIME_HANDLER$/,
    );
  });
});

describe('cluster-scoped objects a scenario creates', () => {
  const requests: string[] = [];
  const context = {
    namespace: 'pc-rtclass-01-abc',
    clients: {
      http: {
        request: (method: string, path: string) => {
          requests.push(`${method} ${path}`);
          if (path === '/apis/node.k8s.io/v1')
            return Promise.resolve({
              resources: [{ name: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false }],
            });
          if (path === '/api/v1')
            return Promise.resolve({ resources: [{ name: 'pods', kind: 'Pod', namespaced: true }] });
          if (path === '/api/v1/namespaces/pc-rtclass-01-abc') return Promise.resolve({ metadata: { uid: 'ns-uid' } });
          return Promise.resolve({});
        },
      },
    },
  } as unknown as ScenarioContext;
  const runtimeClass = (name: string): KubeObject => ({
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name, namespace: 'pc-rtclass-01-abc' },
    handler: 'runc',
  });

  it('carry no namespace and are owned by the scenario namespace; namespaced ones pass unchanged', async () => {
    const objects = new ClusterScopedObjects(context);
    expect(await objects.prepare(runtimeClass('pc-rtclass-01-abc-gone'))).toEqual({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: {
        name: 'pc-rtclass-01-abc-gone',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'pc-rtclass-01-abc', uid: 'ns-uid' }],
      },
      handler: 'runc',
    });
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'pc-rtclass-01-abc' } };
    expect(await objects.prepare(pod)).toBe(pod);
  });

  it('must carry the scenario namespace in their names, so nothing else is touched', async () => {
    await expect(new ClusterScopedObjects(context).prepare(runtimeClass('runc'))).rejects.toThrow(
      'RuntimeClass "runc" is cluster-scoped: its name must contain the scenario\'s namespace (write it as ${namespace}-runc)',
    );
  });

  it('are deleted when the scenario ends, each once', async () => {
    const objects = new ClusterScopedObjects(context);
    const created = await objects.prepare(runtimeClass('pc-rtclass-01-abc-gone'));
    objects.track(created);
    requests.length = 0;
    expect(await objects.removeAll()).toEqual(['runtimeclass "pc-rtclass-01-abc-gone"']);
    expect(requests).toContain('DELETE /apis/node.k8s.io/v1/runtimeclasses/pc-rtclass-01-abc-gone');
    expect(await objects.removeAll()).toEqual([]);
  });
});
