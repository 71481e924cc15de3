/**
 * The per-scenario World: identity, namespace, the pod recorder, and the action groups steps
 * call (`this.pods.becomes(…)`, `this.probes.expectFirstRunLasted(…)`). This is the one route from a
 * step to support/: every group is a getter here, built once per scenario over one
 * ScenarioContext. Steps stay one line; the logic lives in support/.
 */
import type { IWorldOptions } from '@cucumber/cucumber';
import { World, setWorldConstructor } from '@cucumber/cucumber';
import { ContainerActions } from './actions/containers.ts';
import { EndpointChecks } from './actions/endpoints.ts';
import { EventChecks } from './actions/events.ts';
import { LifecycleHookChecks } from './actions/lifecycle-hooks.ts';
import { ObjectActions } from './actions/objects.ts';
import { PodChecks } from './actions/pods.ts';
import { ProbeChecks } from './actions/probes.ts';
import { RestartChecks } from './actions/restarts.ts';
import { TerminationActions } from './actions/termination.ts';
import { WrittenEvidence } from './actions/written-evidence.ts';
import { kubeClients } from './kube/clients.ts';
import { call } from './kube/errors.ts';
import { ManifestCatalogue, substitute, type NodeFacts, type Substitutions } from './manifest.ts';
import { pickNode } from './nodes.ts';
import type { ScenarioIdentity } from './namespace.ts';
import type { PodRecorder } from './pods/recorder.ts';
import { imageMap } from './run-config.ts';
import type { ScenarioContext } from './actions/context.ts';

interface Actions {
  objects: ObjectActions;
  pods: PodChecks;
  containers: ContainerActions;
  events: EventChecks;
  probes: ProbeChecks;
  endpoints: EndpointChecks;
  restarts: RestartChecks;
  termination: TerminationActions;
  evidence: WrittenEvidence;
  hooks: LifecycleHookChecks;
}

export class PodWorld extends World {
  readonly manifests = new ManifestCatalogue();
  /** Nodes named by `Given a schedulable node "<alias>"`, for ${nodes.<alias>.<fact>}. */
  readonly nodes = new Map<string, NodeFacts>();
  identity: ScenarioIdentity | undefined;
  /** `features/init-containers.feature:42`, updated before every step. */
  stepLocation = '';
  /** Line of the running step's docstring delimiter, so YAML errors name feature-file lines. */
  docStringLine = 0;
  namespace: string | undefined;
  recorder: PodRecorder | undefined;
  /** Pods this scenario's steps deleted (a deletion by anything else is reported as such). */
  readonly deletedByScenario = new Set<string>();
  private actions: Actions | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  origin(): string {
    return `${this.stepLocation || this.identity?.source || 'features'} (scenario "${this.identity?.scenario ?? '?'}")`;
  }

  substitutions(): Substitutions {
    if (!this.namespace) throw new Error('the scenario has no namespace (its Before hook failed)');
    return { namespace: this.namespace, images: imageMap(), nodes: this.nodes };
  }

  /** Names a schedulable node the scenario has not named yet; the node is only read, never changed. */
  async nameSchedulableNode(alias: string): Promise<void> {
    const list = await call('list nodes', () => kubeClients().core.listNode({}));
    const facts = pickNode(list.items, this.nodes.values());
    this.nodes.set(alias, facts);
    this.log(`node "${alias}": ${facts.name} (kubernetes.io/hostname=${facts.hostname}, InternalIP ${facts.ip})`);
  }

  /** Replaces ${namespace} and ${images.x} in a step argument (for example an expected image). */
  resolve(text: string): string {
    return substitute(text, this.substitutions(), this.origin());
  }

  private context(): ScenarioContext {
    if (!this.namespace || !this.recorder) throw new Error('the scenario has no namespace (its Before hook failed)');
    return {
      clients: kubeClients(),
      namespace: this.namespace,
      recorder: this.recorder,
      manifests: this.manifests,
      substitutions: this.substitutions(),
      log: (line) => this.log(line),
      attach: (fileName, body) => this.attach(body, { mediaType: 'text/plain', fileName }),
      origin: () => this.origin(),
      docStringLine: () => this.docStringLine,
      deletedByScenario: this.deletedByScenario,
    };
  }

  private get act(): Actions {
    if (!this.actions) {
      const ctx = this.context();
      const pods = new PodChecks(ctx);
      const events = new EventChecks(ctx);
      this.actions = {
        objects: new ObjectActions(ctx),
        pods,
        containers: new ContainerActions(ctx),
        events,
        probes: new ProbeChecks(ctx, pods, events),
        endpoints: new EndpointChecks(ctx),
        restarts: new RestartChecks(ctx, pods),
        termination: new TerminationActions(ctx),
        evidence: new WrittenEvidence(ctx),
        hooks: new LifecycleHookChecks(ctx),
      };
    }
    return this.actions;
  }

  get objects(): ObjectActions {
    return this.act.objects;
  }

  get pods(): PodChecks {
    return this.act.pods;
  }

  get containers(): ContainerActions {
    return this.act.containers;
  }

  get events(): EventChecks {
    return this.act.events;
  }

  get probes(): ProbeChecks {
    return this.act.probes;
  }

  get endpoints(): EndpointChecks {
    return this.act.endpoints;
  }

  get restarts(): RestartChecks {
    return this.act.restarts;
  }

  get termination(): TerminationActions {
    return this.act.termination;
  }

  /** What containers, hooks and traps wrote (hostPath files, logs), read back. */
  get evidence(): WrittenEvidence {
    return this.act.evidence;
  }

  /** Container lifecycle hooks (postStart, preStop); not the cucumber hooks of support/hooks.ts. */
  get hooks(): LifecycleHookChecks {
    return this.act.hooks;
  }
}

setWorldConstructor(PodWorld);
