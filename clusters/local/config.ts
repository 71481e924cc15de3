/**
 * Pure renderers for every configuration file and command line of the local cluster. No I/O here:
 * the provider writes what these return, and the unit tests read them.
 *
 * Modelled on upstream's hack/local-up-cluster.sh, with the fixes this VM needs
 * (../shared/guides/local-cluster.md): restrict_oom_score_adj and oomScoreAdj 0 because
 * CAP_SYS_RESOURCE is missing, cgroupfs with failCgroupV1 false, iptables kube-proxy, and a DNS
 * server with no upstream.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { NETWORK, NODE_NAME, type StateFiles } from './layout.ts';
import { OCI_RUNTIMES, type OciRuntime } from './options.ts';

export type ComponentName =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'containerd'
  | 'kubelet'
  | 'kube-proxy'
  | 'coredns';

/** Start order; teardown stops them in reverse. */
export const START_ORDER: readonly ComponentName[] = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'containerd',
  'kubelet',
  'kube-proxy',
  'coredns',
];

/** A certificate the cluster needs: subject and, for serving certificates, its SANs. */
export interface CertSpec {
  name: string;
  cn: string;
  org?: string;
  usage: 'server' | 'client' | 'both';
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** Clients that get a kubeconfig of their own, by certificate. */
export const KUBECONFIG_USERS = {
  admin: 'admin',
  'kube-controller-manager': 'controller-manager',
  'kube-scheduler': 'scheduler',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
  coredns: 'coredns',
} as const;

export function certSpecs(nodeName = NODE_NAME, net = NETWORK): CertSpec[] {
  const domain = net.clusterDomain;
  return [
    {
      name: 'apiserver',
      cn: 'kube-apiserver',
      usage: 'server',
      dnsNames: [
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        `kubernetes.default.svc.${domain}`,
        'localhost',
      ],
      ipAddresses: ['127.0.0.1', net.nodeIP, net.apiServiceIP],
    },
    { name: 'apiserver-kubelet-client', cn: 'kube-apiserver-kubelet-client', usage: 'client' },
    { name: 'admin', cn: 'pod-conformance-admin', org: 'system:masters', usage: 'client' },
    { name: 'controller-manager', cn: 'system:kube-controller-manager', usage: 'client' },
    { name: 'scheduler', cn: 'system:kube-scheduler', usage: 'client' },
    { name: 'kubelet', cn: `system:node:${nodeName}`, org: 'system:nodes', usage: 'client' },
    {
      name: 'kubelet-serving',
      cn: `system:node:${nodeName}`,
      org: 'system:nodes',
      usage: 'server',
      dnsNames: [nodeName, 'localhost'],
      ipAddresses: [net.nodeIP, '127.0.0.1'],
    },
    { name: 'kube-proxy', cn: 'system:kube-proxy', usage: 'client' },
    { name: 'coredns', cn: 'system:pod-conformance:coredns', usage: 'client' },
    {
      name: 'etcd',
      cn: 'etcd',
      usage: 'both',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    },
  ];
}

/** The openssl extension section for one certificate (v3, signed by the cluster CA). */
export function opensslExtensions(spec: CertSpec): string {
  const usage = {
    server: 'serverAuth',
    client: 'clientAuth',
    both: 'serverAuth,clientAuth',
  }[spec.usage];
  const sans = [...(spec.dnsNames ?? []).map((d) => `DNS:${d}`), ...(spec.ipAddresses ?? []).map((ip) => `IP:${ip}`)];
  return [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
    ...(sans.length > 0 ? [`subjectAltName=${sans.join(',')}`] : []),
  ].join('\n');
}

export function subject(spec: CertSpec): string {
  return spec.org ? `/O=${spec.org}/CN=${spec.cn}` : `/CN=${spec.cn}`;
}

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
 * containerd runs any runc-compatible runtime.
 */
export function containerdConfig(
  f: StateFiles,
  pauseImage: string,
  cniConfDir: string,
  runtime: OciRuntime = 'runc',
): string {
  const binary = runtime === 'runc' ? '' : `\n        BinaryName = "${OCI_RUNTIMES[runtime]}"`;
  return `version = 2
root = "${f.containerdRoot}"
state = "${f.containerdState}"
oom_score = 0

[grpc]
  address = "${f.containerdSocket}"

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
        Root = "${f.runcRoot}"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${cniConfDir}"
    max_conf_num = 1

[plugins."io.containerd.internal.v1.opt"]
  path = "${join(f.containerdRoot, 'opt')}"
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

/** bridge + host-local + portmap. hairpinMode lets a pod reach itself through its Service. */
export function cniConflist(f: StateFiles, net = NETWORK): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'pod-conformance',
      plugins: [
        {
          type: 'bridge',
          bridge: net.bridge,
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: f.cniData,
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

export function kubeletConfig(f: StateFiles, net = NETWORK): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: net.nodeIP,
    port: net.kubeletPort,
    readOnlyPort: 0,
    healthzBindAddress: '127.0.0.1',
    containerRuntimeEndpoint: `unix://${f.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    failSwapOn: false,
    oomScoreAdj: 0,
    clusterDNS: [net.nodeIP],
    clusterDomain: net.clusterDomain,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: join(f.pki, 'ca.crt') },
    },
    authorization: { mode: 'Webhook' },
    tlsCertFile: join(f.pki, 'kubelet-serving.crt'),
    tlsPrivateKeyFile: join(f.pki, 'kubelet-serving.key'),
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
    podLogsDir: f.podLogs,
  });
}

export function kubeProxyConfig(f: StateFiles, net = NETWORK): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: join(f.config, 'kube-proxy.kubeconfig') },
    mode: 'iptables',
    clusterCIDR: net.podCIDR,
    bindAddress: net.nodeIP,
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
    oomScoreAdj: 0,
    // conntrack settings are left at the kernel's values: this VM cannot raise them.
    conntrack: { maxPerCore: 0, min: 0, tcpCloseWaitTimeout: '0s', tcpEstablishedTimeout: '0s' },
    hostnameOverride: NODE_NAME,
  });
}

export function schedulerConfig(f: StateFiles): string {
  return stringify({
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig: join(f.config, 'scheduler.kubeconfig') },
    leaderElection: { leaderElect: false },
  });
}

/** CoreDNS with the kubernetes plugin only: no `forward`, so no query ever leaves the machine. */
export function corefile(f: StateFiles, net = NETWORK): string {
  return `.:53 {
    bind ${net.nodeIP}
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes ${net.clusterDomain} in-addr.arpa ip6.arpa {
        kubeconfig ${join(f.config, 'coredns.kubeconfig')}
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
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'pod-conformance:apiserver-kubelet-client' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:kubelet-api-admin',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kube-apiserver-kubelet-client' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'pod-conformance:coredns' },
      rules: [
        { apiGroups: [''], resources: ['services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'pod-conformance:coredns' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'pod-conformance:coredns',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:pod-conformance:coredns' }],
    },
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

/** Command line of each component: binary name and arguments. */
export function commandLine(
  component: ComponentName,
  f: StateFiles,
  net = NETWORK,
): { binary: string; args: string[] } {
  const pki = (name: string) => join(f.pki, name);
  const cfg = (name: string) => join(f.config, name);
  switch (component) {
    case 'etcd':
      return {
        binary: 'etcd',
        args: [
          '--name=pod-conformance',
          `--data-dir=${f.etcdData}`,
          '--listen-client-urls=https://127.0.0.1:2379',
          '--advertise-client-urls=https://127.0.0.1:2379',
          '--listen-peer-urls=http://127.0.0.1:2380',
          '--initial-advertise-peer-urls=http://127.0.0.1:2380',
          '--initial-cluster=pod-conformance=http://127.0.0.1:2380',
          '--listen-metrics-urls=http://127.0.0.1:2381',
          `--cert-file=${pki('etcd.crt')}`,
          `--key-file=${pki('etcd.key')}`,
          `--trusted-ca-file=${pki('ca.crt')}`,
          '--client-cert-auth=true',
          '--quota-backend-bytes=2147483648',
          '--log-level=warn',
        ],
      };
    case 'kube-apiserver':
      return {
        binary: 'kube-apiserver',
        args: [
          '--etcd-servers=https://127.0.0.1:2379',
          `--etcd-cafile=${pki('ca.crt')}`,
          `--etcd-certfile=${pki('etcd.crt')}`,
          `--etcd-keyfile=${pki('etcd.key')}`,
          `--bind-address=${net.nodeIP}`,
          `--secure-port=${net.apiserverPort}`,
          `--advertise-address=${net.nodeIP}`,
          `--service-cluster-ip-range=${net.serviceCIDR}`,
          `--client-ca-file=${pki('ca.crt')}`,
          `--tls-cert-file=${pki('apiserver.crt')}`,
          `--tls-private-key-file=${pki('apiserver.key')}`,
          `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
          `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
          `--kubelet-certificate-authority=${pki('ca.crt')}`,
          '--kubelet-preferred-address-types=InternalIP,Hostname',
          `--service-account-key-file=${pki('sa.pub')}`,
          `--service-account-signing-key-file=${pki('sa.key')}`,
          `--service-account-issuer=https://kubernetes.default.svc.${net.clusterDomain}`,
          '--authorization-mode=Node,RBAC',
          '--allow-privileged=true',
          '--enable-admission-plugins=NodeRestriction',
          '--profiling=false',
          '--v=1',
        ],
      };
    case 'kube-controller-manager':
      return {
        binary: 'kube-controller-manager',
        args: [
          `--kubeconfig=${cfg('controller-manager.kubeconfig')}`,
          `--authentication-kubeconfig=${cfg('controller-manager.kubeconfig')}`,
          `--authorization-kubeconfig=${cfg('controller-manager.kubeconfig')}`,
          '--bind-address=127.0.0.1',
          `--service-account-private-key-file=${pki('sa.key')}`,
          `--root-ca-file=${pki('ca.crt')}`,
          `--cluster-signing-cert-file=${pki('ca.crt')}`,
          `--cluster-signing-key-file=${pki('ca.key')}`,
          `--service-cluster-ip-range=${net.serviceCIDR}`,
          '--use-service-account-credentials=true',
          '--leader-elect=false',
          '--controllers=*,-cloud-node-lifecycle',
          '--v=1',
        ],
      };
    case 'kube-scheduler':
      return {
        binary: 'kube-scheduler',
        args: [
          `--config=${cfg('scheduler.yaml')}`,
          `--authentication-kubeconfig=${cfg('scheduler.kubeconfig')}`,
          `--authorization-kubeconfig=${cfg('scheduler.kubeconfig')}`,
          '--bind-address=127.0.0.1',
          '--v=1',
        ],
      };
    case 'containerd':
      return { binary: 'containerd', args: [`--config=${cfg('containerd.toml')}`] };
    case 'kubelet':
      return {
        binary: 'kubelet',
        args: [
          `--config=${cfg('kubelet.yaml')}`,
          `--kubeconfig=${cfg('kubelet.kubeconfig')}`,
          `--hostname-override=${NODE_NAME}`,
          `--node-ip=${net.nodeIP}`,
          `--root-dir=${f.kubeletRoot}`,
          '--v=1',
        ],
      };
    case 'kube-proxy':
      return { binary: 'kube-proxy', args: [`--config=${cfg('kube-proxy.yaml')}`, '--v=1'] };
    case 'coredns':
      return { binary: 'coredns', args: ['-conf', cfg('Corefile')] };
  }
}
