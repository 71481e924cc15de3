/**
 * Capability tags (`@capability:hostPath`) declare what a scenario needs beyond the public pod
 * API. A Before hook skips the scenario, with the reason, when the cluster lacks it. Where the API
 * answer is not enough, the run's sanity gate (support/scenario/sanity-gate.ts) has tried the capability
 * once for the whole run (exec: an exec returned what the container wrote; hostPath: a reader pod
 * read what a pod wrote) and its answer, passed in POD_CONFORMANCE_DETECTED, comes first.
 * Otherwise detection asks the cluster itself (server-side dry run, access reviews, node list), so
 * a policy that forbids hostPath is detected the same way as a missing feature.
 * POD_CONFORMANCE_CAPABILITIES overrides detection ("hostPath,-multinode").
 */
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { ScenarioError } from '../assert.ts';
import type { KubeClients } from '../kube/clients.ts';
import { ApiError, call } from '../kube/errors.ts';
import { isSchedulable } from './nodes.ts';
import { otherLiveRuns } from './other-runs.ts';
import type { KubeletControl } from '../run-config.ts';

export const CAPABILITY_TAG = /^@capability:(.+)$/;

/** Capabilities that need the namespace's Pod Security level to be "privileged". */
const NEEDS_PRIVILEGED_NAMESPACE = new Set([
  'privileged',
  'hostPath',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'handlerHost',
]);

type PodSpecPatch = Partial<NonNullable<V1Pod['spec']>>;

interface DryRunProbe {
  kind: 'dry-run';
  /** What the probe pod adds to a minimal busybox pod. */
  spec: (image: string) => PodSpecPatch;
}

/** A schedulable node whose kubelet reports this resource in its allocatable (it accounts for it). */
interface NodeResource {
  kind: 'node-resource';
  resource: string;
}

/** Logical images the run's image map must name (the cluster serves them; nothing to ask it). */
interface RunImages {
  kind: 'images';
  names: string[];
  /** What the cluster lacks when they are missing. */
  lacks: string;
}

/**
 * A pod subresource the API server serves (discovery of /api/v1) and a kubelet version every
 * schedulable node must run for the node to act on it.
 */
interface Subresource {
  kind: 'subresource';
  resource: string;
  /** `[1, 34]`: upstream's MinimumKubeletVersion for the specs that use it. */
  minimumKubelet: [number, number];
  what: string;
}

/** A fact the run hands its workers (support/run-config.ts) rather than one asked of the cluster. */
interface RunRuntimeHandler {
  kind: 'run-runtime-handler';
}

/**
 * The run can stop and start a schedulable node's kubelet (its provider's kubeletControl), another
 * schedulable node remains, and no other run uses the cluster: a silent node takes the pods of
 * every run on it with it.
 */
interface RunKubeletControl {
  kind: 'run-kubelet-control';
}

type Detector =
  | DryRunProbe
  | NodeResource
  | RunImages
  | Subresource
  | RunRuntimeHandler
  | RunKubeletControl
  | { kind: 'exec' }
  | { kind: 'nodes'; minimum: number };

const DETECTORS: Record<string, Detector> = {
  privileged: {
    kind: 'dry-run',
    spec: (image) => ({ containers: [{ name: 'probe', image, securityContext: { privileged: true } }] }),
  },
  hostPath: {
    kind: 'dry-run',
    spec: (image) => ({
      containers: [{ name: 'probe', image, volumeMounts: [{ name: 'host', mountPath: '/host' }] }],
      volumes: [{ name: 'host', hostPath: { path: '/tmp', type: 'Directory' } }],
    }),
  },
  hostNetwork: { kind: 'dry-run', spec: () => ({ hostNetwork: true }) },
  hostPID: { kind: 'dry-run', spec: () => ({ hostPID: true }) },
  hostIPC: { kind: 'dry-run', spec: () => ({ hostIPC: true }) },
  // A probe or lifecycle handler that names a host (another pod's IP): Pod Security's baseline
  // level forbids it since v1.34, so such a scenario runs in a privileged namespace.
  handlerHost: {
    kind: 'dry-run',
    spec: (image) => ({
      containers: [
        { name: 'probe', image, lifecycle: { postStart: { httpGet: { host: '127.0.0.1', port: 80, path: '/' } } } },
      ],
    }),
  },
  exec: { kind: 'exec' },
  multinode: { kind: 'nodes', minimum: 2 },
  // The kubelet reports ephemeral-storage capacity only when it measures local storage (its
  // localStorageCapacityIsolation), which is what enforcing ephemeral-storage limits needs.
  ephemeralStorage: { kind: 'node-resource', resource: 'ephemeral-storage' },
  // In-place resize: the resize subresource (v1.33) and kubelets that resize running containers
  // (upstream's specs want v1.34; the feature is GA in v1.35).
  inPlaceResize: { kind: 'subresource', resource: 'pods/resize', minimumKubelet: [1, 34], what: 'in-place pod resize' },
  // A RuntimeClass handler the nodes' runtime has (${runtimeHandler}): what the nodes report in
  // status.runtimeHandlers, what the provider configured, or POD_CONFORMANCE_RUNTIME_HANDLER.
  runtimeHandler: { kind: 'run-runtime-handler' },
  // Node failure: a node's kubelet stopped and started again by the run's provider (local: its
  // extra nodes; docs/multi-node.md), with another node left for what must be scheduled elsewhere.
  nodeStop: { kind: 'run-kubelet-control' },
  // The image-pull behaviours pull from a registry open to all and from one that needs an
  // imagePullSecret: the local cluster runs both on the node's loopback and pushes busybox into
  // them; for another cluster the image map may name registries of its own.
  registry: {
    kind: 'images',
    names: ['registryBusybox', 'privateRegistryBusybox'],
    lacks: 'the cluster runs no registries for the image-pull behaviours',
  },
};

export const KNOWN_CAPABILITIES = Object.keys(DETECTORS);

export function capabilitiesOf(tags: string[]): string[] {
  const caps = tags.map((t) => CAPABILITY_TAG.exec(t)?.[1]).filter((c): c is string => !!c);
  const unknown = caps.filter((c) => !(c in DETECTORS));
  if (unknown.length > 0) {
    throw new ScenarioError(
      `unknown capability tag ${unknown.map((c) => `@capability:${c}`).join(', ')}; known: ${KNOWN_CAPABILITIES.join(', ')}`,
    );
  }
  return caps;
}

export function needsPrivilegedNamespace(capabilities: string[]): boolean {
  return capabilities.some((c) => NEEDS_PRIVILEGED_NAMESPACE.has(c));
}

/** Cluster-wide answers are cached per worker; namespace-level probes run per scenario (cheap). */
const schedulableCache: { value?: Promise<V1Node[]> } = {};

async function listSchedulableNodes(clients: KubeClients): Promise<V1Node[]> {
  const nodes = await call('list nodes', () => clients.core.listNode({}));
  return nodes.items.filter(isSchedulable);
}

function schedulableNodes(clients: KubeClients): Promise<V1Node[]> {
  schedulableCache.value ??= listSchedulableNodes(clients);
  return schedulableCache.value;
}

/** `v1.35.4` → [1, 35]; undefined for a version that does not read so. */
export function minorVersion(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Why the nodes cannot act on the subresource, or undefined when the API serves it and every kubelet is recent enough. */
async function subresourceMissing(
  clients: KubeClients,
  capability: string,
  detector: Subresource,
): Promise<string | undefined> {
  const group = await call('discover /api/v1', () =>
    clients.http.request<{ resources?: { name: string }[] }>('GET', '/api/v1'),
  );
  if (!(group.resources ?? []).some((r) => r.name === detector.resource)) {
    return `capability "${capability}": the API server serves no ${detector.resource} subresource (${detector.what})`;
  }
  const [major, minor] = detector.minimumKubelet;
  const old = (await schedulableNodes(clients)).filter((n) => {
    const v = minorVersion(n.status?.nodeInfo?.kubeletVersion);
    return !v || v[0] < major || (v[0] === major && v[1] < minor);
  });
  return old.length === 0
    ? undefined
    : `capability "${capability}": ${detector.what} needs kubelet v${major}.${minor} or later; ${old
        .map(
          (n) => `node ${n.metadata?.name ?? '?'} runs ${n.status?.nodeInfo?.kubeletVersion ?? 'an unknown version'}`,
        )
        .join(', ')}`;
}

/** Why the run may not stop a node's kubelet now, or undefined when it may. */
async function kubeletControlMissing(
  clients: KubeClients,
  capability: string,
  control: KubeletControl | undefined,
  runId: string,
): Promise<string | undefined> {
  if (!control || control.nodes.length === 0) {
    return `capability "${capability}": the run's cluster provider stops no node's kubelet (the local provider stops its extra nodes' kubelets: cluster up --nodes 2..3)`;
  }
  // Fresh, not the worker's cached list: a node stopped by an earlier scenario may still be coming back.
  const schedulable = await listSchedulableNodes(clients);
  const names = new Set(schedulable.map((n) => n.metadata?.name ?? ''));
  if (!control.nodes.some((n) => names.has(n))) {
    return `capability "${capability}": none of the nodes whose kubelet the run may stop (${control.nodes.join(', ')}) is schedulable now`;
  }
  if (schedulable.length < 2) {
    return `capability "${capability}" needs 2 schedulable nodes (one to stop, one for what is scheduled elsewhere); the cluster has ${schedulable.length}`;
  }
  const others = await otherLiveRuns(clients.http, runId);
  return others.length === 0
    ? undefined
    : `capability "${capability}": ${others.length} other run(s) use the cluster (${others.join(', ')}); stopping a kubelet would fail their pods on that node, so node-failure scenarios run only when no other run holds a lease on the cluster`;
}

/** A quantity such as `41152832Ki` or `0` is positive. */
function positiveQuantity(q: string | undefined): boolean {
  return q !== undefined && /^[0-9.]+/.test(q) && Number.parseFloat(q) > 0;
}

/** Returns why the capability is missing, or undefined when the cluster has it. */
export async function missingReason(
  clients: KubeClients,
  capability: string,
  context: {
    namespace: string;
    image: string;
    /** The run's image map: logical name → reference (POD_CONFORMANCE_IMAGES). */
    images?: Record<string, string>;
    overrides: Map<string, boolean>;
    /** The run's behavioural answers (the sanity gate); they take precedence over API checks. */
    detected?: Map<string, string | null>;
    /** The run's RuntimeClass handler (POD_CONFORMANCE_RUNTIME_HANDLER), if it knows one. */
    runtimeHandler?: string;
    /** How the run stops and starts a kubelet (POD_CONFORMANCE_KUBELET_CONTROL), if its provider can. */
    kubeletControl?: KubeletControl;
    /** The run's id: other runs' leases make a kubelet stop unsafe. */
    runId?: string;
  },
): Promise<string | undefined> {
  const override = context.overrides.get(capability);
  if (override === true) return undefined;
  if (override === false) return `capability "${capability}" is disabled by POD_CONFORMANCE_CAPABILITIES`;
  const detected = context.detected?.get(capability);
  if (detected !== undefined) return detected ?? undefined;
  const detector = DETECTORS[capability];
  if (!detector) return `unknown capability "${capability}"`;
  switch (detector.kind) {
    case 'run-runtime-handler':
      return context.runtimeHandler
        ? undefined
        : `capability "${capability}": the run knows no RuntimeClass handler of the nodes' runtime (the nodes report none in status.runtimeHandlers and the provider names none); name one in POD_CONFORMANCE_RUNTIME_HANDLER`;
    case 'run-kubelet-control':
      return kubeletControlMissing(clients, capability, context.kubeletControl, context.runId ?? '');
    case 'images': {
      const missing = detector.names.filter((name) => context.images?.[name] === undefined);
      return missing.length === 0
        ? undefined
        : `capability "${capability}": ${detector.lacks} (the run's images lack ${missing.join(', ')}; map them in POD_CONFORMANCE_IMAGE_MAP)`;
    }
    case 'node-resource': {
      // Every schedulable node: the scenario's pod may land on any of them.
      const nodes = await schedulableNodes(clients);
      const lacking = nodes.filter((n) => !positiveQuantity(n.status?.allocatable?.[detector.resource]));
      if (nodes.length > 0 && lacking.length === 0) return undefined;
      return nodes.length === 0
        ? `capability "${capability}": no schedulable node reports allocatable ${detector.resource}`
        : `capability "${capability}": schedulable node ${lacking.map((n) => n.metadata?.name ?? '?').join(', ')} reports no allocatable ${detector.resource} (its kubelet does not account for it)`;
    }
    case 'subresource':
      return subresourceMissing(clients, capability, detector);
    case 'nodes': {
      const count = (await schedulableNodes(clients)).length;
      return count >= detector.minimum
        ? undefined
        : `capability "${capability}" needs ${detector.minimum} schedulable nodes; the cluster has ${count}`;
    }
    case 'exec': {
      const review = await call('access review for pods/exec', () =>
        clients.authorization.createSelfSubjectAccessReview({
          body: {
            spec: {
              resourceAttributes: {
                namespace: context.namespace,
                verb: 'create',
                resource: 'pods',
                subresource: 'exec',
              },
            },
          },
        }),
      );
      return review.status?.allowed ? undefined : `capability "exec": this user may not exec into pods`;
    }
    case 'dry-run': {
      const base = { containers: [{ name: 'probe', image: context.image }] };
      const pod: V1Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `capability-probe-${capability.toLowerCase()}`, namespace: context.namespace },
        spec: { ...base, ...detector.spec(context.image) },
      };
      try {
        await call(`dry-run pod with ${capability}`, () =>
          clients.core.createNamespacedPod({ namespace: context.namespace, body: pod, dryRun: 'All' }),
        );
        return undefined;
      } catch (err) {
        if (err instanceof ApiError && (err.code === 403 || err.code === 422 || err.code === 400)) {
          return `capability "${capability}" is refused by the cluster: ${err.status.message ?? err.message}`;
        }
        throw err;
      }
    }
  }
}
