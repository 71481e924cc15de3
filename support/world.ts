/**
 * The per-scenario World: identity, namespace, the pod recorder, and the three groups of actions
 * steps call (objects, pods, containers). Steps stay one line; the logic lives in support/.
 */
import type { IWorldOptions } from '@cucumber/cucumber';
import { World, setWorldConstructor } from '@cucumber/cucumber';
import { ContainerActions } from './actions/containers.ts';
import { ObjectActions } from './actions/objects.ts';
import { PodChecks } from './actions/pods.ts';
import { kubeClients } from './kube/clients.ts';
import { call } from './kube/errors.ts';
import { ManifestCatalogue, substitute, type NodeFacts, type Substitutions } from './manifest.ts';
import { pickNode } from './nodes.ts';
import type { ScenarioIdentity } from './namespace.ts';
import type { PodRecorder } from './pods/recorder.ts';
import { imageMap } from './run-config.ts';
import type { ScenarioContext } from './scenario.ts';

interface Actions {
  objects: ObjectActions;
  pods: PodChecks;
  containers: ContainerActions;
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
      origin: () => this.origin(),
      docStringLine: () => this.docStringLine,
      deletedByScenario: this.deletedByScenario,
    };
  }

  private get act(): Actions {
    if (!this.actions) {
      const ctx = this.context();
      this.actions = {
        objects: new ObjectActions(ctx),
        pods: new PodChecks(ctx),
        containers: new ContainerActions(ctx),
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
}

setWorldConstructor(PodWorld);
