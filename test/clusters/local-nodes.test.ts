import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseNodesReadiness } from '../../clusters/local/cluster.ts';
import { nodeCommandLine } from '../../clusters/local/components.ts';
import { containerdConfig, extraNodeConfigs } from '../../clusters/local/config.ts';
import { cgroupProcesses } from '../../clusters/local/host.ts';
import { CLUSTER_POD_RANGE, extraNode, extraNodes, NETWORK, stateFiles } from '../../clusters/local/layout.ts';
import { inventory, type HostSnapshot } from '../../clusters/local/leftovers.ts';
import { localNodeCount } from '../../clusters/local/options.ts';
import { nodeCertSpecs, opensslExtensions, subject } from '../../clusters/local/pki.ts';
import { RUN_ENV } from '../../support/run-env.mjs';

const files = stateFiles('/state', '/run/pc');
const node2 = extraNode(2, '/state', '/run/pc');
const node3 = extraNode(3, '/state', '/run/pc');

describe('extra nodes of the local cluster', () => {
  it('read their count from POD_CONFORMANCE_LOCAL_NODES, registered in the run environment', () => {
    expect(RUN_ENV.localNodes).toBe('POD_CONFORMANCE_LOCAL_NODES');
    expect(localNodeCount({})).toBeUndefined();
    expect(localNodeCount({ POD_CONFORMANCE_LOCAL_NODES: '3' })).toBe(3);
    expect(localNodeCount({ POD_CONFORMANCE_LOCAL_NODES: '1' })).toBe(1);
    for (const bad of ['0', '4', 'two', '2.5', '-1']) {
      expect(() => localNodeCount({ POD_CONFORMANCE_LOCAL_NODES: bad })).toThrow(
        `POD_CONFORMANCE_LOCAL_NODES=${bad}: the local provider runs 1 to 3 nodes on this host; give a number from 1 to 3`,
      );
    }
  });

  it('each own a name, an address, a subnet inside the cluster range, a bridge, a cgroup root and directories', () => {
    expect(extraNodes(1, '/state', '/run/pc')).toEqual([]);
    expect(extraNodes(3, '/state', '/run/pc').map((n) => n.index)).toEqual([2, 3]);
    const all = [node2, node3];
    for (const key of ['name', 'ip', 'podCIDR', 'bridge', 'cgroupRoot'] as const) {
      const values = [
        ...all.map((n) => n[key]),
        {
          name: 'pod-conformance-node',
          ip: NETWORK.nodeIP,
          podCIDR: NETWORK.podCIDR,
          bridge: NETWORK.bridge,
          cgroupRoot: '/',
        }[key],
      ];
      expect(new Set(values).size).toBe(3);
    }
    expect(node3).toMatchObject({
      name: 'pod-conformance-node-3',
      ip: '10.213.255.3',
      podCIDR: '10.213.2.0/24',
      bridge: 'pcbr2',
      cgroupRoot: '/pc-node-3',
    });
    expect(CLUSTER_POD_RANGE).toBe('10.213.0.0/22');
    // Everything on disk under the state directory, runtime files under the run directory.
    for (const [key, path] of Object.entries(node2.files) as [string, string][]) {
      expect(path.startsWith('/state/nodes/2') || path.startsWith('/run/pc/nodes/2'), key).toBe(true);
    }
    expect(() => extraNode(1, '/state', '/run/pc')).toThrow(RangeError);
    expect(() => extraNode(4, '/state', '/run/pc')).toThrow(RangeError);
  });

  it('run a containerd of their own: root, state, socket, runc root, CNI configuration, netns under its state', () => {
    const toml = extraNodeConfigs(files, node2, 'pause:1')['containerd.toml']!;
    expect(toml).toContain('root = "/state/nodes/2/containerd"');
    expect(toml).toContain('state = "/run/pc/nodes/2/containerd"');
    expect(toml).toContain('address = "/run/pc/nodes/2/containerd/containerd.sock"');
    expect(toml).toContain('Root = "/run/pc/nodes/2/runc"');
    expect(toml).toContain('conf_dir = "/state/nodes/2/config/cni"');
    expect(toml).toContain('netns_mounts_under_state_dir = true');
    expect(toml).toContain('restrict_oom_score_adj = true');
    // The registries' host configuration is the cluster's, shared.
    expect(toml).toContain(`config_path = "${files.registryHosts}"`);
    expect(toml).not.toBe(containerdConfig(files, 'pause:1', '/state/config/cni'));
  });

  it('give each node its bridge and subnet, with its own IPAM data', () => {
    const cni = JSON.parse(extraNodeConfigs(files, node3, 'pause:1')['cni/10-pod-conformance.conflist']!) as {
      name: string;
      plugins: unknown[];
    };
    expect(cni.name).toBe('pod-conformance');
    expect(cni.plugins[0]).toMatchObject({
      type: 'bridge',
      bridge: 'pcbr2',
      ipam: { dataDir: '/state/nodes/3/cni', ranges: [[{ subnet: '10.213.2.0/24' }]] },
    });
  });

  it("configure the kubelet on the node's address, cgroup root, certificates and containerd, with node 1's DNS", () => {
    const k = parse(extraNodeConfigs(files, node2, 'pause:1')['kubelet.yaml']!) as Record<string, unknown>;
    expect(k).toMatchObject({
      address: '10.213.255.2',
      healthzBindAddress: '10.213.255.2',
      cgroupRoot: '/pc-node-2',
      containerRuntimeEndpoint: 'unix:///run/pc/nodes/2/containerd/containerd.sock',
      clusterDNS: [NETWORK.nodeIP],
      tlsCertFile: '/state/pki/kubelet-serving-2.crt',
      podLogsDir: '/state/nodes/2/pod-logs',
      oomScoreAdj: 0,
      failCgroupV1: false,
    });
    const kc = parse(extraNodeConfigs(files, node2, 'pause:1')['kubelet.kubeconfig']!) as {
      users: { user: Record<string, string> }[];
      clusters: { cluster: { server: string } }[];
    };
    expect(kc.users[0]!.user['client-certificate']).toBe('/state/pki/kubelet-2.crt');
    expect(kc.clusters[0]!.cluster.server).toBe(`https://${NETWORK.nodeIP}:6443`);
    const argv = nodeCommandLine('kubelet', node2).args;
    expect(argv).toContain('--hostname-override=pod-conformance-node-2');
    expect(argv).toContain('--node-ip=10.213.255.2');
    expect(argv).toContain('--root-dir=/state/nodes/2/kubelet');
    expect(nodeCommandLine('containerd', node2).args).toEqual(['--config=/state/nodes/2/config/containerd.toml']);
  });

  it('issue the kubelet a client certificate as system:node:<name> and a serving one for its address', () => {
    const [client, serving] = nodeCertSpecs(node2);
    expect(subject(client!)).toBe('/O=system:nodes/CN=system:node:pod-conformance-node-2');
    expect(opensslExtensions(client!)).toContain('extendedKeyUsage=clientAuth');
    expect(opensslExtensions(serving!)).toContain('extendedKeyUsage=serverAuth');
    expect(opensslExtensions(serving!)).toContain('subjectAltName=DNS:pod-conformance-node-2,IP:10.213.255.2');
  });
});

describe('leftovers of the local cluster on the host', () => {
  const owned = { state: '/state', run: '/run/pc', binCache: '/cache/bin', network: 'pod-conformance' };
  const clean: HostSnapshot = {
    processes: [
      { pid: 1, cmdline: '/sbin/init', cgroups: ['/'] },
      { pid: 50, cmdline: '/usr/bin/containerd', cgroups: ['/system'] },
    ],
    mounts: [
      { point: '/', type: 'ext4' },
      { point: '/run/netns/other', type: 'nsfs' },
      { point: '/run/pcx', type: 'tmpfs' },
    ],
    links: ['1: lo: <LOOPBACK,UP> mtu 65536', '2: eth0: <BROADCAST> mtu 1500', '3: docker0: <BROADCAST> mtu 1500'],
    loAddresses: ['127.0.0.1/8', '10.213.254.1/32'],
    iptables: '*filter\n:INPUT ACCEPT [0:0]\n:CNI-FORWARD - [0:0]\n-A FORWARD -j CNI-FORWARD\nCOMMIT\n',
    cgroups: ['cpu/system.slice', 'memory/user'],
    directories: [],
  };

  it('finds nothing on a clean host (other tools and look-alike names are not ours)', () => {
    expect(inventory(clean, owned)).toEqual([]);
  });

  it('finds each kind of thing the cluster leaves', () => {
    const dirty: HostSnapshot = {
      processes: [
        ...clean.processes,
        { pid: 7, cmdline: '/cache/bin/cluster-1/kubelet --config=/state/nodes/2/config/kubelet.yaml', cgroups: ['/'] },
        {
          pid: 8,
          cmdline: '/usr/bin/containerd-shim-runc-v2 -address /run/pc/nodes/2/containerd/containerd.sock',
          cgroups: ['/'],
        },
        { pid: 9, cmdline: '/pause', cgroups: ['/pc-node-3/kubepods/besteffort/pod1/abc'] },
        { pid: 10, cmdline: 'sleep 3600', cgroups: ['/kubepods/burstable/pod2/def'] },
      ],
      mounts: [
        ...clean.mounts,
        { point: '/run/pc/nodes/2/containerd/netns/cni-1234', type: 'nsfs' },
        { point: '/state/nodes/3/kubelet/pods/x/volumes/kubernetes.io~empty-dir/cache', type: 'tmpfs' },
      ],
      links: [
        ...clean.links,
        '4: pcbr1: <BROADCAST,MULTICAST,UP> mtu 1500',
        '5: veth1a2b3c@if2: <BROADCAST,UP> mtu 1500 master pcbr1 state UP',
      ],
      loAddresses: [...clean.loAddresses, '10.213.255.2/32'],
      iptables:
        '*nat\n:KUBE-SERVICES - [0:0]\n:CNI-abc - [0:0]\n-A POSTROUTING -s 10.213.1.5/32 -m comment --comment "name: \\"pod-conformance\\" id: \\"x\\"" -j CNI-abc\nCOMMIT\n',
      cgroups: [...clean.cgroups, 'memory/pc-node-2', 'cpu/kubepods'],
      directories: ['/run/pc'],
    };
    const found = inventory(dirty, owned);
    expect(found).toEqual([
      'process 7: /cache/bin/cluster-1/kubelet --config=/state/nodes/2/config/kubelet.yaml',
      'process 8: /usr/bin/containerd-shim-runc-v2 -address /run/pc/nodes/2/containerd/containerd.sock',
      'process 9: /pause',
      'process 10: sleep 3600',
      'network namespace mounted at /run/pc/nodes/2/containerd/netns/cni-1234',
      'mount /state/nodes/3/kubelet/pods/x/volumes/kubernetes.io~empty-dir/cache (tmpfs)',
      'bridge pcbr1',
      'link veth1a2b3c on a pod bridge',
      'node address 10.213.255.2/32 on lo',
      'iptables chain nat/KUBE-SERVICES',
      expect.stringMatching(/^iptables rule nat: -A POSTROUTING -s 10\.213\.1\.5\/32/),
      'cgroup memory/pc-node-2',
      'cgroup cpu/kubepods',
      'directory /run/pc',
    ]);
  });
});

describe('cgroups of a crashed node', () => {
  it('lists the processes left in a cgroup tree, at every depth', () => {
    const root = mkdtempSync(join(tmpdir(), 'cgroup-'));
    mkdirSync(join(root, 'kubepods', 'besteffort', 'pod1', 'abc'), { recursive: true });
    writeFileSync(join(root, 'cgroup.procs'), '');
    writeFileSync(join(root, 'kubepods', 'cgroup.procs'), '');
    writeFileSync(join(root, 'kubepods', 'besteffort', 'cgroup.procs'), '');
    writeFileSync(join(root, 'kubepods', 'besteffort', 'pod1', 'cgroup.procs'), '26429\n');
    writeFileSync(join(root, 'kubepods', 'besteffort', 'pod1', 'abc', 'cgroup.procs'), '26462\n26470\n');
    expect(cgroupProcesses(root).sort()).toEqual([26429, 26462, 26470]);
    expect(cgroupProcesses(join(root, 'absent'))).toEqual([]);
  });
});

describe("every node's readiness from one kubectl call", () => {
  it('reads name and Ready status per line; a node without a Ready condition is not ready', () => {
    const ready = parseNodesReadiness(
      'pod-conformance-node\tTrue\npod-conformance-node-2\tFalse\npod-conformance-node-3\t\n',
    );
    expect([...ready]).toEqual([
      ['pod-conformance-node', true],
      ['pod-conformance-node-2', false],
      ['pod-conformance-node-3', false],
    ]);
    expect(parseNodesReadiness('').size).toBe(0);
  });
});
