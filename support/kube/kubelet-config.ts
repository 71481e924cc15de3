/**
 * A node's kubelet settings as the kubelet itself reports them: `/configz` through the API
 * server's node proxy (what `kubectl get --raw /api/v1/nodes/<node>/proxy/configz` shows), and
 * the node's object TTL annotation. Read once per worker and node: a kubelet's settings do not
 * change during a run without a restart, which the infrastructure checks report anyway.
 */
import type { KubeClients } from './clients.ts';
import { ApiError } from './errors.ts';

export interface KubeletConfigz {
  syncFrequency?: string;
  configMapAndSecretChangeDetectionStrategy?: string;
  [key: string]: unknown;
}

export type KubeletConfigAnswer = { config: KubeletConfigz } | { unreadable: string };

const cache = new Map<string, Promise<KubeletConfigAnswer>>();

async function read(clients: KubeClients, node: string): Promise<KubeletConfigAnswer> {
  try {
    const answer = await clients.http.request<{ kubeletconfig?: KubeletConfigz }>(
      'GET',
      `/api/v1/nodes/${node}/proxy/configz`,
      { timeoutMs: 10_000 },
    );
    return answer.kubeletconfig ? { config: answer.kubeletconfig } : { unreadable: 'no kubeletconfig in the answer' };
  } catch (err) {
    if (err instanceof ApiError) return { unreadable: err.message };
    throw err;
  }
}

/** The kubelet's /configz, or why it cannot be read (a cluster may forbid the node proxy). */
export function kubeletConfig(clients: KubeClients, node: string): Promise<KubeletConfigAnswer> {
  let answer = cache.get(node);
  if (!answer) {
    answer = read(clients, node);
    cache.set(node, answer);
  }
  return answer;
}

/** The node's `node.alpha.kubernetes.io/ttl` annotation in seconds, or undefined when it has none. */
export async function nodeObjectTtl(clients: KubeClients, node: string): Promise<number | undefined> {
  const answer = await clients.http.request<{ metadata?: { annotations?: Record<string, string> } }>(
    'GET',
    `/api/v1/nodes/${node}`,
  );
  const text = answer.metadata?.annotations?.['node.alpha.kubernetes.io/ttl'];
  const ttl = Number(text);
  return text !== undefined && Number.isFinite(ttl) ? ttl : undefined;
}
