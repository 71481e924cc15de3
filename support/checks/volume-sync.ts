/**
 * When a kubelet must have projected a change of a ConfigMap or Secret (or a pod's labels and
 * annotations) into a mounted configMap, secret, downwardAPI or projected volume, from its own
 * settings as it reports them (`/configz`):
 *
 * - the change reaches the kubelet's object cache at once with the default change detection
 *   strategy `Watch`; with `Cache` a cached object may be served for up to the node's TTL
 *   (annotation `node.alpha.kubernetes.io/ttl`) first; with `Get` it is read at each sync;
 * - the volume is rewritten when the pod is next synced: a pod worker requeues a running pod
 *   `syncFrequency` after its last sync, with a jitter factor of 0.5 (pkg/kubelet/pod_workers.go,
 *   `workerResyncIntervalJitterFactor`), i.e. at most 1.5 × syncFrequency later, and the sync loop
 *   picks due pods on a 1 s tick; the sync marks the volumes for remount and the volume manager's
 *   populator and reconciler (100 ms loops each) call SetUp, whose atomic writer swaps `..data`;
 *   the requeue counts from the end of the previous sync, which may still have been busy (status
 *   writes, runtime calls: up to about 2 s on a loaded node) after it requested the remount;
 * - the change's time is the object's last managedFields time (whole seconds, truncated), so the
 *   measured delay may exceed the real one by up to 1 s.
 *
 * Hence [0 s, 1.5 × syncFrequency + TTL (Cache only) + 1 s tick + 2 s sync work + 1 s loops and
 * write + 1 s truncation]. Pure functions over what the actions read.
 */
import type { Interval } from '../probes/windows.ts';

export interface KubeletSyncSettings {
  syncFrequencySeconds: number;
  /** `Watch` (the default), `Cache` or `Get`. */
  changeDetection: string;
  /** The node's object TTL for the `Cache` strategy (its node.alpha.kubernetes.io/ttl annotation). */
  ttlSeconds: number;
  /** Where the settings come from: `/configz of node "n"` or the Kubernetes defaults. */
  source: string;
}

/** The kubelet's defaults, for a cluster whose `/configz` cannot be read. */
export const KUBELET_DEFAULTS: Omit<KubeletSyncSettings, 'source' | 'ttlSeconds'> = {
  syncFrequencySeconds: 60,
  changeDetection: 'Watch',
};

/** A Go duration as the kubelet writes it (`10s`, `1m0s`, `1m30s`, `500ms`) in seconds. */
export function parseGoDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`not a Go duration: ${JSON.stringify(text)}`);
  }
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * (unit[u ?? 's'] ?? 1), 0);
}

export function volumeSyncBound(s: KubeletSyncSettings): Interval {
  const resync = 1.5 * s.syncFrequencySeconds;
  const ttl = s.changeDetection === 'Cache' ? s.ttlSeconds : 0;
  const max = Math.round((resync + ttl + 5) * 10) / 10;
  const ttlText = s.changeDetection === 'Cache' ? ` + node TTL ${s.ttlSeconds} s (Cache strategy)` : '';
  return {
    minSeconds: 0,
    maxSeconds: max,
    derivation:
      `0 s … 1.5 × syncFrequency ${s.syncFrequencySeconds} s (pod worker resync with jitter 0.5)${ttlText}` +
      ` + 1 s sync tick + 2 s the sync's own work after its remount request + 1 s volume loops and write` +
      ` + 1 s whole-second change time` +
      ` (changeDetection ${s.changeDetection}; ${s.source})`,
  };
}

/**
 * The kubelet's write time of a `..data` directory from its name, `..2026_01_02_15_04_05.<random>`
 * (UTC, whole seconds), or undefined when the name is not one.
 */
export function dataDirTime(name: string): Date | undefined {
  const m = /^\.\.(\d{4})_(\d{2})_(\d{2})_(\d{2})_(\d{2})_(\d{2})\./.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/**
 * The latest managedFields time of an object's main resource: when its data, labels or
 * annotations last changed (whole seconds). Writes to a subresource (a pod's status) do not count.
 */
export function lastChange(object: {
  metadata?: { managedFields?: { time?: string; subresource?: string }[] };
}): string | undefined {
  const times = (object.metadata?.managedFields ?? [])
    .filter((f) => !f.subresource)
    .map((f) => f.time)
    .filter((t): t is string => !!t);
  return times.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
}
