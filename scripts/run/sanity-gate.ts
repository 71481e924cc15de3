/**
 * The run's sanity gate (support/scenario/sanity-gate.ts) as scripts/run/run.ts uses it: run it once, print
 * its one line, and decide what the scenarios may do. When the nodes do not run containers only
 * the scenarios tagged @api-level run (what they assert is the control plane's doing), and the run
 * fails with the gate's line. POD_CONFORMANCE_SANITY_GATE=off skips the gate (every selected
 * scenario runs; capabilities are then detected from the API alone).
 */
import { clientsFor } from '../../support/kube/clients.ts';
import { runSanityGate } from '../../support/scenario/sanity-gate.ts';
import { kubeConfigOf } from './cluster.ts';
import { heading } from './console.ts';

export const API_LEVEL_TAG = '@api-level';

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
  options: { runId: string; context?: string; tags?: string; env?: NodeJS.ProcessEnv },
): Promise<GateDecision> {
  const env = options.env ?? process.env;
  heading('sanity gate: can the nodes run a container?');
  if (env.POD_CONFORMANCE_SANITY_GATE === 'off') {
    console.log('  off (POD_CONFORMANCE_SANITY_GATE=off): every selected scenario runs, whatever the nodes do');
    return { tags: options.tags };
  }
  const image = target.images.busybox;
  if (!image) throw new Error('the image map has no "busybox" image for the sanity gate');
  const started = Date.now();
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
  if (outcome.ok) return { detected, tags: options.tags, cleanedUp };
  console.log(`  behaviour scenarios are not run; only ${API_LEVEL_TAG} scenarios (${apiLevelOnly(options.tags)})`);
  return { detected, tags: apiLevelOnly(options.tags), failure: outcome.summary, cleanedUp };
}
