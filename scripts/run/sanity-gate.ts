/**
 * The run's sanity gate (support/scenario/sanity-gate.ts) as scripts/run/run.ts uses it: run it once, print
 * its one line, and decide what the scenarios may do. When the nodes do not run containers only
 * the scenarios tagged @api-level run (what they assert is the control plane's doing), and the run
 * fails with the gate's line.
 *
 * The gate is not run when nothing needs it: a selection of @api-level scenarios only (they never
 * need a node to run a container; capabilities are then detected from the API alone, as with
 * POD_CONFORMANCE_SANITY_GATE=off), or nodes that passed it within the hour and are unchanged
 * since (scripts/run/gate-cache.ts). POD_CONFORMANCE_SANITY_GATE=off skips it for any selection
 * (every selected scenario runs); =fresh runs it even when it passed on these nodes before.
 */
import { clientsFor } from '../../support/kube/clients.ts';
import type { KubeHttp } from '../../support/kube/http.ts';
import { runSanityGate } from '../../support/scenario/sanity-gate.ts';
import { kubeConfigOf } from './cluster.ts';
import { heading } from './console.ts';
import { ago, gateCacheFile, gateKey, nodeIdentities, rememberedGate, rememberGate } from './gate-cache.ts';
import { API_LEVEL_TAG, needsNoNode } from './selection.ts';

export interface GateDecision {
  /** What the gate found per capability (null: works), for the workers (RunConfig.detected). */
  detected?: Record<string, string | null>;
  /** The tag expression to run with. */
  tags: string | undefined;
  /** The gate's line when behaviour scenarios were held back: the run fails with it. */
  failure?: string;
  /** The gate's cleanup, still going on when the decision is made (support/scenario/sanity-gate.ts). */
  cleanedUp?: Promise<void>;
}

/** The selection restricted to API-level scenarios. */
export function apiLevelOnly(tags: string | undefined): string {
  return tags ? `(${tags}) and ${API_LEVEL_TAG}` : API_LEVEL_TAG;
}

export async function sanityGate(
  target: { kubeconfig: string; images: Record<string, string> },
  options: {
    runId: string;
    context?: string;
    tags?: string;
    env?: NodeJS.ProcessEnv;
    /** The selected scenarios with their tags (the preflight's). */
    selection?: { tags: string[] }[];
    /** The run's API client, for the nodes' identities. */
    http?: KubeHttp;
  },
): Promise<GateDecision> {
  const env = options.env ?? process.env;
  heading('sanity gate: can the nodes run a container?');
  const setting = env.POD_CONFORMANCE_SANITY_GATE;
  if (setting === 'off') {
    console.log('  off (POD_CONFORMANCE_SANITY_GATE=off): every selected scenario runs, whatever the nodes do');
    return { tags: options.tags };
  }
  if (options.selection && needsNoNode(options.selection)) {
    console.log(
      `  not needed: every selected scenario is ${API_LEVEL_TAG} (what it asserts is the API server's doing; no container runs)`,
    );
    return { tags: options.tags };
  }
  const image = target.images.busybox;
  if (!image) throw new Error('the image map has no "busybox" image for the sanity gate');
  const started = Date.now();
  const file = gateCacheFile(env);
  const identities = options.http ? await nodeIdentities(options.http).catch((err: unknown) => String(err)) : undefined;
  const key =
    options.http && Array.isArray(identities)
      ? gateKey({ server: options.http.server, image, nodes: identities })
      : undefined;
  const remembered = key && setting !== 'fresh' ? rememberedGate(file, key) : undefined;
  if (remembered) {
    console.log(
      `  ${remembered.summary}, ${ago(Date.now() - remembered.passedAt)}; the nodes are unchanged since (${remembered.nodes.length} node(s): same UID, boot, kubelet start and versions), so it is not run again (POD_CONFORMANCE_SANITY_GATE=fresh runs it) (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    for (const [capability, why] of Object.entries(remembered.capabilities))
      console.log(`  capability ${capability}: ${why ?? 'works, by behaviour'}`);
    return { detected: remembered.capabilities, tags: options.tags };
  }
  const outcome = await runSanityGate(clientsFor(kubeConfigOf(target.kubeconfig, options.context)), {
    runId: options.runId,
    image,
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`  ${outcome.summary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (outcome.ok) {
    for (const [capability, why] of Object.entries(outcome.capabilities)) {
      console.log(`  capability ${capability}: ${why ?? 'works, by behaviour'}`);
    }
  }
  const { capabilities: detected, cleanedUp } = outcome;
  if (outcome.ok && key && Array.isArray(identities))
    rememberGate(file, {
      key,
      passedAt: Date.now(),
      summary: outcome.summary,
      capabilities: detected,
      nodes: identities.map((n) => n.name),
    });
  else if (outcome.ok && typeof identities === 'string')
    console.log(`  not remembered for the next run: ${identities}`);
  if (outcome.ok) return { detected, tags: options.tags, cleanedUp };
  console.log(`  behaviour scenarios are not run; only ${API_LEVEL_TAG} scenarios (${apiLevelOnly(options.tags)})`);
  return { detected, tags: apiLevelOnly(options.tags), failure: outcome.summary, cleanedUp };
}
