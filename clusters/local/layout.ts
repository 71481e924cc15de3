/**
 * Versions, addresses and paths of the local cluster. Everything the cluster creates on the host
 * lives under the directories named here (or is an address, a bridge, an iptables chain or a
 * cgroup that teardown removes by name), so that `cluster:down` can leave nothing behind.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, stateRoot } from '../shared/paths.ts';

export const CLUSTER_NAME = 'pod-conformance';
export const NODE_NAME = 'pod-conformance-node';

/** What the wrapper modules in build/ pin (another Kubernetes minor: options.ts). */
export const VERSIONS = {
  kubernetes: 'v1.35.4',
  etcd: 'v3.6.16',
  coredns: 'v1.14.7',
} as const;

/**
 * Network plan. The node address is a /32 on `lo` (this VM has no dummy device), reachable from
 * pods through the bridge; the API server, the kubelet and CoreDNS bind to it, so nothing listens
 * on the VM's real interfaces.
 */
export const NETWORK = {
  nodeIP: '10.213.255.1',
  podCIDR: '10.213.0.0/24',
  bridge: 'pcbr0',
  serviceCIDR: '10.213.128.0/24',
  /** First address of the service range: the `kubernetes` Service. */
  apiServiceIP: '10.213.128.1',
  clusterDomain: 'cluster.local',
  apiserverPort: 6443,
  kubeletPort: 10250,
} as const;

export interface Paths {
  /** Source of the wrapper Go modules (committed). */
  buildSrc: string;
  /** Cache of built binaries, outside the checkout, shared by every clone on the machine. */
  binCache: string;
  /** Cluster state: PKI, configs, etcd data, kubelet root, logs, pid files. */
  state: string;
  /** Runtime files (sockets, containerd state). */
  run: string;
}

export function paths(env: NodeJS.ProcessEnv = process.env): Paths {
  return {
    buildSrc: fileURLToPath(new URL('./build', import.meta.url)),
    binCache: join(cacheRoot(env), 'bin'),
    state: join(stateRoot(env), 'local'),
    run: '/run/pod-conformance',
  };
}

/** Files inside the state directory, in one place so renderers and teardown agree. */
export function stateFiles(statePath: string, runPath: string) {
  const pki = join(statePath, 'pki');
  return {
    pki,
    config: join(statePath, 'config'),
    logs: join(statePath, 'logs'),
    pids: join(statePath, 'pids'),
    etcdData: join(statePath, 'etcd'),
    kubeletRoot: join(statePath, 'kubelet'),
    podLogs: join(statePath, 'pod-logs'),
    containerdRoot: join(statePath, 'containerd'),
    cniData: join(statePath, 'cni'),
    containerdState: join(runPath, 'containerd'),
    containerdSocket: join(runPath, 'containerd', 'containerd.sock'),
    /** runc's state (its default, /run/containerd/runc/<namespace>, is shared with any containerd on the host). */
    runcRoot: join(runPath, 'runc'),
    /** containerd's registry host configuration (config_path): one <host>/hosts.toml per loopback registry. */
    registryHosts: join(statePath, 'config', 'registry-hosts'),
    /** The private registry's password file. */
    registryHtpasswd: join(statePath, 'config', 'registry.htpasswd'),
    /** The loopback registries' storage, one directory each. */
    registryData: join(statePath, 'registry'),
    adminKubeconfig: join(statePath, 'admin.kubeconfig'),
    /** Host state changed on the way up (sysctls), restored on the way down. */
    hostState: join(statePath, 'host-state.json'),
  };
}

export type StateFiles = ReturnType<typeof stateFiles>;

/** The most nodes the local provider runs on one host (POD_CONFORMANCE_LOCAL_NODES). */
export const MAX_LOCAL_NODES = 3;

/**
 * Every pod subnet the local cluster can hand out: node 1's (NETWORK.podCIDR) and one /24 after it
 * per extra node. kube-proxy treats traffic from inside it as the cluster's own.
 */
export const CLUSTER_POD_RANGE = '10.213.0.0/22';

/**
 * An extra node (2..MAX_LOCAL_NODES) of a multi-node local cluster: a kubelet and a containerd
 * of its own on the same host, with everything a node owns made distinct (see ExtraNode's
 * fields). Node 1 is the cluster itself (NODE_NAME, NETWORK, stateFiles).
 */
export interface ExtraNode {
  /** 2, 3: the node's number, in its name, address, subnet, bridge, cgroup and directories. */
  index: number;
  name: string;
  /** A second /32 on `lo`; the kubelet listens on it (port 10250 repeats per address). */
  ip: string;
  podCIDR: string;
  bridge: string;
  /** The kubelet's cgroupRoot: its QoS tree (<root>/kubepods) apart from node 1's. */
  cgroupRoot: string;
  /** Its two processes, tracked beside node 1's components. */
  processes: { containerd: string; kubelet: string };
  /** Its client and serving certificates (names in the cluster's pki directory). */
  certs: { client: string; serving: string };
  files: ExtraNodeFiles;
}

export interface ExtraNodeFiles {
  /** Everything the node keeps on disk: under the cluster's state directory. */
  state: string;
  /** Its runtime files (containerd state, socket, runc state, pod network namespaces). */
  run: string;
  config: string;
  cniConf: string;
  cniData: string;
  containerdRoot: string;
  containerdState: string;
  containerdSocket: string;
  runcRoot: string;
  kubeletRoot: string;
  podLogs: string;
}

/** Node `index` (2..MAX_LOCAL_NODES): its names, addresses and files, all derived from the number. */
export function extraNode(index: number, statePath: string, runPath: string): ExtraNode {
  if (!Number.isInteger(index) || index < 2 || index > MAX_LOCAL_NODES) {
    throw new RangeError(`extra node ${index}: the local provider's extra nodes are 2..${MAX_LOCAL_NODES}`);
  }
  const state = join(statePath, 'nodes', String(index));
  const run = join(runPath, 'nodes', String(index));
  return {
    index,
    name: `${NODE_NAME}-${index}`,
    ip: `10.213.255.${index}`,
    podCIDR: `10.213.${index - 1}.0/24`,
    bridge: `pcbr${index - 1}`,
    cgroupRoot: `/pc-node-${index}`,
    processes: { containerd: `containerd-${index}`, kubelet: `kubelet-${index}` },
    certs: { client: `kubelet-${index}`, serving: `kubelet-serving-${index}` },
    files: {
      state,
      run,
      config: join(state, 'config'),
      cniConf: join(state, 'config', 'cni'),
      cniData: join(state, 'cni'),
      containerdRoot: join(state, 'containerd'),
      containerdState: join(run, 'containerd'),
      containerdSocket: join(run, 'containerd', 'containerd.sock'),
      runcRoot: join(run, 'runc'),
      kubeletRoot: join(state, 'kubelet'),
      podLogs: join(state, 'pod-logs'),
    },
  };
}

/** Extra nodes 2..count (none for a single node). */
export function extraNodes(count: number, statePath: string, runPath: string): ExtraNode[] {
  const nodes: ExtraNode[] = [];
  for (let i = 2; i <= count; i++) nodes.push(extraNode(i, statePath, runPath));
  return nodes;
}
