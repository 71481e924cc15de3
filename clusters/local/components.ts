/**
 * The components of the local cluster: their names, the order they start in, and the command line
 * each one runs with. Pure: the provider starts what these return, `cluster restart` compares them
 * with the running processes (so any change here is a change of the running cluster's command
 * lines), and the unit tests read them.
 */
import { join } from 'node:path';
import { NETWORK, NODE_NAME, type ExtraNode, type StateFiles } from './layout.ts';

export type ComponentName =
  | 'etcd'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'containerd'
  | 'kubelet'
  | 'kube-proxy'
  | 'coredns'
  | RegistryComponent;

/** The loopback registries of the image-pull behaviours (registries.ts). */
export type RegistryComponent = 'registry' | 'private-registry';

/**
 * The cluster's start order, every one of them needed for the cluster to count as running;
 * teardown stops them in reverse. The registries start after them (REGISTRIES) and are not
 * needed for the rest: without them only the image-pull behaviours are skipped.
 */
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

export const REGISTRIES: readonly RegistryComponent[] = ['registry', 'private-registry'];

/** Every component the cluster runs, in start order. */
export const COMPONENTS: readonly ComponentName[] = [...START_ORDER, ...REGISTRIES];

/** Binaries of Debian's packages, run from the PATH; the others are our builds in the binary cache. */
const HOST_BINARIES: ReadonlySet<string> = new Set(['containerd', 'docker-registry']);

export function isHostBinary(binary: string): boolean {
  return HOST_BINARIES.has(binary);
}

/** Command line of each component: binary name and arguments. */
export function commandLine(
  component: ComponentName,
  files: StateFiles,
  net = NETWORK,
): { binary: string; args: string[] } {
  const pki = (name: string) => join(files.pki, name);
  const cfg = (name: string) => join(files.config, name);
  switch (component) {
    case 'etcd':
      return {
        binary: 'etcd',
        args: [
          '--name=pod-conformance',
          `--data-dir=${files.etcdData}`,
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
          ...securePort(cfg('controller-manager.kubeconfig')),
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
        args: [`--config=${cfg('scheduler.yaml')}`, ...securePort(cfg('scheduler.kubeconfig')), '--v=1'],
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
          `--root-dir=${files.kubeletRoot}`,
          '--v=1',
        ],
      };
    case 'kube-proxy':
      return { binary: 'kube-proxy', args: [`--config=${cfg('kube-proxy.yaml')}`, '--v=1'] };
    case 'coredns':
      return { binary: 'coredns', args: ['-conf', cfg('Corefile')] };
    case 'registry':
    case 'private-registry':
      return { binary: 'docker-registry', args: ['serve', cfg(`${component}.yaml`)] };
  }
}

/** Command line of an extra node's containerd or kubelet (its configuration: config.ts extraNodeConfigs). */
export function nodeCommandLine(
  process: 'containerd' | 'kubelet',
  node: ExtraNode,
): { binary: string; args: string[] } {
  const cfg = (name: string) => join(node.files.config, name);
  if (process === 'containerd') return { binary: 'containerd', args: [`--config=${cfg('containerd.toml')}`] };
  return {
    binary: 'kubelet',
    args: [
      `--config=${cfg('kubelet.yaml')}`,
      `--kubeconfig=${cfg('kubelet.kubeconfig')}`,
      `--hostname-override=${node.name}`,
      `--node-ip=${node.ip}`,
      `--root-dir=${node.files.kubeletRoot}`,
      '--v=1',
    ],
  };
}

/**
 * The secure port of the controller-manager and the scheduler (their /healthz): callers are
 * authenticated and authorized through the API server with the component's own kubeconfig, and
 * it listens on 127.0.0.1 only.
 */
function securePort(kubeconfig: string): string[] {
  return [
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
  ];
}
