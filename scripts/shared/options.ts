/**
 * The options of `run`, `test`, `bench` and `cleanup` as the command line hands them on
 * (scripts/args.ts parses and checks them; the run and the cleanup read them).
 */
import type { ProviderName } from '../../clusters/provider.ts';

export interface RunOptions {
  help: boolean;
  report: boolean;
  tags?: string;
  keep?: 'failed' | 'always';
  /** Unset: the run chooses from recorded durations and the cluster (scripts/run/workers.ts). */
  parallel?: number;
  /** Runs of the selection in a row, with a stability table at the end (unset: one run, no table). */
  repeat?: number;
  provider?: ProviderName;
  kubeconfig?: string;
  context?: string;
  /** `run --in-cluster`: the run as a pod inside the cluster (scripts/in-cluster/). */
  inCluster?: boolean;
}
