import { describe, expect, it } from 'vitest';
import {
  networkLeftovers,
  pluginChains,
  podmanBridges,
  removals,
  type HostBefore,
} from '../../clusters/kind/host-state.ts';

// iptables-save of this VM (trimmed to what matters) with a kind node on our network running …
const running = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:CNI-ADMIN - [0:0]
:CNI-FORWARD - [0:0]
:KUBE-FORWARD - [0:0]
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN
-A CNI-FORWARD -d 10.89.0.2/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A CNI-FORWARD -s 10.89.0.2/32 -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:CNI-416a3e8d913017fbee2b9b9e - [0:0]
:CNI-DN-416a3e8d913017fbee2b9 - [0:0]
:CNI-HOSTPORT-DNAT - [0:0]
:CNI-HOSTPORT-MASQ - [0:0]
:CNI-HOSTPORT-SETMARK - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
-A POSTROUTING -s 10.89.0.2/32 -m comment --comment "name: \\"pod-conformance-kind\\" id: \\"5dea93\\"" -j CNI-416a3e8d913017fbee2b9b9e
-A CNI-416a3e8d913017fbee2b9b9e ! -d 224.0.0.0/4 -m comment --comment "name: \\"pod-conformance-kind\\" id: \\"5dea93\\"" -j MASQUERADE
-A CNI-DN-416a3e8d913017fbee2b9 -d 127.0.0.1/32 -p tcp -m tcp --dport 45617 -j DNAT --to-destination 10.89.0.2:6443
-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"pod-conformance-kind\\" id: \\"5dea93\\"" -m multiport --dports 45617 -j CNI-DN-416a3e8d913017fbee2b9
-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
COMMIT
`;

// … and once the node and its network are gone: the plugins' top-level chains stay, empty.
const after = running
  .split('\n')
  .filter((l) => !/10\.89\.0\.2|CNI-416a|CNI-DN-416a/.test(l))
  .join('\n');

const clean: HostBefore = { chains: [], bridges: [], networksDir: false, networkDir: false, recordedAt: '' };

describe('the host after a kind cluster on podman', () => {
  it('names the plugin chains present', () => {
    expect(pluginChains(after)).toEqual([
      'filter/CNI-ADMIN',
      'filter/CNI-FORWARD',
      'nat/CNI-HOSTPORT-DNAT',
      'nat/CNI-HOSTPORT-MASQ',
      'nat/CNI-HOSTPORT-SETMARK',
    ]);
  });

  it('removes the chains made since the record, jumps first, in one transaction per table', () => {
    const plan = removals(after, []);
    expect(plan).toEqual([
      {
        table: 'filter',
        chains: ['filter/CNI-FORWARD', 'filter/CNI-ADMIN'],
        script: [
          '*filter',
          '-D FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD',
          '-D CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN',
          '-X CNI-FORWARD',
          '-X CNI-ADMIN',
          'COMMIT',
          '',
        ].join('\n'),
      },
      {
        table: 'nat',
        chains: ['nat/CNI-HOSTPORT-DNAT', 'nat/CNI-HOSTPORT-MASQ', 'nat/CNI-HOSTPORT-SETMARK'],
        script: [
          '*nat',
          '-D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
          '-D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
          '-D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ',
          '-D CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE',
          '-D CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000',
          '-X CNI-HOSTPORT-DNAT',
          '-X CNI-HOSTPORT-MASQ',
          '-X CNI-HOSTPORT-SETMARK',
          'COMMIT',
          '',
        ].join('\n'),
      },
    ]);
  });

  it('never touches a chain that was there before, nor one a running container still uses', () => {
    expect(removals(after, pluginChains(after))).toEqual([]);
    // The nat chains were there before (another engine's portmap): only filter's go.
    expect(removals(after, ['nat/CNI-HOSTPORT-DNAT', 'nat/CNI-HOSTPORT-MASQ', 'nat/CNI-HOSTPORT-SETMARK'])).toEqual([
      expect.objectContaining({ table: 'filter', chains: ['filter/CNI-FORWARD', 'filter/CNI-ADMIN'] }),
    ]);
    // CNI-FORWARD there before, CNI-ADMIN not: CNI-FORWARD's jump keeps CNI-ADMIN too.
    const [filter, nat] = removals(after, ['filter/CNI-FORWARD']);
    expect(filter).toEqual({ table: 'filter', inUse: 'filter/CNI-FORWARD, there before, jumps to CNI-ADMIN' });
    expect(nat && 'script' in nat).toBe(true);
    // A container still running (ours or anyone's): both tables left alone, and said why.
    const inUse = removals(running, []).map((r) => ('inUse' in r ? `${r.table}: ${r.inUse}` : r.table));
    expect(inUse).toHaveLength(2);
    expect(inUse[0]).toMatch(/^filter: filter\/CNI-FORWARD still holds CNI-FORWARD -d 10\.89\.0\.2\/32/);
    expect(inUse[1]).toMatch(/^nat: nat\/CNI-HOSTPORT-DNAT still holds CNI-HOSTPORT-DNAT -p tcp/);
  });

  it("lists what is left: chains and bridges made since the record and nobody else's, rules naming the network, its IPAM directory", () => {
    const links = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN',
      '7: cni-podman0: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN',
      '9: cni-podman1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP',
      '10: vethc3ffb488@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni-podman1 state UP',
    ];
    expect(podmanBridges(links)).toEqual(['cni-podman0', 'cni-podman1']);
    // Our node gone but its rules and bridge left: the rules name our network, the bridge no network claims.
    const left = networkLeftovers(running, 'pod-conformance-kind', links, [], true, {
      ...clean,
      bridges: ['cni-podman0'],
    });
    expect(left).toContain("bridge cni-podman1 (no podman network's)");
    expect(left.filter((l) => l.startsWith('iptables rule nat:'))).toHaveLength(3);
    expect(left).toContain('directory /var/lib/cni/networks/pod-conformance-kind');
    // The chains then hold a container's rules: not counted as chains (the rules are).
    expect(left.filter((l) => l.startsWith('iptables chain'))).toEqual([]);
    // Once only the plugins' fixed rules are in them, the chains made since are left over.
    const emptied = networkLeftovers(
      after,
      'pod-conformance-kind',
      links,
      ['cni-podman0', 'cni-podman1'],
      false,
      clean,
    );
    expect(emptied).toEqual([
      "iptables chain filter/CNI-FORWARD (podman's CNI plugins)",
      "iptables chain filter/CNI-ADMIN (podman's CNI plugins)",
      "iptables chain nat/CNI-HOSTPORT-DNAT (podman's CNI plugins)",
      "iptables chain nat/CNI-HOSTPORT-MASQ (podman's CNI plugins)",
      "iptables chain nat/CNI-HOSTPORT-SETMARK (podman's CNI plugins)",
    ]);
    // Someone else's podman container on another network uses the chains now: not ours to report.
    const theirs = after.replace('COMMIT\n*nat', '-A CNI-FORWARD -s 10.88.0.7/32 -j ACCEPT\nCOMMIT\n*nat');
    expect(networkLeftovers(theirs, 'pod-conformance-kind', [], [], false, clean)).toEqual(emptied.slice(2));
    // Without a record only what names the network is ours.
    expect(networkLeftovers(after, 'pod-conformance-kind', links, [], true, undefined)).toEqual([]);
    const lo = links.slice(0, 1);
    expect(networkLeftovers('', 'pod-conformance-kind', lo, [], false, clean)).toEqual([]);
  });
});
