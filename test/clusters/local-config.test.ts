import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubernetesLdflags } from '../../clusters/local/build.ts';
import { commandLine, START_ORDER } from '../../clusters/local/components.ts';
import {
  cniConflist,
  containerdConfig,
  corefile,
  kubeconfig,
  kubeletConfig,
  kubeProxyConfig,
} from '../../clusters/local/config.ts';
import { certSpecs, opensslExtensions, subject } from '../../clusters/local/pki.ts';
import { CLUSTER_POD_RANGE, NETWORK, NODE_NAME, stateFiles } from '../../clusters/local/layout.ts';

const files = stateFiles('/state', '/run/pc');

describe('local cluster certificates', () => {
  const byName = Object.fromEntries(certSpecs().map((s) => [s.name, s]));

  it('gives the API server every name a client may use, and the first service IP', () => {
    const ext = opensslExtensions(byName.apiserver!);
    for (const name of [
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'localhost',
    ]) {
      expect(ext).toContain(`DNS:${name},`);
    }
    for (const ip of ['127.0.0.1', NETWORK.nodeIP, NETWORK.apiServiceIP]) expect(ext).toContain(`IP:${ip}`);
    expect(ext).toContain('extendedKeyUsage=serverAuth');
  });

  it('names the kubelet as a node so the Node authorizer and NodeRestriction accept it', () => {
    expect(subject(byName.kubelet!)).toBe(`/O=system:nodes/CN=system:node:${NODE_NAME}`);
    expect(opensslExtensions(byName.kubelet!)).toContain('extendedKeyUsage=clientAuth');
    expect(opensslExtensions(byName.kubelet!)).not.toContain('subjectAltName');
  });

  it('serves the kubelet API with a certificate for the node IP', () => {
    expect(opensslExtensions(byName['kubelet-serving']!)).toContain(`IP:${NETWORK.nodeIP}`);
  });

  it('keeps the admin the only member of system:masters', () => {
    const masters = certSpecs()
      .filter((s) => s.org === 'system:masters')
      .map((s) => s.name);
    expect(masters).toEqual(['admin']);
  });
});

describe('local cluster configuration', () => {
  it('never lets containerd ask for a negative oom_score_adj (CAP_SYS_RESOURCE is missing)', () => {
    const toml = containerdConfig(files, 'localhost/pod-conformance/pause:1.0', '/state/config/cni');
    expect(toml).toContain('restrict_oom_score_adj = true');
    expect(toml).toContain('sandbox_image = "localhost/pod-conformance/pause:1.0"');
    expect(toml).toContain('SystemdCgroup = false');
    expect(toml).toContain(`address = "${files.containerdSocket}"`);
  });

  it("mounts pod network namespaces under containerd's private state, never in the host's /run/netns", () => {
    const toml = containerdConfig(files, 'localhost/pod-conformance/pause:1.0', '/state/config/cni');
    expect(toml).toContain('netns_mounts_under_state_dir = true');
    expect(toml).toContain(`Root = "${files.runcRoot}"`);
    expect(files.runcRoot.startsWith('/run/containerd')).toBe(false);
    expect(toml).toContain(`state = "${files.containerdState}"`);
  });

  it("reaches registries through the cluster's own host configuration, and never sets mirrors", () => {
    const toml = containerdConfig(files, 'localhost/pod-conformance/pause:1.0', '/state/config/cni');
    expect(toml).toContain(
      `[plugins."io.containerd.grpc.v1.cri".registry]\n    config_path = "${files.registryHosts}"`,
    );
    // containerd refuses config_path beside the deprecated mirrors and configs tables.
    expect(toml).not.toMatch(/registry\.(mirrors|configs)/);
    expect(files.registryHosts.startsWith(files.config)).toBe(true);
  });

  it('runs the kubelet on cgroup v1 with cgroupfs, oomScoreAdj 0 and our DNS', () => {
    const k = parse(kubeletConfig(files)) as Record<string, unknown>;
    expect(k).toMatchObject({
      cgroupDriver: 'cgroupfs',
      failCgroupV1: false,
      oomScoreAdj: 0,
      readOnlyPort: 0,
      clusterDNS: [NETWORK.nodeIP],
      clusterDomain: 'cluster.local',
      imageGCHighThresholdPercent: 100,
      podLogsDir: files.podLogs,
    });
    expect(k.authentication).toMatchObject({ anonymous: { enabled: false }, webhook: { enabled: true } });
  });

  it('uses iptables kube-proxy with oomScoreAdj 0', () => {
    expect(parse(kubeProxyConfig(files))).toMatchObject({
      mode: 'iptables',
      oomScoreAdj: 0,
      clusterCIDR: CLUSTER_POD_RANGE,
    });
  });

  it('gives CoreDNS no upstream, so no query leaves the machine', () => {
    const c = corefile(files);
    expect(c).not.toMatch(/\bforward\b|\bproxy\b/);
    expect(c).toContain(`bind ${NETWORK.nodeIP}`);
    expect(c).toContain('kubernetes cluster.local');
  });

  it('bridges pods with hairpin mode and keeps IPAM state in the cluster directory', () => {
    const c = JSON.parse(cniConflist(files)) as { plugins: Array<Record<string, unknown>> };
    expect(c.plugins[0]).toMatchObject({ type: 'bridge', bridge: NETWORK.bridge, hairpinMode: true, isGateway: true });
    expect(c.plugins[0]!.ipam).toMatchObject({
      type: 'host-local',
      dataDir: files.cniData,
      ranges: [[{ subnet: NETWORK.podCIDR }]],
    });
  });

  it('writes kubeconfigs that point at the node address with file references', () => {
    const k = parse(
      kubeconfig({
        server: 'https://10.213.255.1:6443',
        caFile: '/ca.crt',
        certFile: '/a.crt',
        keyFile: '/a.key',
        user: 'kubelet',
      }),
    ) as {
      clusters: Array<{ cluster: Record<string, string> }>;
      'current-context': string;
    };
    expect(k.clusters[0]!.cluster).toEqual({ server: 'https://10.213.255.1:6443', 'certificate-authority': '/ca.crt' });
    expect(k['current-context']).toBe('kubelet@pod-conformance');
  });

  it('starts etcd before the API server and the runtime before the kubelet', () => {
    const at = (c: (typeof START_ORDER)[number]) => START_ORDER.indexOf(c);
    expect(at('etcd')).toBeLessThan(at('kube-apiserver'));
    expect(at('containerd')).toBeLessThan(at('kubelet'));
    expect(at('kube-apiserver')).toBeLessThan(at('kube-controller-manager'));
  });

  it('authorizes with Node,RBAC, allows privileged pods and keeps default admission plugins', () => {
    const { args } = commandLine('kube-apiserver', files);
    expect(args).toContain('--authorization-mode=Node,RBAC');
    expect(args).toContain('--allow-privileged=true');
    expect(args.some((a) => a.startsWith('--disable-admission-plugins'))).toBe(false);
    expect(args).toContain(`--service-cluster-ip-range=${NETWORK.serviceCIDR}`);
  });
});

describe('Kubernetes version stamping', () => {
  it('stamps both component-base and client-go with the version', () => {
    const flags = kubernetesLdflags('v1.35.4', '2026-11-23T00:00:00Z');
    expect(flags).toContain('-X k8s.io/component-base/version.gitVersion=v1.35.4');
    expect(flags).toContain('-X k8s.io/client-go/pkg/version.gitVersion=v1.35.4');
    expect(flags).toContain('-X k8s.io/component-base/version.gitMinor=35');
  });

  it('refuses something that is not a version', () => {
    expect(() => kubernetesLdflags('latest', 'x')).toThrow(/not a Kubernetes version/);
  });
});

describe('local cluster teardown', () => {
  const dump = [
    '*mangle',
    ':PREROUTING ACCEPT [0:0]',
    ':KUBE-IPTABLES-HINT - [0:0]',
    'COMMIT',
    '*nat',
    ':POSTROUTING ACCEPT [0:0]',
    ':CNI-aaa - [0:0]',
    ':CNI-bbb - [0:0]',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A POSTROUTING -s 10.213.0.7/32 -m comment --comment "name: \\"pod-conformance\\" id: \\"bd63\\"" -j CNI-aaa',
    '-A POSTROUTING -s 10.88.0.2/32 -m comment --comment "name: \\"someone-else\\" id: \\"77\\"" -j CNI-bbb',
    '-A POSTROUTING -s 10.213.0.8/32 -m comment --comment "name: \\"pod-conformance\\" id: \\"c0ff\\"" -j CNI-ccc',
    '-A CNI-aaa -d 10.213.0.0/24 -j ACCEPT',
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':DOCKER-USER - [0:0]',
    '-A INPUT -j DOCKER-USER',
    '-A INPUT -j KUBE-FIREWALL',
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -j DROP',
    'COMMIT',
  ].join('\n');

  it('deletes jumps to KUBE-* chains and our CNI rules by position, highest first, then the chains', async () => {
    const { iptablesCleanup } = await import('../../clusters/local/host.ts');
    // Written with 1.35's CNI rule format (iptables-save escapes the quotes in the comment).
    expect(iptablesCleanup(dump, 'pod-conformance')).toEqual([
      ['-t', 'filter', '-D', 'INPUT', '2'],
      ['-t', 'nat', '-D', 'POSTROUTING', '4'],
      ['-t', 'nat', '-D', 'POSTROUTING', '2'],
      ['-t', 'nat', '-D', 'POSTROUTING', '1'],
      ['-t', 'mangle', '-F', 'KUBE-IPTABLES-HINT'],
      ['-t', 'nat', '-F', 'CNI-aaa'],
      ['-t', 'nat', '-F', 'CNI-ccc'],
      ['-t', 'filter', '-F', 'KUBE-FIREWALL'],
      ['-t', 'mangle', '-X', 'KUBE-IPTABLES-HINT'],
      ['-t', 'nat', '-X', 'CNI-aaa'],
      ['-t', 'nat', '-X', 'CNI-ccc'],
      ['-t', 'filter', '-X', 'KUBE-FIREWALL'],
    ]);
  });

  it('leaves other networks and other owners alone', async () => {
    const { iptablesCleanup } = await import('../../clusters/local/host.ts');
    const flat = iptablesCleanup(dump, 'pod-conformance').map((c) => c.join(' '));
    expect(flat.some((c) => c.includes('CNI-bbb') || c.includes('DOCKER-USER'))).toBe(false);
    expect(flat).not.toContain('-t filter -D INPUT 1');
  });
});
