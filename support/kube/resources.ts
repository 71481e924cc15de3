/**
 * API paths of any kind the API server serves, found by discovery (`/api/v1`, `/apis/<group>/
 * <version>`) as kubectl does, so read-back steps work for pods, services, configmaps or any other
 * kind without a table of plurals. Answers are cached per client: discovery does not change
 * during a run.
 */
import { ScenarioError } from '../assert.ts';
import type { KubeHttp } from './http.ts';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

const discovered = new WeakMap<KubeHttp, Map<string, Promise<ApiResource[]>>>();

function groupPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

async function resources(http: KubeHttp, apiVersion: string): Promise<ApiResource[]> {
  let perClient = discovered.get(http);
  if (!perClient) discovered.set(http, (perClient = new Map<string, Promise<ApiResource[]>>()));
  let found = perClient.get(apiVersion);
  if (!found) {
    found = http
      .request<{ resources?: ApiResource[] }>('GET', groupPath(apiVersion))
      .then((list) => (list.resources ?? []).filter((r) => !r.name.includes('/')));
    // A failed discovery is not cached: the next step asks again.
    found.catch(() => perClient.delete(apiVersion));
    perClient.set(apiVersion, found);
  }
  return found;
}

/** The collection path of a kind (where a create is POSTed), in the namespace when it is namespaced. */
export async function collectionPath(
  http: KubeHttp,
  apiVersion: string,
  kind: string,
  namespace: string,
): Promise<string> {
  const list = await resources(http, apiVersion);
  const resource = list.find((r) => r.kind === kind);
  if (!resource) {
    throw new ScenarioError(
      `the API server serves no kind ${kind} in ${apiVersion} (it serves ${list.map((r) => r.kind).join(', ') || 'nothing'}); check apiVersion and kind`,
    );
  }
  const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupPath(apiVersion)}${ns}/${resource.name}`;
}

export async function objectPath(
  http: KubeHttp,
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): Promise<string> {
  return `${await collectionPath(http, apiVersion, kind, namespace)}/${encodeURIComponent(name)}`;
}

/** Whether the API server serves the kind inside namespaces (a RuntimeClass, a Node, a Namespace are not). */
export async function isNamespaced(http: KubeHttp, apiVersion: string, kind: string): Promise<boolean> {
  const resource = (await resources(http, apiVersion)).find((r) => r.kind === kind);
  if (!resource)
    throw new ScenarioError(`the API server serves no kind ${kind} in ${apiVersion}; check apiVersion and kind`);
  return resource.namespaced;
}
