import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import type { KubeHttp } from '../support/kube/http.ts';
import { collectionPath, objectPath } from '../support/kube/resources.ts';

function discovery(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const http = {
    request: (_method: string, path: string) => {
      asked.push(path);
      const answer = answers[path];
      return answer ? Promise.resolve(answer) : Promise.reject(new Error(`no ${path}`));
    },
  } as unknown as KubeHttp;
  return { http, asked };
}

const core = {
  resources: [
    { name: 'pods', kind: 'Pod', namespaced: true },
    { name: 'pods/status', kind: 'Pod', namespaced: true },
    { name: 'nodes', kind: 'Node', namespaced: false },
  ],
};

describe('resource paths', () => {
  it('come from discovery, for core and group kinds, namespaced or not', async () => {
    const { http, asked } = discovery({
      '/api/v1': core,
      '/apis/apps/v1': { resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true }] },
    });
    expect(await objectPath(http, 'v1', 'Pod', 'ns', 'p')).toBe('/api/v1/namespaces/ns/pods/p');
    expect(await collectionPath(http, 'v1', 'Pod', 'ns')).toBe('/api/v1/namespaces/ns/pods');
    expect(await objectPath(http, 'v1', 'Node', 'ns', 'n1')).toBe('/api/v1/nodes/n1');
    expect(await collectionPath(http, 'apps/v1', 'Deployment', 'ns')).toBe('/apis/apps/v1/namespaces/ns/deployments');
    expect(asked).toEqual(['/api/v1', '/apis/apps/v1']);
  });

  it('name what the API serves when the kind is unknown', async () => {
    const { http } = discovery({ '/api/v1': core });
    await expect(collectionPath(http, 'v1', 'Widget', 'ns')).rejects.toThrow(ScenarioError);
    await expect(collectionPath(http, 'v1', 'Widget', 'ns')).rejects.toThrow(
      /serves no kind Widget in v1 \(it serves Pod, Node\)/,
    );
  });

  it('ask again after a failed discovery', async () => {
    const answers: Record<string, unknown> = {};
    const { http, asked } = discovery(answers);
    await expect(collectionPath(http, 'v1', 'Pod', 'ns')).rejects.toThrow(/no \/api\/v1/);
    answers['/api/v1'] = core;
    expect(await collectionPath(http, 'v1', 'Pod', 'ns')).toBe('/api/v1/namespaces/ns/pods');
    expect(asked).toEqual(['/api/v1', '/api/v1']);
  });
});
