/**
 * What the local cluster changes on the host outside its own directories, and how teardown
 * undoes it: sysctls (recorded before they are changed), the pod bridge and the node address,
 * and what the kubelet, CNI and containerd leave behind (iptables chains, network namespaces,
 * mounts, cgroups, shim processes). The provider decides when; this module knows how.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { BRIDGE_NEIGHBOUR_SYSCTLS } from './config.ts';
import { NETWORK, type StateFiles } from './layout.ts';
import { killNow } from './processes.ts';

const SYSCTLS = ['net/ipv4/ip_forward', 'net/bridge/bridge-nf-call-iptables'] as const;

/** Sysctls, the pod bridge and the node address the cluster needs; idempotent. */
export async function prepareHost(files: StateFiles): Promise<void> {
  // Record the host's values once (a restart after a crash must not record ours as theirs).
  if (!existsSync(files.hostState)) {
    const sysctls: Record<string, string> = {};
    for (const s of SYSCTLS) sysctls[s] = readFileSync(`/proc/sys/${s}`, 'utf8').trim();
    await writeFile(files.hostState, JSON.stringify({ sysctls }) + '\n');
  }
  for (const s of SYSCTLS) await writeFile(`/proc/sys/${s}`, '1\n');
  await prepareNodeNetwork(NETWORK.bridge, NETWORK.nodeIP);
}

/**
 * A node's pod bridge, up, with BRIDGE_NEIGHBOUR_SYSCTLS, and its address as a /32 on lo; idempotent.
 * The bridge is ours, made before CNI (which adopts an existing bridge), so its neighbour settings
 * hold from the first pod on. Node 1's (prepareHost) and every extra node's (extra-nodes.ts).
 */
export async function prepareNodeNetwork(bridge: string, ip: string): Promise<void> {
  const link = await execa('ip', ['link', 'show', bridge], { reject: false });
  if (link.exitCode !== 0) await execa('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
  await execa('ip', ['link', 'set', bridge, 'up']);
  for (const [key, value] of Object.entries(BRIDGE_NEIGHBOUR_SYSCTLS)) {
    await writeFile(`/proc/sys/net/ipv4/neigh/${bridge}/${key}`, `${value}\n`);
  }
  const addr = await execa('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { reject: false });
  if (!addr.stdout.includes(` ${ip}/32 `)) await execa('ip', ['addr', 'add', `${ip}/32`, 'dev', 'lo']);
}

/** Undoes prepareNodeNetwork; what is gone already is no error. */
export async function removeNodeNetwork(bridge: string, ip: string): Promise<void> {
  await execa('ip', ['link', 'delete', bridge], { reject: false });
  await execa('ip', ['addr', 'delete', `${ip}/32`, 'dev', 'lo'], { reject: false });
}

/**
 * Undoes prepareHost and removes what the cluster's components left on the host, once they are
 * stopped: iptables chains, pod network namespaces, mounts under the cluster's directories
 * (`runDir` included), kubepods cgroups, the bridge, the node address; then the recorded sysctls.
 */
export async function restoreHost(files: StateFiles, runDir: string): Promise<void> {
  await removeClusterChains('pod-conformance');
  await removePodNetns(NETWORK.podCIDR);
  await unmountUnder([files.kubeletRoot, files.containerdRoot, files.containerdState, runDir]);
  await removeCgroups();
  await removeNodeNetwork(NETWORK.bridge, NETWORK.nodeIP);
  if (existsSync(files.hostState)) {
    const { sysctls } = JSON.parse(await readFile(files.hostState, 'utf8')) as { sysctls: Record<string, string> };
    for (const [k, v] of Object.entries(sysctls)) await writeFile(`/proc/sys/${k}`, `${v}\n`).catch(() => undefined);
  }
}

/** containerd-shim processes started by our containerd (they name its socket in their args). */
export function killShims(containerdSocket: string): void {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.startsWith('/usr/bin/containerd-shim') && cmdline.includes(containerdSocket.replace(/\.sock$/, ''))) {
      killNow(Number(pid));
    }
  }
}

/** Unmounts (lazily, deepest first) every mount at or below one of the roots. */
export async function unmountUnder(roots: string[]): Promise<void> {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4]?.replace(/\\040/g, ' '))
    .filter((m): m is string => !!m && roots.some((r) => m === r || m.startsWith(r + '/')))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await execa('umount', ['-l', m], { reject: false });
}

/** kubepods cgroups the kubelet made, deepest first, in every v1 hierarchy. */
async function removeCgroups(): Promise<void> {
  const root = '/sys/fs/cgroup';
  if (!existsSync(root)) return;
  for (const h of await readdir(root)) await removeCgroupTree(join(root, h, 'kubepods'));
}

/**
 * Removes what the cluster left in iptables (IPv4 and IPv6): every chain named KUBE-* (the
 * kubelet's and kube-proxy's), and the per-pod masquerade chains CNI made for our network (clusters before the bridge stopped
 * masquerading), which
 * stay behind when the cluster stopped without CNI DEL (a killed session, a crash).
 */
async function removeClusterChains(network: string): Promise<void> {
  for (const tool of ['iptables', 'ip6tables']) {
    const saved = await execa(`${tool}-save`, [], { reject: false });
    if (saved.exitCode !== 0) continue;
    for (const cmd of iptablesCleanup(saved.stdout, network)) await execa(tool, cmd, { reject: false });
  }
}

/**
 * iptables arguments that undo the cluster's rules in an iptables-save dump: first the rules in
 * other chains that jump to an owned chain or carry our CNI network's comment (by position,
 * highest first, so earlier positions stay valid), then flush and delete the owned chains.
 */
export function iptablesCleanup(dump: string, network: string): string[][] {
  const tag = `name: \\"${network}\\"`;
  const rules: string[][] = [];
  const owned = new Map<string, Set<string>>();
  const own = (table: string, chain: string) => {
    if (!owned.has(table)) owned.set(table, new Set());
    owned.get(table)!.add(chain);
  };
  let table = '';
  const position = new Map<string, number>();
  for (const line of dump.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      position.clear();
      continue;
    }
    const chain = /^:(KUBE-\S+)/.exec(line);
    if (chain) own(table, chain[1]!);
    const rule = /^-A (\S+) /.exec(line);
    if (!rule) continue;
    const inChain = rule[1]!;
    const n = (position.get(inChain) ?? 0) + 1;
    position.set(inChain, n);
    if (inChain.startsWith('KUBE-')) continue;
    const target = / -j (\S+)/.exec(line)?.[1] ?? '';
    const ours = line.includes(tag);
    if (ours && target.startsWith('CNI-')) own(table, target);
    if (ours || target.startsWith('KUBE-')) rules.push(['-t', table, '-D', inChain, String(n)]);
  }
  rules.reverse();
  const chains = [...owned].flatMap(([t, cs]) => [...cs].map((c) => [t, c] as const));
  return [...rules, ...chains.map(([t, c]) => ['-t', t, '-F', c]), ...chains.map(([t, c]) => ['-t', t, '-X', c])];
}

/** Network namespaces CNI made for our pods (an address in our pod range), left by a crash. */
async function removePodNetns(podCIDR: string): Promise<void> {
  const dir = '/run/netns';
  if (!existsSync(dir)) return;
  const prefix = podCIDR.split('.').slice(0, 3).join('.') + '.';
  for (const ns of await readdir(dir)) {
    if (!ns.startsWith('cni-')) continue;
    const addrs = await execa('ip', ['-n', ns, '-4', '-o', 'addr'], { reject: false });
    if (addrs.stdout.includes(` ${prefix}`)) await execa('ip', ['netns', 'delete', ns], { reject: false });
  }
}

/**
 * Removes a cgroup directory and every cgroup below it, deepest first. Processes still in it
 * (containers whose shim was killed after a crash of their node: reparented, still running) are
 * killed first, or the cgroups stay busy.
 */
export async function removeCgroupTree(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (let attempt = 0; attempt < 20; attempt++) {
    const pids = cgroupProcesses(dir);
    if (pids.length === 0) break;
    for (const pid of pids) killNow(pid);
    await new Promise((r) => setTimeout(r, 100));
  }
  await rmdirTree(dir);
}

/** Every pid in a cgroup directory and below it (cgroup.procs of each). */
export function cgroupProcesses(dir: string): number[] {
  const pids: number[] = [];
  const walk = (d: string) => {
    try {
      const procs = readFileSync(join(d, 'cgroup.procs'), 'utf8');
      for (const line of procs.split('\n')) if (/^\d+$/.test(line.trim())) pids.push(Number(line.trim()));
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    } catch {
      // removed meanwhile
    }
  };
  walk(dir);
  return pids;
}

async function rmdirTree(dir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return;
  }
  for (const e of entries) await rmdirTree(join(dir, e));
  await rmdir(dir).catch(() => undefined);
}
