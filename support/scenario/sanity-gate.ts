/**
 * The cluster sanity gate, run once per run before any behaviour scenario: can the nodes run a
 * container at all? One pod, in a namespace of its own, must show what only a node that runs
 * containers can produce:
 *   - a log line with a token the container printed (the kubelet serves the container's output);
 *   - an exec that returns the token the container wrote to a file (exec reaches the container);
 *   - plausible timestamps: an init container that sleeps 2 s finished at least 1 s after it
 *     started, and the app container started no earlier than that (a simulated node that invents
 *     "now" for every timestamp fails this);
 *   - where hostPath volumes are admitted, a file the container wrote there, read back by a
 *     reader pod on the same node;
 *   - a teardown: deleted with a 1 s grace period, the pod is gone within TEARDOWN_WAIT. A node
 *     that starts pods but cannot remove them (a pod network namespace it cannot unmount, a
 *     runtime that does not answer) would fail every termination scenario, slowly and misleadingly.
 * A cluster that fails the first three runs no behaviour scenario: every one of them would fail,
 * or worse pass, for reasons that have nothing to do with the behaviour. The outcome also gives the
 * behavioural answer for the `exec` and `hostPath` capabilities, so scenarios do not rely on what
 * the API alone says about them (see support/scenario/capabilities.ts).
 */
import { randomBytes } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { Duration } from '../duration.ts';
import { execInContainer } from '../kube/exec.ts';
import { cleanupPod, readerPod, READER_NO_FILE_EXIT, scenarioDirectory } from '../checks/hostpath.ts';
import type { KubeClients } from '../kube/clients.ts';
import { ApiError, call } from '../kube/errors.ts';
import { podTableSource, readPodObservation } from '../watch/sources.ts';
import { createScenarioNamespace, deleteScenarioNamespace } from './namespace.ts';
import type { Expectation } from '../pods/expectation.ts';
import { gone, whyCannotRun } from '../pods/pod-expectations.ts';
import { containerIn, runsToCompletion } from '../pods/container-expectations.ts';
import { TROUBLE_REASONS, troubleInEvents } from './infrastructure.ts';
import { isSchedulable } from './nodes.ts';
import { PodRecorder } from '../pods/recorder.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import { findContainer } from '../pods/snapshot.ts';
import { readContainerLog } from '../kube/logs.ts';

/** Behavioural capability answers: null when the capability works, else why not. */
export type DetectedCapabilities = Record<string, string | null>;

export interface GateOutcome {
  /** True when the nodes run containers: behaviour scenarios may run. */
  ok: boolean;
  /** One line: what the nodes did (or do not do), with the node's kubelet and runtime. */
  summary: string;
  problems: string[];
  capabilities: DetectedCapabilities;
  /**
   * The gate's own cleanup (the hostPath directory's removal by a pod, the namespace's delete):
   * it goes on beside the first scenarios instead of delaying them; the run awaits it later.
   */
  cleanedUp: Promise<void>;
}

const START_WAIT = Duration.parse('90 seconds');
const READER_WAIT = Duration.parse('30 seconds');
/** Grace 1 s, the kubelet's kill and the API's removal take 2-3 s; ten times that before calling it stuck. */
const TEARDOWN_WAIT = Duration.parse('30 seconds');
const INIT_SLEEP_SECONDS = 2;

function gatePod(token: string, image: string, hostPathDir: string | undefined, name = 'sanity', node?: string): V1Pod {
  const write = hostPathDir ? `; echo ${token} > /evidence/${name}.token` : '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      ...(node ? { nodeName: node } : {}),
      terminationGracePeriodSeconds: 1,
      volumes: hostPathDir ? [{ name: 'evidence', hostPath: { path: hostPathDir, type: 'DirectoryOrCreate' } }] : [],
      initContainers: [
        {
          name: 'warm-up',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', `sleep ${INIT_SLEEP_SECONDS}`],
        },
      ],
      containers: [
        {
          name: 'main',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', `echo "sanity ${token}"; echo ${token} > /tmp/token${write}; exec sleep 3600`],
          volumeMounts: hostPathDir ? [{ name: 'evidence', mountPath: '/evidence' }] : [],
        },
      ],
    },
  };
}

const seconds = (from: string | undefined, to: string | undefined) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : NaN;

/** What is implausible about the timestamps of the gate pod's final state (pure, for tests). */
export function implausibleTimestamps(s: PodSnapshot): string | undefined {
  const init = findContainer(s, 'warm-up');
  const main = findContainer(s, 'main');
  const created = s.pod.metadata?.creationTimestamp;
  const ran = seconds(init?.startedAt, init?.finishedAt);
  const parts = [
    `created ${created ?? '?'}`,
    `init started ${init?.startedAt ?? '?'} finished ${init?.finishedAt ?? '?'}`,
    `main started ${main?.startedAt ?? '?'}`,
  ].join(', ');
  if (!(ran >= INIT_SLEEP_SECONDS - 1)) {
    return `an init container that sleeps ${INIT_SLEEP_SECONDS} s is reported to have run ${Number.isNaN(ran) ? 'for an unknown time' : `${ran} s`} (${parts})`;
  }
  if (!(seconds(init?.finishedAt, main?.startedAt) >= 0) || !(seconds(created, init?.startedAt) >= 0)) {
    return `the timestamps are out of order (${parts})`;
  }
  return undefined;
}

/** The container reaches running; a pod that cannot run it (unschedulable, image or start errors) fails at once. */
function startsRunning(name: string): Expectation {
  const base = containerIn(name, { state: 'running' });
  return {
    ...base,
    impossible: (v) => base.impossible(v) ?? (v.exists && v.snapshot ? whyCannotRun(v.snapshot) : undefined),
  };
}

interface Run {
  clients: KubeClients;
  namespace: string;
  recorder: PodRecorder;
  log: (line: string) => void;
  /** The gate pod of this node ('sanity', or 'sanity-<n>' when the gate tries several nodes). */
  pod: string;
}

async function waitFor(run: Run, pod: string, e: Expectation, within: Duration): Promise<string | undefined> {
  try {
    await run.recorder.becomes(pod, e, within);
    return undefined;
  } catch (err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err);
  }
}

/** The error's first line, with request URLs cut to their host (the rest repeats what the line says). */
const message = (err: unknown) =>
  (err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)).replace(
    /\b(Get|Post) "https?:\/\/([^/"]+)[^"]*"/g,
    '$1 https://$2/…',
  );

async function checkLog(run: Run, token: string): Promise<string | undefined> {
  try {
    const log = await call(`log of ${run.pod}/main`, () =>
      readContainerLog(run.clients, run.namespace, run.pod, { container: 'main' }),
    );
    return log.includes(`sanity ${token}`)
      ? undefined
      : `its log does not hold the line it printed (observed ${JSON.stringify(log.slice(0, 120))})`;
  } catch (err) {
    return `its log cannot be read (${message(err)})`;
  }
}

async function checkExec(run: Run, token: string): Promise<string | undefined> {
  try {
    const r = await execInContainer(run.clients, { namespace: run.namespace, pod: run.pod, container: 'main' }, [
      'cat',
      '/tmp/token',
    ]);
    return r.exitCode === 0 && r.stdout.trim() === token
      ? undefined
      : `an exec does not return what the container wrote (exit ${r.exitCode}, output ${JSON.stringify(r.stdout.trim())}${r.stderr ? `, stderr ${JSON.stringify(r.stderr.trim())}` : ''})`;
  } catch (err) {
    return `an exec fails (${message(err)})`;
  }
}

/** Whether the cluster admits a hostPath volume in a privileged namespace (server-side dry run). */
async function hostPathAdmitted(run: Run, image: string): Promise<string | undefined> {
  const body = gatePod('dry-run', image, scenarioDirectory(run.namespace));
  try {
    await call('dry-run hostPath pod', () =>
      run.clients.core.createNamespacedPod({ namespace: run.namespace, body, dryRun: 'All' }),
    );
    return undefined;
  } catch (err) {
    if (err instanceof ApiError && [400, 403, 422].includes(err.code)) {
      return `hostPath volumes are refused by the cluster: ${err.status.message ?? err.message}`;
    }
    throw err;
  }
}

async function checkHostPath(run: Run, token: string, node: string, image: string): Promise<string | undefined> {
  const dir = scenarioDirectory(run.namespace);
  const volume = { name: 'evidence', hostPath: { path: dir, type: 'DirectoryOrCreate' } };
  const reader = `${run.pod}-reader`;
  const body = readerPod({ name: reader, node, volume, file: `${run.pod}.token`, image });
  await call(`create ${reader}`, () => run.clients.core.createNamespacedPod({ namespace: run.namespace, body }));
  const stuck = await waitFor(run, reader, runsToCompletion('read'), READER_WAIT);
  if (stuck) return `a reader pod could not read the hostPath file back: ${stuck}`;
  const ended = findContainer(run.recorder.view(reader).snapshot!, 'read');
  const text = await call(`log of ${reader}`, () => readContainerLog(run.clients, run.namespace, reader)).catch(
    (err: unknown) => `(no log: ${message(err)})`,
  );
  if (ended?.exitCode === 0 && text.trim() === token) return undefined;
  return ended?.exitCode === READER_NO_FILE_EXIT
    ? `a file written to a hostPath volume was not found by a reader pod on the same node ${node}`
    : `a reader pod on node ${node} read ${JSON.stringify(text.trim())} (exit ${ended?.exitCode}) instead of the token written there`;
}

/** Deletes the gate pod and waits for it to be gone; why not, with the node's own complaints, if it is not. */
async function checkTeardown(run: Run): Promise<string | undefined> {
  const requested = new Date().toISOString();
  try {
    await call(`delete pod ${run.pod}`, () =>
      run.clients.core.deleteNamespacedPod({ name: run.pod, namespace: run.namespace, gracePeriodSeconds: 1 }),
    );
  } catch (err) {
    return `its pod could not be deleted (${message(err)})`;
  }
  const stuck = await waitFor(run, run.pod, gone(), TEARDOWN_WAIT);
  if (!stuck) return undefined;
  const events = await call('events of the sanity gate', () =>
    run.clients.core.listNamespacedEvent({ namespace: run.namespace }),
  ).catch(() => undefined);
  const trouble = troubleInEvents((events?.items ?? []) as never[], requested, TROUBLE_REASONS);
  return `the node cannot tear pods down: pod "${run.pod}", deleted with a 1 s grace period, was still there ${TEARDOWN_WAIT.text} later${trouble.length ? ` (${trouble.join('; ')})` : ''}`;
}

async function removeHostPath(run: Run, node: string, image: string): Promise<void> {
  const name = `${run.pod}-cleanup`;
  const body = cleanupPod({ name, node, namespace: run.namespace, image });
  await call(`create ${name}`, () => run.clients.core.createNamespacedPod({ namespace: run.namespace, body }));
  const stuck = await waitFor(run, name, runsToCompletion('cleanup'), READER_WAIT);
  if (stuck) run.log(`sanity gate: could not remove ${scenarioDirectory(run.namespace)} on node ${node}: ${stuck}`);
}

async function nodeDescription(clients: KubeClients, node: string | undefined): Promise<string> {
  if (!node) return 'no node';
  try {
    const n = await call(`read node ${node}`, () => clients.core.readNode({ name: node }));
    const info = n.status?.nodeInfo;
    return `node ${node} (kubelet ${info?.kubeletVersion ?? '?'}, runtime ${info?.containerRuntimeVersion ?? '?'})`;
  } catch {
    return `node ${node}`;
  }
}

/** What the gate found on one node: its problems and its answers for exec and hostPath. */
interface NodeGate {
  pod: string;
  node: string | undefined;
  problems: string[];
  exec?: string | null;
  hostPath?: string | null;
  cleanUp: () => Promise<void>;
}

/**
 * The gate pod on one node (`target`; undefined: wherever the scheduler puts it), its checks, and
 * the cleanup of its hostPath directory. `hostPathDir` is undefined where hostPath is refused.
 */
async function gateOnNode(
  base: Omit<Run, 'pod'>,
  pod: string,
  target: string | undefined,
  image: string,
  hostPathDir: string | undefined,
): Promise<NodeGate> {
  const run: Run = { ...base, pod };
  const token = randomBytes(6).toString('hex');
  const outcome: NodeGate = { pod, node: target, problems: [], cleanUp: () => Promise.resolve() };
  const { problems } = outcome;
  const body = gatePod(token, image, hostPathDir, pod, target);
  await call(`create pod ${pod}`, () => run.clients.core.createNamespacedPod({ namespace: run.namespace, body }));
  const notRunning = await waitFor(run, pod, startsRunning('main'), START_WAIT);
  const state = run.recorder.view(pod).snapshot;
  outcome.node = state?.nodeName ?? target;
  let runsContainers = false;
  if (notRunning) {
    problems.push(`its container never ran: ${(state && whyCannotRun(state)) ?? notRunning}`);
  } else {
    const log = await checkLog(run, token);
    if (log) problems.push(log);
    runsContainers = !log;
    const exec = await checkExec(run, token);
    if (exec) problems.push(exec);
    outcome.exec = exec ?? null;
    const times = implausibleTimestamps(run.recorder.timeline(pod).at(-1) ?? state!);
    if (times) problems.push(times);
  }
  // The teardown goes on beside the hostPath read (the file outlives the pod).
  const teardown = notRunning ? Promise.resolve(undefined) : checkTeardown(run);
  const node = outcome.node;
  if (hostPathDir) {
    outcome.hostPath =
      problems.length === 0 && node
        ? ((await checkHostPath(run, token, node, image)) ?? null)
        : `it could not be checked: the sanity pod did not run`;
  }
  const stuck = await teardown;
  if (stuck) problems.push(stuck);
  if (hostPathDir && node && runsContainers) outcome.cleanUp = () => removeHostPath(run, node, image);
  return outcome;
}

/** The nodes a scenario's pod may land on, by name; none when the nodes cannot be listed. */
async function schedulableNodeNames(clients: KubeClients): Promise<string[]> {
  const nodes = await call('list nodes', () => clients.core.listNode({})).catch(() => undefined);
  return (nodes?.items ?? [])
    .filter(isSchedulable)
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean)
    .sort();
}

/**
 * The gate on every schedulable node: a scenario's pod may land on any of them, so each must run
 * containers. With one node (or none listed) the pod is left to the scheduler, as any scenario's
 * is; with several, one pod is bound to each (spec.nodeName), all at once.
 */
export async function runSanityGate(
  clients: KubeClients,
  options: { runId: string; image: string; log: (line: string) => void },
): Promise<GateOutcome> {
  const namespace = await createScenarioNamespace(clients, {
    runId: options.runId,
    scenario: 'sanity gate',
    source: 'support/scenario/sanity-gate.ts',
    behaviour: 'sanity-gate',
    podSecurity: 'privileged',
  });
  const recorder = new PodRecorder(podTableSource(clients.http, namespace), (name) =>
    readPodObservation(clients.http, namespace, name),
  );
  const base = { clients, namespace, recorder, log: options.log };
  const capabilities: DetectedCapabilities = {};
  let gates: NodeGate[] = [];
  let usedHostPath = false;
  const cleanUp = async () => {
    for (const gate of gates) await gate.cleanUp();
    await recorder.stop();
    await deleteScenarioNamespace(clients, namespace);
  };
  try {
    await recorder.start();
    const refused = await hostPathAdmitted({ ...base, pod: 'sanity' }, options.image);
    if (refused) capabilities.hostPath = refused;
    usedHostPath = !refused;
    const dir = refused ? undefined : scenarioDirectory(namespace);
    const nodes = await schedulableNodeNames(clients);
    const targets =
      nodes.length > 1 ? nodes.map((n, i) => [`sanity-${i + 1}`, n] as const) : [['sanity', undefined] as const];
    gates = await Promise.all(targets.map(([pod, node]) => gateOnNode(base, pod, node, options.image, dir)));
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const cleanedUp = cleanUp().catch((err: unknown) =>
    options.log(`sanity gate: cleaning up namespace ${namespace} failed (${message(err)}); the next run removes it`),
  );
  const several = gates.length > 1;
  const on = (g: NodeGate) => (several ? `on node ${g.node ?? '?'}: ` : '');
  const failing = (key: 'exec' | 'hostPath') => gates.find((g) => g[key] !== null && g[key] !== undefined);
  const execFails = failing('exec');
  if (gates.some((g) => g.exec !== undefined)) {
    capabilities.exec = execFails
      ? `capability "exec" does not work on this cluster: ${on(execFails)}${execFails.exec}`
      : null;
  }
  if (usedHostPath) {
    const hostPathFails = failing('hostPath');
    capabilities.hostPath = hostPathFails
      ? `capability "hostPath" does not work on this cluster: ${on(hostPathFails)}${hostPathFails.hostPath}`
      : null;
  }
  const problems = gates.flatMap((g) =>
    g.problems.map((p) => `${several ? `pod "${g.pod}" on node ${g.node ?? '?'}: ` : ''}${p}`),
  );
  const where = several
    ? `each of the ${gates.length} schedulable nodes (${gates.map((g) => g.node).join(', ')})`
    : await nodeDescription(clients, gates[0]?.node);
  const summary =
    problems.length === 0
      ? `sanity gate passed: a pod on ${where} printed a log line, answered an exec, reported plausible times and was torn down${capabilities.hostPath ? '' : ', and a hostPath file was read back'}`
      : several
        ? `the nodes cannot run the scenarios: ${problems.join('; ')}`
        : `the nodes cannot run the scenarios: pod "sanity" on ${where}: ${problems.join('; ')}`;
  return { ok: problems.length === 0, summary, problems, capabilities, cleanedUp };
}
