/**
 * The per-scenario World: identity, namespace, the pod recorder, and the action groups steps
 * call (`this.pods.becomes(…)`, `this.probes.expectFirstRunLasted(…)`). This is the one route from a
 * step to support/: every group is a field here, built once per scenario over one
 * ScenarioContext. Steps stay one line; the logic lives in support/.
 */
import type { IWorldOptions } from '@cucumber/cucumber';
import { World, setWorldConstructor } from '@cucumber/cucumber';
import { CgroupChecks } from '../actions/cgroups.ts';
import { ContainerActions } from '../actions/containers.ts';
import { EndpointChecks } from '../actions/endpoints.ts';
import { EnvironmentChecks } from '../actions/environment.ts';
import { EventChecks } from '../actions/events.ts';
import { FileChecks } from '../actions/files.ts';
import { LifecycleHookChecks } from '../actions/lifecycle-hooks.ts';
import { ObjectActions } from '../actions/objects.ts';
import { KubeletActions } from '../actions/kubelets.ts';
import { PlacementChecks } from '../actions/placement.ts';
import { PodChecks } from '../actions/pods.ts';
import { ProbeChecks } from '../actions/probes.ts';
import { PrintedValues } from '../actions/printed-values.ts';
import { RestartChecks } from '../actions/restarts.ts';
import { StatusActions } from '../actions/status.ts';
import { SubresourceActions } from '../actions/subresources.ts';
import { TerminationActions } from '../actions/termination.ts';
import { WrittenEvidence } from '../actions/written-evidence.ts';
import { kubeClients, type KubeClients } from '../kube/clients.ts';
import { call } from '../kube/errors.ts';
import { ManifestCatalogue, substitute, type NodeFacts, type Substitutions } from '../manifest.ts';
import { pickNode } from './nodes.ts';
import { ScenarioError } from '../assert.ts';
import { trackNamespace } from '../interrupt.ts';
import { createFurtherNamespace, deleteScenarioNamespace, type ScenarioIdentity } from './namespace.ts';
import type { PodRecorder } from '../pods/recorder.ts';
import type { RuntimeErrorReading } from './runtime-errors.ts';
import type { Failure } from '../evidence/timeline-model.ts';
import { imageMap, kubeletControl, runId, runtimeHandler } from '../run-config.ts';
import { otherLiveRuns } from './other-runs.ts';
import { isSchedulable } from './nodes.ts';
import { factsOf } from '../checks/nodes.ts';
import type { Duration } from '../duration.ts';
import { jsonSource } from '../watch/sources.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';
import type { PodJson } from '../kube/json.ts';
import type { ScenarioContext } from '../actions/context.ts';

/**
 * The ScenarioContext of one World, read through to the World on every use: the groups are built
 * with the World, before its Before hook has made the namespace and the recorder.
 */
class WorldContext implements ScenarioContext {
  private taken: Substitutions | undefined;

  constructor(private readonly world: PodWorld) {}

  get clients(): KubeClients {
    return kubeClients();
  }

  get namespace(): string {
    if (!this.world.namespace) throw new Error('the scenario has no namespace (its Before hook failed)');
    return this.world.namespace;
  }

  get recorder(): PodRecorder {
    if (!this.world.recorder) throw new Error('the scenario has no namespace (its Before hook failed)');
    return this.world.recorder;
  }

  get manifests(): ManifestCatalogue {
    return this.world.manifests;
  }

  /** Taken once, when the namespace exists (the image map does not change during a run). */
  get substitutions(): Substitutions {
    this.taken ??= this.world.substitutions();
    return this.taken;
  }

  get deletedByScenario(): Set<string> {
    return this.world.deletedByScenario;
  }

  log(line: string): void {
    this.world.log(line);
  }

  attach(fileName: string, body: string): void {
    this.world.attach(body, { mediaType: 'text/plain', fileName });
  }

  origin(): string {
    return this.world.origin();
  }

  docStringLine(): number {
    return this.world.docStringLine;
  }
}

export class PodWorld extends World {
  readonly manifests = new ManifestCatalogue();
  /** Nodes named by `Given a schedulable node "<alias>"`, for ${nodes.<alias>.<fact>}. */
  readonly nodes = new Map<string, NodeFacts>();
  /**
   * Further namespaces made by `Given another namespace "<alias>"`, by alias, for
   * ${namespaces.<alias>}; labelled, cleaned up and searched for evidence as the scenario's own.
   */
  readonly namespaces = new Map<string, string>();
  identity: ScenarioIdentity | undefined;
  /** `features/init-containers.feature:42`, updated before every step. */
  stepLocation = '';
  /** Line of the running step's docstring delimiter, so YAML errors name feature-file lines. */
  docStringLine = 0;
  /** The step that failed, when it ended and why: drawn on the timelines (support/scenario/hooks.ts). */
  failure: Failure | undefined;
  namespace: string | undefined;
  recorder: PodRecorder | undefined;
  /** Pods this scenario's steps deleted (a deletion by anything else is reported as such). */
  readonly deletedByScenario = new Set<string>();
  /** The run's reading of the nodes' runtime error counters before the scenario started (support/scenario/runtime-errors.ts). */
  runtimeErrors: (() => RuntimeErrorReading | undefined) | undefined;
  /** Pods named by `… appears within …, called "<alias>"`: alias → the pod's generated name. */
  readonly podAliases = new Map<string, string>();
  /** Nodes whose kubelet the scenario stopped and has not started again (the After hook starts them). */
  readonly stoppedKubelets = new Set<string>();
  /** Every node whose kubelet the scenario stopped: failure diagnoses take their state as the behaviour. */
  readonly nodesStoppedByScenario = new Set<string>();

  // The action groups, one per scenario over one context: `this.pods.becomes(…)` in a step.
  private readonly ctx: ScenarioContext = new WorldContext(this);
  readonly objects = new ObjectActions(this.ctx);
  readonly pods = new PodChecks(this.ctx);
  readonly containers = new ContainerActions(this.ctx);
  readonly events = new EventChecks(this.ctx);
  readonly probes = new ProbeChecks(this.ctx, this.pods, this.events);
  readonly endpoints = new EndpointChecks(this.ctx);
  readonly restarts = new RestartChecks(this.ctx, this.pods);
  readonly termination = new TerminationActions(this.ctx);
  /** Containers' cgroups read from inside, against their resources. */
  readonly cgroups = new CgroupChecks(this.ctx);
  /** What containers, hooks and traps wrote (hostPath files, logs), read back. */
  readonly evidence = new WrittenEvidence(this.ctx);
  /** Container lifecycle hooks (postStart, preStop); not the cucumber hooks of support/scenario/hooks.ts. */
  readonly hooks = new LifecycleHookChecks(this.ctx);
  /** Writes to a pod's status subresource, and what its recorded status history shows. */
  readonly status = new StatusActions(this.ctx, this.pods);
  /** Writes to the pod's status, ephemeralcontainers and resize subresources, and their read-back. */
  readonly subresources = new SubresourceActions(this.ctx, this.objects, this.status);
  /** Values a container printed against fields the API server stored. */
  readonly printed = new PrintedValues(this.ctx, this.containers, this.objects);
  /** A container's environment as its main process received it. */
  readonly environment = new EnvironmentChecks(this.ctx, this.objects);
  /** Files as a container sees them, and the kubelet's rewrites of configuration volumes. */
  readonly files = new FileChecks(this.ctx, this.objects);
  /** Where pods run: the node each is bound to and whose kubelet reports it. */
  readonly placement = new PlacementChecks(this.ctx);
  /** A node's kubelet stopped and started, and what the cluster says of the node meanwhile. */
  readonly kubelets = new KubeletActions(this.ctx, {
    control: () => kubeletControl(),
    otherRuns: () => otherLiveRuns(kubeClients().http, runId()),
    stopped: this.stoppedKubelets,
    everStopped: this.nodesStoppedByScenario,
  });

  constructor(options: IWorldOptions) {
    super(options);
  }

  origin(): string {
    return `${this.stepLocation || this.identity?.source || 'features'} (scenario "${this.identity?.scenario ?? '?'}")`;
  }

  substitutions(): Substitutions {
    if (!this.namespace) throw new Error('the scenario has no namespace (its Before hook failed)');
    const pods = (nameOrAlias: string) => {
      const name = this.podAliases.get(nameOrAlias) ?? nameOrAlias;
      const seen = this.recorder?.timeline(name) ?? [];
      return seen.length || name !== nameOrAlias
        ? {
            name,
            ip: seen.findLast((s) => s.pod.status?.podIP)?.pod.status?.podIP,
            node: seen.findLast((s) => s.nodeName)?.nodeName,
          }
        : undefined;
    };
    return {
      namespace: this.namespace,
      images: imageMap(),
      nodes: this.nodes,
      namespaces: this.namespaces,
      pods,
      runtimeHandler: runtimeHandler(),
    };
  }

  /**
   * Makes a further namespace for the scenario, `<its namespace>-<alias>`, labelled as its own (so
   * a cleanup of an interrupted run finds it) and deleted with it.
   */
  async makeNamespace(alias: string): Promise<void> {
    if (!this.namespace || !this.identity) throw new Error('the scenario has no namespace (its Before hook failed)');
    if (this.namespaces.has(alias)) {
      throw new ScenarioError(
        `${this.origin()}: namespace "${alias}" was made already; give each namespace its own alias`,
      );
    }
    const clients = kubeClients();
    const name = await createFurtherNamespace(clients, this.identity, this.namespace, alias, (created) => {
      trackNamespace(created, () => deleteScenarioNamespace(clients, created));
      this.namespaces.set(alias, created);
    });
    this.log(`namespace "${alias}": ${name}`);
  }

  /** Names a schedulable node the scenario has not named yet; the node is only read, never changed. */
  async nameSchedulableNode(alias: string): Promise<void> {
    const list = await call('list nodes', () => kubeClients().core.listNode({}));
    const facts = pickNode(list.items, this.nodes.values());
    this.nodes.set(alias, facts);
    this.log(`node "${alias}": ${facts.name} (kubernetes.io/hostname=${facts.hostname}, InternalIP ${facts.ip})`);
  }

  /**
   * Names a schedulable node whose kubelet the run may stop (POD_CONFORMANCE_KUBELET_CONTROL), the
   * first by name the scenario has not named yet; only read here.
   */
  async nameStoppableNode(alias: string): Promise<void> {
    const control = kubeletControl();
    const list = await call('list nodes', () => kubeClients().core.listNode({}));
    const taken = new Set([...this.nodes.values()].map((n) => n.name));
    const candidates = list.items
      .filter(
        (n) =>
          isSchedulable(n) && control?.nodes.includes(n.metadata?.name ?? '') && !taken.has(n.metadata?.name ?? ''),
      )
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const node = candidates[0];
    if (!node) {
      throw new ScenarioError(
        `${this.origin()}: no schedulable node whose kubelet the run may stop (${control?.nodes.join(', ') || 'none'}) is left to name; tag the scenario @capability:nodeStop`,
      );
    }
    const facts = factsOf(node);
    this.nodes.set(alias, facts);
    this.log(
      `node "${alias}": ${facts.name}, its kubelet stoppable (kubernetes.io/hostname=${facts.hostname}, InternalIP ${facts.ip})`,
    );
  }

  /**
   * Waits for a pod matching the selector that no alias names yet and that is not being deleted
   * (a controller's new pod), and names it `${pods.<alias>.name}`.
   */
  async nameNewPod(selector: string, within: Duration, alias: string): Promise<void> {
    if (this.podAliases.has(alias)) {
      throw new ScenarioError(
        `${this.origin()}: pod alias "${alias}" names ${this.podAliases.get(alias)} already; give each pod its own alias`,
      );
    }
    const named = new Set(this.podAliases.values());
    const fresh = (pods: PodJson[]) =>
      pods.filter((p) => !p.metadata?.deletionTimestamp && !named.has(p.metadata?.name ?? ''));
    const outcome = await waitForCollection(
      jsonSource<PodJson>(kubeClients().http, `/api/v1/namespaces/${this.namespace}/pods`, { labelSelector: selector }),
      (p) => p.metadata?.name ?? '',
      {
        what: `a new pod matching label selector "${selector}" (not being deleted, not named yet)`,
        holds: (pods) => fresh(pods).length > 0,
        observed: (pods) =>
          pods.length === 0
            ? 'no pod matching it'
            : pods
                .map(
                  (p) =>
                    `${p.metadata?.name}${p.metadata?.deletionTimestamp ? ' (being deleted)' : ''}${named.has(p.metadata?.name ?? '') ? ' (named already)' : ''}`,
                )
                .join(', '),
      },
      within,
    );
    const pod = fresh(outcome.observed).sort((a, b) =>
      (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''),
    )[0]!;
    const name = pod.metadata?.name ?? '';
    this.podAliases.set(alias, name);
    this.log(`pod "${alias}": ${name} (uid ${pod.metadata?.uid}), after ${outcome.elapsedMs} ms`);
  }

  /** Replaces ${namespace}, ${namespaces.<alias>}, ${images.x}, ${nodes.<alias>.<fact>}, ${pods.<name>.ip|node} and ${runtimeHandler} in a step argument (steps/define.ts calls it for every step). */
  resolve(text: string): string {
    return substitute(text, this.substitutions(), this.origin());
  }
}

setWorldConstructor(PodWorld);
