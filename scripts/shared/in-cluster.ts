/**
 * What `run --in-cluster` (scripts/in-cluster/) hands the runner inside its pod
 * (scripts/run/in-cluster-runner.ts), in one environment variable: the images the host made
 * available in the cluster, and what the host's provider knows of the cluster that the API does
 * not tell (its name, its OCI runtime). Its presence puts `run` in runner mode: in-cluster
 * credentials, no cluster bring-up, no image build.
 */
import type { ProviderName } from '../../clusters/provider.ts';

export const IN_CLUSTER_ENV = 'POD_CONFORMANCE_IN_CLUSTER';

export interface InClusterHandOver {
  /** Logical image name → reference, as the host's cluster bring-up resolved them. */
  images: Record<string, string>;
  provider: ProviderName;
  /** The cluster's name as its provider calls it. */
  cluster: string;
  ociRuntime?: string;
  runtimeHandler?: string;
}

/** The hand-over in runner mode, undefined outside it; a malformed one is an error naming the variable. */
export function inClusterHandOver(env: NodeJS.ProcessEnv = process.env): InClusterHandOver | undefined {
  const raw = env[IN_CLUSTER_ENV];
  if (!raw) return undefined;
  let parsed: Partial<InClusterHandOver>;
  try {
    parsed = JSON.parse(raw) as Partial<InClusterHandOver>;
  } catch (err) {
    throw new Error(
      `${IN_CLUSTER_ENV} is not JSON (${err instanceof Error ? err.message : String(err)}): only run --in-cluster sets it`,
    );
  }
  if (!parsed.images || typeof parsed.images !== 'object' || !parsed.provider || !parsed.cluster)
    throw new Error(`${IN_CLUSTER_ENV} lacks images, provider or cluster: only run --in-cluster sets it`);
  return parsed as InClusterHandOver;
}
