/**
 * The one interface between the harness and a cluster. Scenarios never know which provider runs:
 * they get a kubeconfig, an image map and a description, and talk to the public API.
 */

export type ProviderName = 'local' | 'kind' | 'existing';

export interface NodeDescription {
  name: string;
  /** Whether a scenario's pod may land on it (Ready, not cordoned, no NoSchedule or NoExecute taint); absent in older reports. */
  schedulable?: boolean;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
}

/** What the report shows about the cluster a run used. */
export interface ClusterDescription {
  provider: ProviderName;
  /** Cluster name (kind cluster, local cluster) or kubeconfig context. */
  name: string;
  kubeconfig: string;
  serverVersion: string;
  nodes: NodeDescription[];
  /** The OCI runtime under the nodes' CRI runtime, when the provider knows it (local: runc or crun). */
  ociRuntime?: string;
  /**
   * A RuntimeClass handler every node's CRI runtime has configured, when known: the one the nodes
   * report in status.runtimeHandlers, else the provider's own (local: its OCI runtime's name, the
   * handler its containerd runs by default; kind: runc). The scenarios get it as ${runtimeHandler}.
   */
  runtimeHandler?: string;
  /**
   * Nodes whose kubelet the provider stops and starts on request (`pod-conformance cluster kubelet
   * stop|start <node>`), for the node-failure scenarios (@capability:nodeStop); local: its extra
   * nodes, never node 1. Absent: the provider stops no kubelet.
   */
  kubeletControl?: { nodes: string[] };
}

export interface ClusterStatus {
  provider: ProviderName;
  name: string;
  running: boolean;
  kubeconfig: string;
  /** One line a person can read: "running, node Ready, 9 processes" or why it is not running. */
  detail: string;
}

/** A prerequisite the provider needs, with the one-line remedy shown when it is missing. */
export interface Prerequisite {
  what: string;
  ok: boolean;
  remedy: string;
}

/** Progress of long steps (builds, start-up, waiting for the node), with elapsed time. */
export interface Progress {
  step(message: string): void;
  done(message: string): void;
  /**
   * The state of a long step (`compiled 412 of 2699 packages`), replacing the previous one: one
   * updating line on a terminal, an occasional plain line in a log.
   */
  update(message: string): void;
}

export interface ClusterProvider {
  readonly name: ProviderName;
  /** Missing items come back with ok=false; up() refuses to start while any is missing. */
  prerequisites(): Promise<Prerequisite[]>;
  /**
   * Installs the missing prerequisites it can, announcing the command first (local: Debian
   * packages through apt-get); throws one line listing them when it may not.
   */
  installPrerequisites?(progress: Progress): Promise<void>;
  /** Create the cluster, or reuse it when it already runs. Resolves once the node is Ready. */
  up(progress: Progress): Promise<ClusterStatus>;
  /** Remove everything up() created. A provider that did not create the cluster refuses. */
  down(progress: Progress): Promise<void>;
  status(): Promise<ClusterStatus>;
  /** Path of the kubeconfig for this cluster (run-specific; never ~/.kube/config for kind/local). */
  kubeconfigPath(): string;
  /** Make OCI image archives available to the cluster's runtime (no registry involved). */
  loadImageArchives(archives: string[], progress: Progress): Promise<void>;
  /**
   * Whether the loopback registries of the image-pull behaviours (LOOPBACK_REGISTRIES in
   * clusters/images/refs.ts) serve this cluster's node, so the registry images are pushed into
   * them (local: once up). A provider without it runs none.
   */
  runsLoopbackRegistries?(): Promise<boolean>;
  /**
   * What of the cluster is on the host, one line each: nothing after a clean `down` (local: its
   * processes, mounts, links, chains; kind on podman: containers, volumes, network, CNI chains).
   */
  leftovers?(): Promise<string[]>;
  /** Copy component and node logs into dir; returns the files written. */
  exportLogs(dir: string): Promise<string[]>;
  describe(): Promise<ClusterDescription>;
}

/** A missing prerequisite or unusable cluster: its message is one line with cause and remedy. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}
