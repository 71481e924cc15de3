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
