/**
 * When a step fails while the cluster itself was in trouble, the failure says so first. "pod was
 * not removed within 18 s" alone sends people looking for a termination bug when the node could
 * not tear pods down at all ("unlinkat /run/netns/cni-…: device or resource busy"), its kubelet
 * or runtime had just restarted, or the API server did not answer.
 *
 * What counts as trouble, read from what the cluster reports since the scenario's namespace was
 * created (the cluster's own clock):
 *   - events on the scenario's objects that only infrastructure raises: the node could not
 *     create, inspect or kill a pod sandbox or a container, or its runtime RPCs failed;
 *   - events on the nodes that ran the scenario's pods: the kubelet (re)started, the node went
 *     NotReady or rebooted, image or container garbage collection failed;
 *   - such a node not Ready now, or its Ready condition changed during the scenario;
 *   - the scenario's pod watch losing its connection or failing (the API server did not answer);
 *   - the kubelet's calls to its container runtime failing during the scenario (its counter
 *     kubelet_runtime_operations_errors_total for the calls a healthy runtime always answers:
 *     listing and the runtime's own version and status), which is how a runtime restart shows: the node raises no event
 *     for it. The counter is read through the API server's node proxy by the run every few
 *     seconds (support/scenario/runtime-errors.ts) and again when a step fails; the reading before
 *     the scenario started is the baseline; a cluster that refuses the proxy gives no answer,
 *     never a guess.
 * Behaviour events (probe failures, hook failures, FailedMount for a missing volume source,
 * the pull of an image the scenario means to fail (imagesMeantToFail), a sandbox refused for a
 * RuntimeClass handler the runtime does not have) are not trouble: scenarios assert on them.
 */
import type { KubeClients } from '../kube/clients.ts';
import type { PodJson } from '../kube/json.ts';
import type { PodRecorder } from '../pods/recorder.ts';
import type { RuntimeErrorReading } from './runtime-errors.ts';

/** Event reasons the kubelet raises only when the node cannot do its part. */
export const TROUBLE_REASONS: ReadonlySet<string> = new Set([
  'FailedKillPod',
  'FailedCreatePodSandBox',
  'FailedPodSandBoxStatus',
  'SandboxChanged',
  'FailedCreatePodContainer',
  'FailedSync',
  'NetworkNotReady',
]);

/** Node event reasons that say the node itself went through something. */
export const NODE_TROUBLE_REASONS: ReadonlySet<string> = new Set([
  'Starting',
  'NodeNotReady',
  'Rebooted',
  'ContainerGCFailed',
  'ImageGCFailed',
  'KubeletSetupFailed',
]);

/**
 * Events a probe or a hook raises: their messages carry what the probe or handler met ("connect:
 * connection refused" of a port nothing serves, a gRPC "context deadline exceeded"), which is the
 * behaviour under test, never the node's trouble.
 */
const BEHAVIOUR_REASONS: ReadonlySet<string> = new Set([
  'Unhealthy',
  'ProbeWarning',
  'FailedPostStartHook',
  'FailedPreStopHook',
]);

/**
 * A sandbox the runtime refuses because the pod's RuntimeClass names a handler it does not have
 * (containerd: `no runtime for "x" is configured`; CRI-O: `failed to find runtime handler x`): the
 * RuntimeClass behaviour, not the node's trouble.
 */
const MISSING_HANDLER = /no runtime for "[^"]*" is configured|failed to find runtime handler/;

/** A runtime or network failure in the message of an otherwise generic event ("Failed", "BackOff"). */
const RUNTIME_FAILURE =
  /rpc error: code = (Unavailable|DeadlineExceeded|Unknown|Internal)|connection refused|transport is closing|device or resource busy|context deadline exceeded/;

interface EventLike {
  reason?: string;
  message?: string;
  count?: number;
  series?: { count?: number };
  involvedObject?: { kind?: string; name?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { creationTimestamp?: string };
}

interface NodeLike {
  metadata?: { name?: string };
  status?: { conditions?: Array<{ type?: string; status?: string; reason?: string; lastTransitionTime?: string }> };
}

const lastTime = (e: EventLike) =>
  e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '';
const occurrences = (e: EventLike) => e.series?.count ?? e.count ?? 1;
const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0]!.trim().slice(0, 500);

/**
 * Logical images whose pulls fail by design (clusters/images/refs.ts): the invalid registry's, a
 * closed port on the node's loopback.
 */
export const FAILING_BY_DESIGN: readonly string[] = ['invalidRegistryBusybox'];

/**
 * The images of the scenario's pods that the run does not count on pulling: every one its image
 * map does not name (a registry the scenario names itself, such as a closed port, or an image no
 * registry was given) and the images that fail by design. A pull of one of them fails because
 * the scenario asks it to: its Failed event ("connect: connection refused" from a registry that
 * is not there) is the behaviour under test. A pull of an image the run does count on (a built
 * image, a loopback registry's) that fails is trouble: the registry or the node let it down.
 */
export function imagesMeantToFail(podImages: Iterable<string>, runImages: Record<string, string>): Set<string> {
  const pullable = new Set(
    Object.entries(runImages)
      .filter(([name]) => !FAILING_BY_DESIGN.includes(name))
      .map(([, ref]) => ref),
  );
  return new Set([...podImages].filter((image) => !pullable.has(image)));
}

/** Every image the pod's spec names: init, app and ephemeral containers. */
export function imagesOf(pod: PodJson | undefined): string[] {
  const spec = pod?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])]
    .map((c) => c.image)
    .filter((image): image is string => !!image);
}

/**
 * Trouble events among a namespace's events: by reason, with their count and first message (pure,
 * for tests). An event naming an image of `meantToFail` (the kubelet quotes the image in its pull
 * events: `Failed to pull image "…"`) is the scenario's own doing, not trouble.
 */
export function troubleInEvents(
  events: EventLike[],
  since: string,
  reasons: ReadonlySet<string>,
  meantToFail: ReadonlySet<string> = new Set(),
): string[] {
  const from = Date.parse(since);
  const groups = new Map<string, { count: number; first: EventLike }>();
  const namesImageMeantToFail = (message: string) => [...meantToFail].some((image) => message.includes(`"${image}"`));
  for (const e of events) {
    if (Number.isFinite(from) && Date.parse(lastTime(e)) < from) continue;
    const reason = e.reason ?? '';
    const message = e.message ?? '';
    const trouble = reasons.has(reason) || (!BEHAVIOUR_REASONS.has(reason) && RUNTIME_FAILURE.test(message));
    if (!trouble || MISSING_HANDLER.test(message) || namesImageMeantToFail(message)) continue;
    const key = `${reason} on ${e.involvedObject?.kind?.toLowerCase() ?? '?'} "${e.involvedObject?.name ?? '?'}"`;
    const group = groups.get(key);
    if (!group) groups.set(key, { count: occurrences(e), first: e });
    else {
      group.count += occurrences(e);
      if (lastTime(e) < lastTime(group.first)) group.first = e;
    }
  }
  return [...groups].map(([key, g]) => `${g.count} × ${key} (first: "${firstLine(g.first.message)}")`);
}

/** A node not Ready now, or whose Ready condition changed since the scenario started (pure, for tests). */
export function troubleInNode(node: NodeLike, since: string): string | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const name = node.metadata?.name ?? '?';
  if (!ready) return `node ${name} reports no Ready condition`;
  if (ready.status !== 'True') return `node ${name} is not Ready (${ready.reason ?? ready.status})`;
  const changed = Date.parse(ready.lastTransitionTime ?? '');
  if (Number.isFinite(changed) && changed >= Date.parse(since))
    return `node ${name} became Ready again at ${ready.lastTransitionTime}, during the scenario`;
  return undefined;
}

/**
 * Runtime calls that fail only when the runtime does not answer. Exec, pulls and stops can fail
 * for a pod's own reasons, and a status call for one container, sandbox or image answers NotFound
 * whenever its subject was removed between the kubelet's list and its look (every deleted pod):
 * those counters move on a healthy node.
 */
const RUNTIME_HEALTH_CALLS = new Set(['list_containers', 'list_podsandbox', 'list_images', 'version', 'status']);

/** kubelet_runtime_operations_errors_total of the runtime-health calls, per call, from a metrics text (pure, for tests). */
export function runtimeErrorCounts(metrics: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of metrics.matchAll(
    /^kubelet_runtime_operations_errors_total\{operation_type="([^"]+)"\}\s+([0-9.e+]+)$/gm,
  )) {
    if (RUNTIME_HEALTH_CALLS.has(m[1]!)) counts.set(m[1]!, Number(m[2]));
  }
  return counts;
}

/** What moved between two readings: `list_containers +12, list_podsandbox +3`, or undefined (pure, for tests). */
export function runtimeErrorsSince(before: Map<string, number>, after: Map<string, number>): string | undefined {
  const moved = [...after]
    .map(([call, n]) => [call, n - (before.get(call) ?? 0)] as const)
    .filter(([, d]) => d > 0)
    .map(([call, d]) => `${call} +${d}`);
  return moved.length ? moved.join(', ') : undefined;
}

/** The runtime-health error counters of every node, by node name; nodes whose metrics cannot be read are left out. */
export async function runtimeErrorBaseline(
  clients: Pick<KubeClients, 'http'>,
  nodes?: string[],
): Promise<Map<string, Map<string, number>>> {
  const names =
    nodes ??
    (await clients.http
      .request<{ items: NodeLike[] }>('GET', '/api/v1/nodes', { timeoutMs: 5_000 })
      .then((l) => l.items.map((n) => n.metadata?.name ?? '').filter(Boolean))
      .catch(() => [] as string[]));
  const readings = await Promise.all(
    names.map(async (node) => {
      try {
        const text = await clients.http.requestText('GET', `/api/v1/nodes/${node}/proxy/metrics`);
        return text.code === 200 ? ([node, runtimeErrorCounts(text.text)] as const) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return new Map(readings.filter((r): r is readonly [string, Map<string, number>] => r !== undefined));
}

export interface TroubleWitness {
  clients: KubeClients;
  namespace: string;
  recorder?: PodRecorder;
  /** The run's last reading of the runtime error counters before the scenario started (runtime-errors.ts). */
  runtimeErrors?: () => RuntimeErrorReading | undefined;
  /** The run's image map (logical name → reference): the images it counts on pulling. */
  images?: Record<string, string>;
  /** Nodes whose kubelet the scenario stopped on purpose (node failure): their state is the behaviour, not trouble. */
  stoppedNodes?: ReadonlySet<string>;
}

async function get<T>(w: TroubleWitness, path: string): Promise<T | undefined> {
  try {
    // A diagnosis says what is so now: an API server that refuses is the answer, not a wait.
    return await w.clients.http.request<T>('GET', path, { timeoutMs: 5_000, refusalGraceMs: 0 });
  } catch {
    return undefined;
  }
}

/**
 * One sentence naming the infrastructure trouble the scenario met, or undefined. Reading is
 * best-effort: what the API refuses or cannot answer is left out, never guessed; an API server
 * that does not answer at all is itself the trouble.
 */
export async function infrastructureTrouble(w: TroubleWitness): Promise<string | undefined> {
  const found: string[] = [];
  const ns = await get<{ metadata?: { creationTimestamp?: string } }>(w, `/api/v1/namespaces/${w.namespace}`);
  const stats = w.recorder?.watchStats;
  if (!ns) {
    const probe = await get<unknown>(w, '/version');
    if (!probe) return 'infrastructure trouble: the API server does not answer';
  }
  const since = ns?.metadata?.creationTimestamp ?? '';
  const nodes = new Set<string>();
  const podImages = new Set<string>();
  for (const name of w.recorder?.podNames() ?? []) {
    for (const s of w.recorder?.timeline(name) ?? []) {
      if (s.nodeName) nodes.add(s.nodeName);
      for (const image of imagesOf(s.pod)) podImages.add(image);
    }
  }
  const events = await get<{ items: EventLike[] }>(w, `/api/v1/namespaces/${w.namespace}/events`);
  const meantToFail = imagesMeantToFail(podImages, w.images ?? {});
  found.push(...troubleInEvents(events?.items ?? [], since, TROUBLE_REASONS, meantToFail));

  for (const node of nodes) {
    if (w.stoppedNodes?.has(node)) continue;
    const nodeEvents = await get<{ items: EventLike[] }>(
      w,
      `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(`involvedObject.kind=Node,involvedObject.name=${node}`)}`,
    );
    found.push(...troubleInEvents(nodeEvents?.items ?? [], since, NODE_TROUBLE_REASONS));
    const current = await get<NodeLike>(w, `/api/v1/nodes/${node}`);
    const state = current && troubleInNode(current, since);
    if (state) found.push(state);
  }
  const baseline = w.runtimeErrors?.();
  if (baseline?.counts.size) {
    const now = await runtimeErrorBaseline(w.clients, [...baseline.counts.keys()]);
    const since = new Date(baseline.atMs).toISOString();
    for (const [node, after] of now) {
      if (w.stoppedNodes?.has(node)) continue;
      const moved = runtimeErrorsSince(baseline.counts.get(node) ?? new Map<string, number>(), after);
      if (moved)
        found.push(
          `node ${node}'s kubelet could not reach its container runtime (failed calls since ${since}: ${moved})`,
        );
    }
  }
  if (stats && (stats.drops > 0 || stats.errors.length > 0)) {
    const parts = [
      stats.drops > 0 ? `lost its connection ${stats.drops} time(s)` : '',
      stats.errors.length ? `failed ${stats.errors.length} time(s) (first: "${firstLine(stats.errors[0])}")` : '',
    ].filter(Boolean);
    found.push(`the API server did not answer the pod watch: it ${parts.join(' and ')}`);
  }
  return found.length ? `infrastructure trouble during the scenario: ${found.join('; ')}` : undefined;
}
