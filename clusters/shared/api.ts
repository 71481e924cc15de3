/**
 * The few API calls a provider needs (version, nodes), made with the kubeconfig's own credentials
 * and a hard timeout, so an unreachable server yields a one-line cause instead of a hang. Shared
 * by every provider (local, kind, existing) and by cluster verification.
 */
import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterError,
  type ClusterDescription,
  type NodeDescription,
  type ProviderName,
  type Progress,
} from '../provider.ts';
import { poll } from './poll.ts';
import { firstLine } from './text.ts';

/** The parts of a Node (wire format) that describe() and readiness use. */
export interface NodeWire {
  metadata?: { name?: string };
  spec?: { unschedulable?: boolean; taints?: Array<{ key?: string; effect?: string }> };
  status?: {
    conditions?: Array<{ type?: string; status?: string; reason?: string }>;
    nodeInfo?: {
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
      kubeletVersion?: string;
    };
    /** The images the kubelet reports present on the node (the newest 50 by default). */
    images?: Array<{ names?: string[] }>;
    /** The CRI runtime's handlers, as a runtime that reports them says (containerd 2, CRI-O); "" is the default one. */
    runtimeHandlers?: Array<{ name?: string }>;
  };
}

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (error) {
    throw new ClusterError(`cannot load kubeconfig ${path}: ${firstLine(error)}; check KUBECONFIG/--kubeconfig`);
  }
  if (!kc.getCurrentCluster()) {
    throw new ClusterError(`kubeconfig ${path} has no current context with a cluster; check KUBECONFIG/--context`);
  }
  return kc;
}

export function serverURL(kc: KubeConfig): string {
  return kc.getCurrentCluster()?.server ?? '(no server)';
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000}s`;
  return firstLine(error);
}

/** GET path on the current context's server; resolves to the parsed JSON body of a 200 answer. */
export async function getJson<T>(kc: KubeConfig, path: string, timeoutMs: number): Promise<T> {
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const url = new URL(serverURL(kc) + path);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<T>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'GET',
        agent: options.agent,
        auth: options.auth,
        headers: { ...options.headers, Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(new Error(describeRequestError(error, timeoutMs))));
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== 200) {
            let reason = response.statusMessage ?? '';
            try {
              reason = (JSON.parse(body) as { message?: string }).message ?? reason;
            } catch {
              // not a Status object: keep the HTTP reason phrase
            }
            reject(new Error(`HTTP ${response.statusCode} ${reason}`.trim()));
            return;
          }
          try {
            resolve(JSON.parse(body) as T);
          } catch {
            reject(new Error(`GET ${path} answered with something that is not JSON`));
          }
        });
      },
    );
    request.on('error', (error) => reject(new Error(describeRequestError(error, timeoutMs))));
    request.end();
  });
}

/** The server's version, or a ClusterError naming the server, the cause and what to check. */
export async function probeApiServer(kc: KubeConfig, timeoutMs = 10_000): Promise<{ server: string; version: string }> {
  const server = serverURL(kc);
  try {
    const info = await getJson<{ gitVersion?: string }>(kc, '/version', timeoutMs);
    return { server, version: info.gitVersion ?? 'unknown' };
  } catch (error) {
    throw new ClusterError(`cannot reach the API server at ${server}: ${firstLine(error)}; check KUBECONFIG/--context`);
  }
}

export async function listNodes(kc: KubeConfig, timeoutMs = 10_000): Promise<NodeWire[]> {
  try {
    return (await getJson<{ items?: NodeWire[] }>(kc, '/api/v1/nodes', timeoutMs)).items ?? [];
  } catch (error) {
    throw new ClusterError(
      `cannot list nodes at ${serverURL(kc)}: ${firstLine(error)}; the kubeconfig's user needs "list nodes"`,
    );
  }
}

export function isNodeReady(node: NodeWire): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Ready, not cordoned, and without a taint that keeps ordinary pods away: a node a scenario's pod may land on. */
export function isNodeSchedulable(node: NodeWire): boolean {
  return (
    isNodeReady(node) &&
    !node.spec?.unschedulable &&
    !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
  );
}

export function nodeDescription(node: NodeWire): NodeDescription {
  const info = node.status?.nodeInfo ?? {};
  return {
    name: node.metadata?.name ?? '',
    schedulable: isNodeSchedulable(node),
    osImage: info.osImage ?? '',
    kernelVersion: info.kernelVersion ?? '',
    containerRuntimeVersion: info.containerRuntimeVersion ?? '',
    kubeletVersion: info.kubeletVersion ?? '',
  };
}

/** "1/1 nodes Ready" style summary for status lines. */
export function readinessSummary(nodes: NodeWire[]): string {
  return `${nodes.filter(isNodeReady).length}/${nodes.length} nodes Ready`;
}

export async function describeCluster(input: {
  kc: KubeConfig;
  provider: ProviderName;
  name: string;
  kubeconfig: string;
}): Promise<ClusterDescription> {
  const { version } = await probeApiServer(input.kc);
  const nodes = await listNodes(input.kc);
  const runtimeHandler = commonRuntimeHandler(nodes);
  return {
    provider: input.provider,
    name: input.name,
    kubeconfig: input.kubeconfig,
    serverVersion: version,
    nodes: nodes.map(nodeDescription),
    ...(runtimeHandler ? { runtimeHandler } : {}),
  };
}

/**
 * A named runtime handler every node reports (runc first, when all have it), or undefined when a
 * node reports none: a CRI runtime before containerd 2 does not say which handlers it has.
 */
export function commonRuntimeHandler(nodes: NodeWire[]): string | undefined {
  const named = nodes.map((n) => new Set((n.status?.runtimeHandlers ?? []).map((h) => h.name ?? '').filter(Boolean)));
  const [first, ...rest] = named;
  if (!first) return undefined;
  const common = [...first].filter((h) => rest.every((r) => r.has(h))).sort();
  return common.includes('runc') ? 'runc' : common[0];
}

/** Polls until every node is Ready (and there is at least one); logs only when the count changes. */
export async function waitForReadyNodes(
  kc: KubeConfig,
  progress: Progress,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<NodeWire[]> {
  let summary = '';
  let said = '';
  progress.step(`waiting up to ${options.timeoutMs / 1000}s for the nodes to be Ready`);
  const nodes = await poll(
    async () => {
      let listed: NodeWire[] = [];
      try {
        listed = await listNodes(kc);
        summary = readinessSummary(listed);
      } catch (error) {
        summary = firstLine(error);
      }
      return listed.length > 0 && listed.every(isNodeReady) ? listed : undefined;
    },
    {
      timeoutMs: options.timeoutMs,
      intervalMs: options.intervalMs ?? 2_000,
      beforePause: () => {
        if (summary !== said) progress.step(summary);
        said = summary;
      },
      timeout: () =>
        `nodes at ${serverURL(kc)} not Ready within ${options.timeoutMs / 1000}s (${summary}); inspect them with kubectl describe nodes`,
    },
  );
  progress.done(summary);
  return nodes;
}
