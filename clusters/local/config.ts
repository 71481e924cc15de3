/**
 * Pure renderers for every configuration file of the local cluster (command lines: components.ts;
 * certificates: pki.ts). No I/O here: the provider writes what these return, and the unit tests
 * read them.
 *
 * Modelled on upstream's hack/local-up-cluster.sh, with what our VMs need: CAP_SYS_RESOURCE is
 * missing from every process's bounding set, so nothing may lower an oom_score_adj below 0
 * (restrict_oom_score_adj in containerd, oomScoreAdj 0 in the kubelet and kube-proxy; otherwise
 * every sandbox fails with a misleading runc error); cgroup v1 with PID 1 not systemd (cgroupfs,
 * failCgroupV1 false); no IPVS (iptables kube-proxy); and no traffic off the machine (a DNS server
 * with no upstream).
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_POD_RANGE, NETWORK, NODE_NAME, type ExtraNode, type StateFiles } from './layout.ts';
import { OCI_RUNTIMES, type OciRuntime } from './options.ts';

/** Clients that get a kubeconfig of their own, by certificate. */
export const KUBECONFIG_USERS = {
  admin: 'admin',
  'kube-controller-manager': 'controller-manager',
  'kube-scheduler': 'scheduler',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  coredns: 'coredns',
} as const;

export function kubeconfig(opts: {
  server: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  user: string;
  cluster?: string;
}): string {
  const cluster = opts.cluster ?? 'pod-conformance';
  const context = `${opts.user}@${cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: opts.server, 'certificate-authority': opts.caFile } }],
    users: [
      {
        name: opts.user,
        user: { 'client-certificate': opts.certFile, 'client-key': opts.keyFile },
      },
    ],
    contexts: [{ name: context, context: { cluster, user: opts.user } }],
    'current-context': context,
  });
}

export function apiServerURL(net = NETWORK): string {
  return `https://${net.nodeIP}:${net.apiserverPort}`;
}

/**
 * containerd 1.6 (config version 2) with a private root, state and socket, so it never touches
 * a containerd the host may run. Pod network namespaces are mounted under its private state
 * directory (netns_mounts_under_state_dir), not in the host's /run/netns: there `ip netns add`
 * by any other program turns the directory into a bind mount of itself, after which containerd
 * can no longer remove the namespaces it had mounted before ("unlinkat /run/netns/cni-…: device
 * or resource busy") and pod teardown stalls. The OCI runtime keeps its container state under the
 * cluster's run directory too (Root), not in runc's default /run/containerd/runc/k8s.io, which a
 * containerd of the host's own (a kubelet's, a CI agent's) uses for the same namespace name.
 * restrict_oom_score_adj keeps sandboxes from asking for a
 * negative oom_score_adj, which this VM forbids (CAP_SYS_RESOURCE is not in the bounding set).
 * The OCI runtime is runc, or crun through the same runc v2 shim (BinaryName), which is how
 * containerd runs any runc-compatible runtime. Registries are reached as the host configuration
 * under config_path says (registries.ts: plain HTTP to the loopback registries; any other host
 * by containerd's defaults).
 */
export function containerdConfig(
  files: StateFiles,
  pauseImage: string,
  cniConfDir: string,
  runtime: OciRuntime = 'runc',
): string {
  const binary = runtime === 'runc' ? '' : `\n        BinaryName = "${OCI_RUNTIMES[runtime]}"`;
  return `version = 2
root = "${files.containerdRoot}"
state = "${files.containerdState}"
oom_score = 0

[grpc]
  address = "${files.containerdSocket}"

[debug]
  level = "info"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${pauseImage}"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "${runtime}"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.${runtime}]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.${runtime}.options]${binary}
        SystemdCgroup = false
        Root = "${files.runcRoot}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${cniConfDir}"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "${files.registryHosts}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(files.containerdRoot, 'opt')}"
`;
}

/**
 * Neighbour (ARP) settings of the pod bridge. host-local hands out addresses in turn and wraps, so
 * a new pod can get the address of a deleted one while the host still holds that pod's MAC as a
 * STALE neighbour entry. With the kernel's defaults the host then sends to the dead MAC for about
 * 9 s (5 s DELAY, 3 unicast probes) before asking again: the kubelet's first probes of the new pod
 * time out. No delay and no unicast probes make a stale entry re-resolve by broadcast at once.
 */
export const BRIDGE_NEIGHBOUR_SYSCTLS: Readonly<Record<string, string>> = {
  delay_first_probe_time: '0',
  ucast_solicit: '0',
  mcast_resolicit: '3',
};

/**
 * bridge + host-local + portmap. hairpinMode lets a pod reach itself through its Service. No
 * masquerade (ipMasq): every node's bridge lives in the host's network namespace, so pods reach
 * each other, the nodes and the Services by their own addresses, without NAT, as Kubernetes'
 * network model asks (a packet for anything beyond the machine would leave with a pod address
 * nobody routes back, where a masquerade would have sent it out as the host). A masquerade also costs
 * every sandbox fifteen iptables processes (a chain and three rules on ADD, removed on each of the
 * two DELs its stop brings): about 3 % of a full run's CPU on our 2-core machine.
 */
export function cniConflist(files: StateFiles, net: { bridge: string; podCIDR: string } = NETWORK): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'pod-conformance',
      plugins: [
        {
          type: 'bridge',
          bridge: net.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: files.cniData,
            ranges: [[{ subnet: net.podCIDR }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}

export function kubeletConfig(files: StateFiles, net = NETWORK): string {
  return stringify(kubeletObject(files, net));
}

function kubeletObject(files: StateFiles, net = NETWORK) {
  return {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: net.nodeIP,
    port: net.kubeletPort,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    containerRuntimeEndpoint: `unix://${files.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    failSwapOn: false,
    oomScoreAdj: 0,
    clusterDNS: [net.nodeIP],
    clusterDomain: net.clusterDomain,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: join(files.pki, 'ca.crt') },
    },
    authorization: { mode: 'Webhook' },
    tlsCertFile: join(files.pki, 'kubelet-serving.crt'),
    tlsPrivateKeyFile: join(files.pki, 'kubelet-serving.key'),
    // Local images are imported, never pulled: they must never be garbage-collected.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
    },
    // Surfaces container state changes quickly, so scenario timelines are fine-grained.
    syncFrequency: '10s',
    serializeImagePulls: false,
    maxPods: 110,
    podPidsLimit: 4096,
    resolvConf: '/etc/resolv.conf',
    // Container logs stay under the cluster's state directory, not the host's /var/log/pods.
    podLogsDir: files.podLogs,
  };
}

export function kubeProxyConfig(files: StateFiles, net = NETWORK): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: join(files.config, 'kube-proxy.kubeconfig') },
    mode: 'iptables',
    // Every node's pod subnet: pods of the extra nodes are the cluster's own too.
    clusterCIDR: CLUSTER_POD_RANGE,
    bindAddress: net.nodeIP,
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
    oomScoreAdj: 0,
    // conntrack settings are left at the kernel's values: this VM cannot raise them.
    conntrack: { maxPerCore: 0, min: 0, tcpCloseWaitTimeout: '0s', tcpEstablishedTimeout: '0s' },
    hostnameOverride: NODE_NAME,
  });
}

/**
 * The cluster's files as an extra node sees them: its own containerd root, state, socket, runc
 * state, CNI data, kubelet root and pod logs; the shared rest (PKI, registry hosts, configuration
 * of the control plane) as node 1 has it.
 */
export function filesOfNode(files: StateFiles, node: ExtraNode): StateFiles {
  const own = node.files;
  return {
    ...files,
    containerdRoot: own.containerdRoot,
    containerdState: own.containerdState,
    containerdSocket: own.containerdSocket,
    runcRoot: own.runcRoot,
    cniData: own.cniData,
    kubeletRoot: own.kubeletRoot,
    podLogs: own.podLogs,
  };
}

/**
 * The configuration files of an extra node, by path relative to its config directory. The
 * network is the simple variant of ../shared/guides/multi-node.md, chosen over a network
 * namespace per node: every node's bridge and its kubelet live in the host's network namespace,
 * the node address is a second /32 on `lo`, the bridges route to each other through the host, and
 * the one kube-proxy (node 1's) serves every node. It needs no veth pairs, no per-node routes and
 * no nsenter wrappers whose leftovers teardown would have to find, and costs no extra kube-proxy on
 * a 2-core machine; what the suite checks (pod IPs, probes, Services, DNS, pod-to-pod traffic)
 * behaves as on separate hosts. Its limits: hostNetwork and hostPort pods of different nodes share
 * one port space (the scenarios pick distinct ports anyway), and a Service's
 * `externalTrafficPolicy: Local` is not node-local for the extra nodes (no scenario uses it).
 * No bridge masquerades (cniConflist): cross-node pod traffic arrives from the sending pod's own
 * address, routed through the host.
 */
export function extraNodeConfigs(
  files: StateFiles,
  node: ExtraNode,
  pauseImage: string,
  runtime: OciRuntime = 'runc',
): Record<string, string> {
  const own = filesOfNode(files, node);
  const net = { ...NETWORK, bridge: node.bridge, podCIDR: node.podCIDR };
  return {
    'containerd.toml': containerdConfig(own, pauseImage, node.files.cniConf, runtime),
    'cni/10-pod-conformance.conflist': cniConflist(own, net),
    'kubelet.yaml': stringify({
      ...kubeletObject(own),
      // Its own address (port 10250 and healthz repeat per address); DNS stays node 1's CoreDNS.
      address: node.ip,
      healthzBindAddress: node.ip,
      cgroupRoot: node.cgroupRoot,
      tlsCertFile: join(files.pki, `${node.certs.serving}.crt`),
      tlsPrivateKeyFile: join(files.pki, `${node.certs.serving}.key`),
    }),
    'kubelet.kubeconfig': kubeconfig({
      server: apiServerURL(),
      caFile: join(files.pki, 'ca.crt'),
      certFile: join(files.pki, `${node.certs.client}.crt`),
      keyFile: join(files.pki, `${node.certs.client}.key`),
      user: 'kubelet',
    }),
  };
}

export function schedulerConfig(files: StateFiles): string {
  return stringify({
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig: join(files.config, 'scheduler.kubeconfig') },
    leaderElection: { leaderElect: false },
  });
}

/** CoreDNS with the kubernetes plugin only: no `forward`, so no query ever leaves the machine. */
export function corefile(files: StateFiles, net = NETWORK): string {
  return `.:53 {
    bind ${net.nodeIP}
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes ${net.clusterDomain} in-addr.arpa ip6.arpa {
        kubeconfig ${join(files.config, 'coredns.kubeconfig')}
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 5
    }
    cache 30
    loadbalance
}
`;
}

/** RBAC the components need beyond the bootstrap policy (applied once the API server is up). */
export function rbacManifest(): string {
  const docs = [
    userBinding(
      'pod-conformance:apiserver-kubelet-client',
      'system:kubelet-api-admin',
      'kube-apiserver-kubelet-client',
    ),
    {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'pod-conformance:coredns' },
      rules: [
        { apiGroups: [''], resources: ['services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    userBinding('pod-conformance:coredns', 'pod-conformance:coredns', 'system:pod-conformance:coredns'),
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A ClusterRoleBinding granting `role` to `user`: the common name of a client certificate. */
function userBinding(name: string, role: string, user: string) {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC_GROUP, kind: 'User', name: user }],
  };
}
