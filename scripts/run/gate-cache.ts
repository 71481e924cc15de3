/**
 * The sanity gate's answer, remembered while the nodes it vouched for are unchanged: a passed
 * gate is kept (in the cache directory, `${XDG_CACHE_HOME:-~/.cache}/pod-conformance/sanity-gate.json`)
 * under a key of the API server, the image it ran, and every node's identity: its UID, boot ID,
 * kubelet start (the kubelet's own process_start_time_seconds, read through the API server's
 * node proxy), kubelet and runtime versions. A node added, replaced, rebooted, or a kubelet
 * restarted changes the key, and the next run checks again. So does an hour passing (MAX_AGE_MS),
 * a run with POD_CONFORMANCE_SANITY_GATE=fresh, and a cluster whose kubelets cannot be read
 * (then nothing is remembered). A failed gate is never remembered.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cacheRoot } from '../../clusters/index.ts';
import type { KubeHttp } from '../../support/kube/http.ts';
import { remember, rememberedEntries } from '../shared/remembered.ts';

/** A passed gate is trusted this long at most, even on unchanged nodes. */
export const MAX_AGE_MS = 60 * 60 * 1000;
/** Entries kept in the file (one per cluster and image the machine has run against lately). */
const KEEP = 8;
/** Bumped when the gate checks something new: older answers no longer count. */
const GATE_VERSION = 1;

export interface NodeIdentity {
  name: string;
  uid: string;
  bootID: string;
  /** The kubelet process's start (epoch s), from its metrics. */
  kubeletStartedAt: number;
  kubeletVersion: string;
  containerRuntimeVersion: string;
}

export interface RememberedGate {
  key: string;
  /** When the gate passed (epoch ms). */
  passedAt: number;
  summary: string;
  capabilities: Record<string, string | null>;
  nodes: string[];
}

export const gateCacheFile = (env: NodeJS.ProcessEnv = process.env): string => join(cacheRoot(env), 'sanity-gate.json');

/** `process_start_time_seconds 1.7965451708e+09` of a Prometheus text answer. */
export function processStart(metrics: string): number | undefined {
  const m = /^process_start_time_seconds\s+(\S+)/m.exec(metrics);
  const value = m ? Number(m[1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

interface NodeList {
  items: {
    metadata: { name: string; uid: string };
    status?: { nodeInfo?: { bootID?: string; kubeletVersion?: string; containerRuntimeVersion?: string } };
  }[];
}

/** Every node's identity, or why it cannot be known (then the gate runs, and nothing is remembered). */
export async function nodeIdentities(http: KubeHttp): Promise<NodeIdentity[] | string> {
  const list = await http.request<NodeList>('GET', '/api/v1/nodes');
  if (list.items.length === 0) return 'the cluster has no nodes';
  const identities = await Promise.all(
    list.items.map(async (node): Promise<NodeIdentity | string> => {
      const name = node.metadata.name;
      const info = node.status?.nodeInfo ?? {};
      let started: number | undefined;
      try {
        const answer = await http.requestText('GET', `/api/v1/nodes/${encodeURIComponent(name)}/proxy/metrics`, {
          timeoutMs: 5_000,
        });
        started = answer.code >= 200 && answer.code < 300 ? processStart(answer.text) : undefined;
      } catch {
        started = undefined;
      }
      if (started === undefined) return `the kubelet of node ${name} does not say when it started`;
      return {
        name,
        uid: node.metadata.uid,
        bootID: info.bootID ?? '',
        kubeletStartedAt: started,
        kubeletVersion: info.kubeletVersion ?? '',
        containerRuntimeVersion: info.containerRuntimeVersion ?? '',
      };
    }),
  );
  const unknown = identities.find((i): i is string => typeof i === 'string');
  return unknown ?? (identities as NodeIdentity[]);
}

/** The key a gate's answer is remembered under. */
export function gateKey(input: { server: string; image: string; nodes: NodeIdentity[] }): string {
  const nodes = input.nodes
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((n) => [n.name, n.uid, n.bootID, n.kubeletStartedAt, n.kubeletVersion, n.containerRuntimeVersion].join('|'));
  return createHash('sha256')
    .update(JSON.stringify({ v: GATE_VERSION, server: input.server, image: input.image, nodes }))
    .digest('hex');
}

/** The passed gate remembered under `key`, unless it is older than MAX_AGE_MS. */
export function rememberedGate(file: string, key: string, now = Date.now()): RememberedGate | undefined {
  return rememberedEntries<RememberedGate>(file).find(
    (e) => e.key === key && now - e.passedAt >= 0 && now - e.passedAt < MAX_AGE_MS,
  );
}

/** Remembers a passed gate (the newest KEEP entries are kept). */
export function rememberGate(file: string, entry: RememberedGate): void {
  remember(file, entry, KEEP);
}

/** How long ago, for the console: "4 min ago". */
export function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}
