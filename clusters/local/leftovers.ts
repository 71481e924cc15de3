/**
 * What the local cluster has on the host, found from the host's side: processes, mounts (network
 * namespaces included: they are nsfs mounts under the cluster's run directory), network links
 * (the pod bridges and the veths on them), node addresses on `lo`, iptables chains and rules,
 * cgroups, directories. After `cluster down` the inventory must be empty: `down` reports anything
 * it finds, and `cluster leftovers` prints it (exit 1 when there is something).
 * inventory() is pure (its input is a snapshot of the host); hostSnapshot() takes one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface HostSnapshot {
  /** Every process: its pid, argv joined by spaces, and the paths of its cgroups (/proc/<pid>/cgroup). */
  processes: { pid: number; cmdline: string; cgroups: string[] }[];
  /** Mount points with their filesystem type (/proc/self/mountinfo). */
  mounts: { point: string; type: string }[];
  /** `ip -o link show` lines. */
  links: string[];
  /** IPv4 addresses on lo, as `a.b.c.d/len`. */
  loAddresses: string[];
  /** iptables-save and ip6tables-save output, concatenated. */
  iptables: string;
  /** Top-level cgroup directory names per hierarchy: `cpu/kubepods`. */
  cgroups: string[];
  /** Paths that exist among the cluster's own directories. */
  directories: string[];
}

export interface Owned {
  /** The cluster's state directory (~/.local/state/pod-conformance/local). */
  state: string;
  /** Its run directory (/run/pod-conformance). */
  run: string;
  /** The binary cache (processes run from it are the cluster's). */
  binCache: string;
  /** The CNI network name, in the comment of every rule CNI makes for it. */
  network: string;
}

const NODE_ADDRESS = /^10\.213\.255\.\d+\/32$/;
const BRIDGE = /^pcbr\d+$/;
const CGROUP = /\/(kubepods|pc-node-\d+)(\/|$)/;

const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/** One line per thing of the cluster's found in the snapshot; empty when the host is clean. */
export function inventory(host: HostSnapshot, owned: Owned): string[] {
  const found: string[] = [];
  const roots = [owned.state, owned.run];
  for (const p of host.processes) {
    const byPath = [...roots, owned.binCache].some((r) => p.cmdline.includes(r));
    const byCgroup = p.cgroups.some((c) => CGROUP.test(c));
    if (byPath || byCgroup) found.push(`process ${p.pid}: ${p.cmdline.slice(0, 120)}`);
  }
  for (const m of host.mounts) {
    if (roots.some((r) => under(m.point, r))) {
      found.push(m.type === 'nsfs' ? `network namespace mounted at ${m.point}` : `mount ${m.point} (${m.type})`);
    }
  }
  for (const line of host.links) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1];
    if (!name) continue;
    if (BRIDGE.test(name)) found.push(`bridge ${name}`);
    else if (/\bmaster pcbr\d+\b/.test(line)) found.push(`link ${name} on a pod bridge`);
  }
  for (const a of host.loAddresses) if (NODE_ADDRESS.test(a)) found.push(`node address ${a} on lo`);
  let table = '';
  const tag = `name: \\"${owned.network}\\"`;
  for (const line of host.iptables.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    const chain = /^:(KUBE-\S+)/.exec(line)?.[1];
    if (chain) found.push(`iptables chain ${table}/${chain}`);
    if (line.startsWith('-A ') && line.includes(tag)) found.push(`iptables rule ${table}: ${line.slice(0, 120)}`);
  }
  for (const c of host.cgroups) if (CGROUP.test(`/${c.split('/').slice(1).join('/')}`)) found.push(`cgroup ${c}`);
  for (const d of host.directories) found.push(`directory ${d}`);
  return found;
}

/** The host as it is now (Linux; run as root to see every process and every table). */
export async function hostSnapshot(owned: Owned): Promise<HostSnapshot> {
  const processes: HostSnapshot['processes'] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      const cgroups = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
        .split('\n')
        .map((l) => l.split(':').slice(2).join(':'))
        .filter(Boolean);
      if (cmdline) processes.push({ pid: Number(pid), cmdline, cgroups });
    } catch {
      // gone meanwhile
    }
  }
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const fields = l.split(' ');
      const dash = fields.indexOf('-');
      return { point: (fields[4] ?? '').replace(/\\040/g, ' '), type: fields[dash + 1] ?? '' };
    });
  const links = (await execa('ip', ['-o', 'link', 'show'], { reject: false })).stdout.split('\n').filter(Boolean);
  const lo = (await execa('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { reject: false })).stdout;
  const loAddresses = [...lo.matchAll(/inet (\S+)/g)].map((m) => m[1]!);
  let iptables = '';
  for (const tool of ['iptables-save', 'ip6tables-save']) {
    iptables += (await execa(tool, [], { reject: false })).stdout + '\n';
  }
  const cgroups: string[] = [];
  const root = '/sys/fs/cgroup';
  if (existsSync(root)) {
    for (const h of readdirSync(root)) {
      try {
        for (const c of readdirSync(join(root, h))) if (/^(kubepods|pc-node-\d+)$/.test(c)) cgroups.push(`${h}/${c}`);
      } catch {
        // not a directory
      }
    }
  }
  const directories = [owned.state, owned.run].filter((d) => existsSync(d));
  return { processes, mounts, links, loAddresses, iptables, cgroups, directories };
}
