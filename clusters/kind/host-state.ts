/**
 * What the kind path leaves on the host, and how `cluster down` takes it back to how it found it.
 *
 * podman's CNI plugins make per-container rules (removed with the container) and top-level chains
 * they never delete: the firewall plugin's `CNI-FORWARD` and `CNI-ADMIN` (filter, jumped to from
 * FORWARD), the portmap plugin's `CNI-HOSTPORT-DNAT/-MASQ/-SETMARK` (nat, jumped to from
 * PREROUTING, OUTPUT and POSTROUTING). host-local IPAM keeps /var/lib/cni/networks/<network>.
 * Before the kind path first touches the host, the chains and directories already there are
 * recorded (host-before.json in the kind state directory); `down`, once the nodes and the network
 * are gone, removes those made since, but only while they hold nothing but the plugins' own fixed
 * rules (a rule of a container still running, ours or anyone's, leaves them all in place), in one
 * iptables-restore transaction per table (all or nothing: a rule added meanwhile makes it fail).
 * A chain already there before is never touched.
 *
 * The pure parts (what to remove, what is left) take iptables-save text; the rest runs the tools.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/** The top-level chains podman's CNI plugins create and never delete, per table. */
export const PLUGIN_CHAINS: Record<string, readonly string[]> = {
  filter: ['CNI-FORWARD', 'CNI-ADMIN'],
  nat: ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK'],
};

/**
 * The rules the plugins put in their own chains whoever uses them (containernetworking/plugins
 * firewall and portmap); any other rule there belongs to a container that still runs.
 */
const FIXED_RULES: readonly RegExp[] = [
  /^-A CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN$/,
  /^-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000\/0x2000 -j MASQUERADE$/,
  /^-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000\/0x2000$/,
];

/** Where host-local IPAM keeps its reservations (the CNI default). */
export const CNI_NETWORKS_DIR = '/var/lib/cni/networks';

export interface HostBefore {
  /** `table/chain` of the plugin chains that existed before. */
  chains: string[];
  /** The podman bridges (cni-podman*) that existed before. */
  bridges: string[];
  /** Whether /var/lib/cni/networks existed, and our network's directory in it. */
  networksDir: boolean;
  networkDir: boolean;
  recordedAt: string;
}

/** The iptables-save text split by table: its chain names and its `-A` lines. */
export function parseSave(save: string): Map<string, { chains: Set<string>; rules: string[] }> {
  const tables = new Map<string, { chains: Set<string>; rules: string[] }>();
  let current: { chains: Set<string>; rules: string[] } | undefined;
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) {
      const name = line.slice(1).trim();
      current = tables.get(name) ?? { chains: new Set(), rules: [] };
      tables.set(name, current);
    } else if (line.startsWith(':') && current) {
      current.chains.add(line.slice(1).split(' ')[0]!);
    } else if (line.startsWith('-A ') && current) {
      current.rules.push(line.trim());
    }
  }
  return tables;
}

/** The plugin chains present, as `table/chain`. */
export function pluginChains(save: string): string[] {
  const found: string[] = [];
  for (const [table, { chains }] of parseSave(save)) {
    for (const chain of PLUGIN_CHAINS[table] ?? []) if (chains.has(chain)) found.push(`${table}/${chain}`);
  }
  return found.sort();
}

const chainOf = (rule: string) => rule.split(' ')[1]!;
const targetOf = (rule: string) => / -j (\S+)/.exec(rule)?.[1];

export type Removal = { table: string; script: string; chains: string[] } | { table: string; inUse: string };

/**
 * Per table, the iptables-restore input that removes the plugin chains not in `before`: the jumps
 * into them, their fixed rules, the chains. A table whose chains hold any other rule (a running
 * container's) comes back with why it is left alone.
 */
export function removals(save: string, before: readonly string[]): Removal[] {
  const out: Removal[] = [];
  for (const [table, { chains, rules }] of parseSave(save)) {
    const remove = new Set(
      (PLUGIN_CHAINS[table] ?? []).filter((c) => chains.has(c) && !before.includes(`${table}/${c}`)),
    );
    if (remove.size === 0) continue;
    const foreign = rules.find((r) => remove.has(chainOf(r)) && !FIXED_RULES.some((f) => f.test(r)));
    if (foreign) {
      out.push({ table, inUse: `${table}/${chainOf(foreign)} still holds ${foreign.slice(3, 123)}` });
      continue;
    }
    // A chain kept (there before) may jump into one removed only through a fixed rule: CNI-FORWARD → CNI-ADMIN.
    const keptJump = rules.find(
      (r) => !remove.has(chainOf(r)) && remove.has(targetOf(r) ?? '') && chainOf(r).startsWith('CNI-'),
    );
    if (keptJump) {
      out.push({ table, inUse: `${table}/${chainOf(keptJump)}, there before, jumps to ${targetOf(keptJump)}` });
      continue;
    }
    const jumps = rules.filter((r) => !remove.has(chainOf(r)) && remove.has(targetOf(r) ?? ''));
    const inside = rules.filter((r) => remove.has(chainOf(r)));
    const lines = [
      `*${table}`,
      ...[...jumps, ...inside].map((r) => `-D ${r.slice(3)}`),
      ...[...remove].map((c) => `-X ${c}`),
      'COMMIT',
      '',
    ];
    out.push({ table, script: lines.join('\n'), chains: [...remove].map((c) => `${table}/${c}`) });
  }
  return out;
}

/** The names of the podman bridges among `ip -o link show` lines. */
export function podmanBridges(links: string[]): string[] {
  return links.map((l) => /^\d+:\s+(cni-podman\d+)[:@]/.exec(l)?.[1]).filter((n): n is string => !!n);
}

/**
 * What of the kind path's network is on the host (`network` the podman network, `before` the
 * record): plugin chains made since that hold nothing but the plugins' fixed rules (a chain
 * holding a container's rules is that container's, and a container of ours shows by the rules
 * naming our network), podman bridges made since that no podman network claims, rules naming the
 * network, its IPAM directory. Without a record only what names the network is found.
 */
export function networkLeftovers(
  save: string,
  network: string,
  links: string[],
  claimedBridges: string[],
  ipamDirExists: boolean,
  before: HostBefore | undefined,
): string[] {
  const found: string[] = [];
  if (before) {
    for (const r of removals(save, before.chains)) {
      if ('chains' in r) for (const c of r.chains) found.push(`iptables chain ${c} (podman's CNI plugins)`);
    }
    for (const b of podmanBridges(links)) {
      if (!before.bridges.includes(b) && !claimedBridges.includes(b)) found.push(`bridge ${b} (no podman network's)`);
    }
  }
  const tag = `name: \\"${network}\\"`;
  for (const [table, { rules }] of parseSave(save)) {
    for (const r of rules) if (r.includes(tag)) found.push(`iptables rule ${table}: ${r.slice(0, 120)}`);
  }
  if (ipamDirExists && before && !before.networkDir) found.push(`directory ${join(CNI_NETWORKS_DIR, network)}`);
  return found;
}

async function iptablesSave(): Promise<string> {
  return (await execa('iptables-save', [], { reject: false })).stdout;
}

async function linkLines(): Promise<string[]> {
  return (await execa('ip', ['-o', 'link', 'show'], { reject: false })).stdout.split('\n');
}

const beforeFile = (stateDir: string) => join(stateDir, 'host-before.json');

/**
 * Records what was on the host before the kind path changed it, once: a later `up` (the cluster
 * reused or made again before a `down`) keeps the first record.
 */
export async function recordHostBefore(stateDir: string, network: string): Promise<void> {
  if (existsSync(beforeFile(stateDir))) return;
  const before: HostBefore = {
    chains: pluginChains(await iptablesSave()),
    bridges: podmanBridges(await linkLines()),
    networksDir: existsSync(CNI_NETWORKS_DIR),
    networkDir: existsSync(join(CNI_NETWORKS_DIR, network)),
    recordedAt: new Date().toISOString(),
  };
  await writeFile(beforeFile(stateDir), JSON.stringify(before, null, 2) + '\n');
}

export async function readHostBefore(stateDir: string): Promise<HostBefore | undefined> {
  try {
    return JSON.parse(await readFile(beforeFile(stateDir), 'utf8')) as HostBefore;
  } catch {
    return undefined;
  }
}

/**
 * With the nodes and the network gone: removes the plugin chains and the IPAM directory made since
 * `before`. Resolves to what was removed and what was kept, one line each.
 */
export async function restoreHostAfterKind(
  before: HostBefore,
  network: string,
): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const r of removals(await iptablesSave(), before.chains)) {
    if ('inUse' in r) {
      kept.push(`iptables chains of ${r.table} kept: ${r.inUse}`);
      continue;
    }
    const restore = await execa('iptables-restore', ['--noflush'], { input: r.script, reject: false });
    if (restore.exitCode === 0) removed.push(...r.chains.map((c) => `iptables chain ${c}`));
    else kept.push(`iptables chains of ${r.table} kept: iptables-restore: ${restore.stderr.trim().split('\n').at(-1)}`);
  }
  const dir = join(CNI_NETWORKS_DIR, network);
  if (!before.networkDir && existsSync(dir)) {
    await rm(dir, { recursive: true, force: true });
    removed.push(`directory ${dir}`);
  }
  if (!before.networksDir && existsSync(CNI_NETWORKS_DIR) && readdirSync(CNI_NETWORKS_DIR).length === 0) {
    await rmdir(CNI_NETWORKS_DIR).catch(() => undefined);
    removed.push(`directory ${CNI_NETWORKS_DIR}`);
  }
  return { removed, kept };
}

/** Forgets the record once the host is back to it (the next up records afresh). */
export async function forgetHostBefore(stateDir: string): Promise<void> {
  await rm(beforeFile(stateDir), { force: true });
}

/** The host's side of networkLeftovers(): iptables, links, podman's networks' bridges, the IPAM directory. */
export async function networkLeftoversNow(
  network: string,
  before: HostBefore | undefined,
  env: Record<string, string>,
): Promise<string[]> {
  const networks = await execa('podman', ['network', 'ls', '--format', '{{.NetworkInterface}}'], {
    env,
    reject: false,
  });
  return networkLeftovers(
    await iptablesSave(),
    network,
    await linkLines(),
    networks.stdout.split('\n').filter(Boolean),
    existsSync(join(CNI_NETWORKS_DIR, network)),
    before,
  );
}
