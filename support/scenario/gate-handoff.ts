/**
 * The sanity gate runs while cucumber and its workers start (each worker loads for a second or
 * more, the gate runs pods for several): the run hands the gate's answers over in a file, and
 * every worker waits for it before it reports ready, so no scenario starts before the gate has
 * passed. When the gate fails, scripts/run/run.ts stops this cucumber before any scenario started and
 * runs the @api-level scenarios alone, as before. Without POD_CONFORMANCE_GATE (a bare cucumber
 * run, the preflight) nothing waits.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { interruption } from '../interrupt.ts';
import { RUN_ENV } from '../run-config.ts';
import type { GateHandoff } from './gate-file.ts';

export { handOver, type GateHandoff } from './gate-file.ts';

/** The worker's half: resolves once the file exists (or the run was interrupted), and takes the answers. */
export async function takeOver(env: NodeJS.ProcessEnv = process.env, pollMs = 50): Promise<void> {
  const path = env[RUN_ENV.gate];
  if (!path) return;
  // This worker has loaded: the next one in turn may load (support/scenario/load-turns.mjs).
  const worker = env.CUCUMBER_WORKER_ID;
  if (worker !== undefined) {
    mkdirSync(`${path}.loaded`, { recursive: true });
    writeFileSync(`${path}.loaded/${worker}`, '');
  }
  while (!existsSync(path)) {
    // Interrupted: scenarios not started yet are skipped anyway (support/scenario/hooks.ts).
    if (interruption()) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const handoff = JSON.parse(readFileSync(path, 'utf8')) as GateHandoff;
  // The run's environment as the cluster check completed it (kubeconfig, image map …), read by
  // the hooks and steps from here on (support/run-config.ts).
  if (handoff.env) Object.assign(env, handoff.env);
  if (handoff.detected) env[RUN_ENV.detected] = JSON.stringify(handoff.detected);
}
