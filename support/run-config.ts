/**
 * The run-configuration contract: what the CLI (scripts/run/run.ts) hands to the cucumber workers
 * through the environment. This module owns the variable names and their parsing; the writer
 * (`runEnvironment`) and every reader use it, so a name is spelled once.
 *   KUBECONFIG                      the cluster (POD_CONFORMANCE_CONTEXT picks a context)
 *   POD_CONFORMANCE_IMAGES          JSON map of logical image name → reference
 *   POD_CONFORMANCE_RUN_ID          labels every namespace of the run
 *   POD_CONFORMANCE_KEEP            never | failed | always: keep scenario namespaces
 *   POD_CONFORMANCE_REPORTS         directory of the report files (cucumber.mjs)
 *   POD_CONFORMANCE_PARALLEL        cucumber workers (cucumber.mjs)
 *   POD_CONFORMANCE_DURATIONS       durations file for the scenario order (scripts/cucumber/scenario-order.mjs)
 *   POD_CONFORMANCE_DETECTED        what the run's sanity gate found, by behaviour, per capability:
 *                                   JSON {"exec": null, "hostPath": "why not"} (null: it works)
 *   POD_CONFORMANCE_GATE            a file the gate's answers will be written to: the workers start
 *                                   while the gate runs and wait for it (support/scenario/gate-handoff.ts)
 *   POD_CONFORMANCE_RUNTIME_HANDLER a RuntimeClass handler the nodes' runtime has (${runtimeHandler} in
 *                                   manifests): the user's, or the cluster's as its provider describes it
 *   POD_CONFORMANCE_RUNTIME_ERRORS  a file of the nodes' runtime error counters, sampled by the run
 *                                   (support/scenario/runtime-errors.ts)
 *   POD_CONFORMANCE_FEATURES        JSON list of the feature files that hold the selected scenarios
 *                                   (cucumber.mjs parses only those; the preflight has parsed them all)
 *   POD_CONFORMANCE_KUBELET_CONTROL JSON {"command": [argv…], "nodes": [names]}: the command that stops
 *                                   and starts a node's kubelet (argv + stop|start <node>) and the nodes
 *                                   it may act on, when the provider can (@capability:nodeStop)
 * and from the user, passed through unchanged:
 *   POD_CONFORMANCE_CAPABILITIES    overrides capability detection: "hostPath,-multinode"
 *   POD_CONFORMANCE_FORMAT          cucumber's console formatter (cucumber.mjs)
 * The names themselves are in support/run-env.mjs, plain JavaScript, so that cucumber.mjs,
 * scripts/cucumber/scenario-order.mjs and support/scenario/load-turns.mjs (loaded before any TypeScript)
 * read them from the same place.
 */
import { ScenarioError } from './assert.ts';
import { RUN_ENV } from './run-env.mjs';

export { RUN_ENV };

export type KeepPolicy = 'never' | 'failed' | 'always';

/** What one run tells its workers. */
export interface RunConfig {
  kubeconfig: string;
  context?: string;
  images: Record<string, string>;
  runId: string;
  keep: KeepPolicy;
  reports: string;
  parallel: number;
  durations?: string;
  /** The sanity gate's answers: capability → null (works) or why not. */
  detected?: Record<string, string | null>;
  /** Where the gate's answers will appear, when the workers start before the gate ends. */
  gate?: string;
  /** A RuntimeClass handler every node's runtime has configured, when known. */
  runtimeHandler?: string;
  /** The file the run samples the nodes' runtime error counters into (support/scenario/runtime-errors.ts). */
  runtimeErrors?: string;
  /** The feature files of the selection (features/x.feature), when known: cucumber reads only these. */
  features?: string[];
  /** How the workers stop and start a node's kubelet, when the provider can (local: its extra nodes). */
  kubeletControl?: KubeletControl;
}

/** The command that stops and starts a node's kubelet (argv, then `stop|start <node>`) and the nodes it acts on. */
export interface KubeletControl {
  command: string[];
  nodes: string[];
}

/** The environment variables that carry `config` to the workers (the writer's half of the contract). */
export function runEnvironment(config: RunConfig): Record<string, string> {
  const env: Record<string, string> = {
    [RUN_ENV.kubeconfig]: config.kubeconfig,
    [RUN_ENV.images]: JSON.stringify(config.images),
    [RUN_ENV.runId]: config.runId,
    [RUN_ENV.keep]: config.keep,
    [RUN_ENV.reports]: config.reports,
    [RUN_ENV.parallel]: String(config.parallel),
    [RUN_ENV.durations]: config.durations ?? '',
  };
  if (config.context) env[RUN_ENV.context] = config.context;
  if (config.detected) env[RUN_ENV.detected] = JSON.stringify(config.detected);
  if (config.gate) env[RUN_ENV.gate] = config.gate;
  if (config.runtimeHandler) env[RUN_ENV.runtimeHandler] = config.runtimeHandler;
  if (config.runtimeErrors) env[RUN_ENV.runtimeErrors] = config.runtimeErrors;
  if (config.features && config.features.length > 0) env[RUN_ENV.features] = JSON.stringify(config.features);
  if (config.kubeletControl) env[RUN_ENV.kubeletControl] = JSON.stringify(config.kubeletControl);
  return env;
}

export function imageMap(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const raw = env[RUN_ENV.images];
  if (!raw) {
    throw new ScenarioError(
      `${RUN_ENV.images} is not set: run the scenarios with \`npx pod-conformance run\` (npm test, npm run scenarios)`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    return parsed as Record<string, string>;
  } catch (err) {
    throw new ScenarioError(`${RUN_ENV.images} is not a JSON object (${String(err)})`);
  }
}

export function runId(env: NodeJS.ProcessEnv = process.env): string {
  return env[RUN_ENV.runId] ?? 'adhoc';
}

/** The RuntimeClass handler the run names for the nodes' runtime, if it knows one. */
export function runtimeHandler(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[RUN_ENV.runtimeHandler] || undefined;
}

/** The file of the nodes' runtime error counters the run samples, if it does. */
export function runtimeErrorsFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[RUN_ENV.runtimeErrors] || undefined;
}

/** How to stop and start a node's kubelet, when the run's provider can; undefined otherwise. */
export function kubeletControl(env: NodeJS.ProcessEnv = process.env): KubeletControl | undefined {
  const raw = env[RUN_ENV.kubeletControl];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<KubeletControl>;
    if (!Array.isArray(parsed.command) || !Array.isArray(parsed.nodes)) throw new Error('expected command and nodes');
    return { command: parsed.command.map(String), nodes: parsed.nodes.map(String) };
  } catch (err) {
    throw new ScenarioError(`${RUN_ENV.kubeletControl} is not {"command": [...], "nodes": [...]} (${String(err)})`);
  }
}

/** The kubeconfig context the run was given (--context), if any. */
export function kubeContext(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[RUN_ENV.context] || undefined;
}

export function keepPolicy(env: NodeJS.ProcessEnv = process.env): KeepPolicy {
  const value = env[RUN_ENV.keep] ?? 'never';
  if (value === 'never' || value === 'failed' || value === 'always') return value;
  throw new ScenarioError(`${RUN_ENV.keep} must be never, failed or always (got "${value}")`);
}

/** `hostPath,-multinode` → { hostPath: true, multinode: false }. */
export function capabilityOverrides(env: NodeJS.ProcessEnv = process.env): Map<string, boolean> {
  const overrides = new Map<string, boolean>();
  for (const item of (env[RUN_ENV.capabilities] ?? '').split(',')) {
    const name = item.trim();
    if (!name) continue;
    if (name.startsWith('-') || name.startsWith('!')) overrides.set(name.slice(1), false);
    else overrides.set(name.replace(/^\+/, ''), true);
  }
  return overrides;
}

/** The sanity gate's behavioural answers (support/scenario/sanity-gate.ts): capability → null (works) or why not. */
export function detectedCapabilities(env: NodeJS.ProcessEnv = process.env): Map<string, string | null> {
  const raw = env[RUN_ENV.detected];
  if (!raw) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(raw) as Record<string, string | null>));
  } catch (err) {
    throw new ScenarioError(`${RUN_ENV.detected} is not a JSON object (${String(err)})`);
  }
}
