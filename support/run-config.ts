/**
 * What scripts/test.ts hands to the cucumber workers, through the environment:
 *   KUBECONFIG                      the cluster (POD_CONFORMANCE_CONTEXT picks a context)
 *   POD_CONFORMANCE_IMAGES          JSON map of logical image name → reference
 *   POD_CONFORMANCE_RUN_ID          labels every namespace of the run
 *   POD_CONFORMANCE_KEEP            never | failed | always: keep scenario namespaces
 *   POD_CONFORMANCE_CAPABILITIES    overrides capability detection: "hostPath,-multinode"
 *   POD_CONFORMANCE_DETECTED        what the run's sanity gate found, by behaviour, per capability:
 *                                   JSON {"exec": null, "hostPath": "why not"} (null: it works)
 */
import { ScenarioError } from './assert.ts';

export type KeepPolicy = 'never' | 'failed' | 'always';

export function imageMap(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const raw = env.POD_CONFORMANCE_IMAGES;
  if (!raw) {
    throw new ScenarioError(
      'POD_CONFORMANCE_IMAGES is not set: run the scenarios with `npm test` or `npm run scenarios`',
    );
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    return parsed as Record<string, string>;
  } catch (err) {
    throw new ScenarioError(`POD_CONFORMANCE_IMAGES is not a JSON object (${String(err)})`);
  }
}

export function runId(env: NodeJS.ProcessEnv = process.env): string {
  return env.POD_CONFORMANCE_RUN_ID ?? 'adhoc';
}

export function keepPolicy(env: NodeJS.ProcessEnv = process.env): KeepPolicy {
  const value = env.POD_CONFORMANCE_KEEP ?? 'never';
  if (value === 'never' || value === 'failed' || value === 'always') return value;
  throw new ScenarioError(`POD_CONFORMANCE_KEEP must be never, failed or always (got "${value}")`);
}

/** `hostPath,-multinode` → { hostPath: true, multinode: false }. */
export function capabilityOverrides(env: NodeJS.ProcessEnv = process.env): Map<string, boolean> {
  const overrides = new Map<string, boolean>();
  for (const item of (env.POD_CONFORMANCE_CAPABILITIES ?? '').split(',')) {
    const name = item.trim();
    if (!name) continue;
    if (name.startsWith('-') || name.startsWith('!')) overrides.set(name.slice(1), false);
    else overrides.set(name.replace(/^\+/, ''), true);
  }
  return overrides;
}

/** The sanity gate's behavioural answers (support/sanity-gate.ts): capability → null (works) or why not. */
export function detectedCapabilities(env: NodeJS.ProcessEnv = process.env): Map<string, string | null> {
  const raw = env.POD_CONFORMANCE_DETECTED;
  if (!raw) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(raw) as Record<string, string | null>));
  } catch (err) {
    throw new ScenarioError(`POD_CONFORMANCE_DETECTED is not a JSON object (${String(err)})`);
  }
}
