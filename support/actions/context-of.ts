/**
 * The scenario context for action groups that live outside world.ts (probes, events, endpoints),
 * built from the World's public state so those groups need no change to the World itself. One
 * instance per World and group, created on first use.
 */
import { kubeClients } from '../kube/clients.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { PodWorld } from '../world.ts';

/** Attaches a text to the scenario in the report (Allure via cucumber attachments). */
export type Attach = (fileName: string, body: string) => void;

export function contextOf(world: PodWorld): ScenarioContext {
  if (!world.namespace || !world.recorder) throw new Error('the scenario has no namespace (its Before hook failed)');
  return {
    clients: kubeClients(),
    namespace: world.namespace,
    recorder: world.recorder,
    manifests: world.manifests,
    substitutions: world.substitutions(),
    log: (line) => world.log(line),
    origin: () => world.origin(),
    deletedByScenario: world.deletedByScenario,
  };
}

export function attachTo(world: PodWorld): Attach {
  return (fileName, body) => world.attach(body, { mediaType: 'text/plain', fileName });
}

/** `group(world, (ctx, attach) => new X(ctx, attach))`, cached per World. */
export function cachedPerWorld<T>(make: (ctx: ScenarioContext, attach: Attach) => T): (world: PodWorld) => T {
  const cache = new WeakMap<PodWorld, T>();
  return (world) => {
    let found = cache.get(world);
    if (!found) {
      found = make(contextOf(world), attachTo(world));
      cache.set(world, found);
    }
    return found;
  };
}
