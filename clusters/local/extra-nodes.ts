/**
 * The extra nodes of a multi-node local cluster (POD_CONFORMANCE_LOCAL_NODES=2..3, `cluster up
 * --nodes N`): each a kubelet with a containerd of its own on the same host (layout.ts
 * extraNode, config.ts extraNodeConfigs for the network variant and why). They join a running
 * node 1 and leave it again without touching it, so nodes can be added to and removed from the
 * shared cluster while it serves runs; `cluster down` removes every one that may exist, also after
 * a crash (removeExtraNode needs nothing but the node's number).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { archivedImage, buildImageArchives, LOGICAL_IMAGES, readTar } from '../images/index.ts';
import { ClusterError, type Progress } from '../provider.ts';
import { firstLine, lastLines } from '../shared/text.ts';
import type { LocalCluster } from './cluster.ts';
import { nodeCommandLine } from './components.ts';
import { extraNodeConfigs, kubeProxyConfig } from './config.ts';
import { killShims, prepareNodeNetwork, removeCgroupTree, removeNodeNetwork, unmountUnder } from './host.ts';
import { extraNode, extraNodes, MAX_LOCAL_NODES, type ExtraNode } from './layout.ts';
import { ensureCerts, nodeCertSpecs } from './pki.ts';

/** Extra nodes whose state directory exists: started once and not removed since. */
export function presentExtraNodes(cluster: LocalCluster): ExtraNode[] {
  return extraNodes(MAX_LOCAL_NODES, cluster.dirs.state, cluster.dirs.run).filter((n) => existsSync(n.files.state));
}

export function nodeOf(cluster: LocalCluster, index: number): ExtraNode {
  return extraNode(index, cluster.dirs.state, cluster.dirs.run);
}

/**
 * Whether both processes of the node run and its Node object reports Ready; `ready`: every node's
 * Ready as one kubectl call read it (LocalCluster.nodesReadiness), else the node is asked alone.
 */
export async function extraNodeState(
  cluster: LocalCluster,
  node: ExtraNode,
  ready?: Map<string, boolean>,
): Promise<'ready' | 'not ready' | 'processes down'> {
  const up =
    (await cluster.processes.alive(node.processes.containerd)) &&
    (await cluster.processes.alive(node.processes.kubelet));
  if (!up) return 'processes down';
  return (ready ? ready.get(node.name) === true : await cluster.nodeReady(node.name)) ? 'ready' : 'not ready';
}

/**
 * Brings the cluster to `wanted` nodes (node 1 counts): starts the missing extra nodes (and
 * restarts one whose processes died), removes those beyond. `wanted` undefined (nobody asked)
 * changes nothing: a run that did not ask for nodes never waits for or fails on an extra node
 * (cluster status shows how they are). Removing a node under live runs is refused.
 */
export async function reconcileExtraNodes(
  cluster: LocalCluster,
  wanted: number | undefined,
  liveRuns: number,
  progress: Progress,
): Promise<void> {
  if (wanted === undefined) return;
  const count = wanted;
  const present = presentExtraNodes(cluster).map((n) => n.index);
  const surplus = present.filter((i) => i > count);
  if (surplus.length > 0 && liveRuns > 0) {
    throw new ClusterError(
      `refusing to remove node(s) ${surplus.join(', ')} of the local cluster: ${liveRuns} run(s) are using it; wait for them to finish, then bring it to ${count} node(s) again (cluster up --nodes ${count})`,
    );
  }
  // Every node beyond the count, also one whose state a crash lost (its bridge, address, cgroups).
  for (let index = MAX_LOCAL_NODES; index > count; index--) {
    await removeExtraNode(cluster, nodeOf(cluster, index), progress);
  }
  const wantedNodes = extraNodes(count, cluster.dirs.state, cluster.dirs.run);
  if (wantedNodes.length > 0) await widenKubeProxy(cluster, progress);
  for (const node of wantedNodes) {
    const state = await extraNodeState(cluster, node);
    if (state === 'ready') continue;
    if (state === 'processes down') await startExtraNode(cluster, node, progress);
    await cluster.waitFor(`node ${node.name} to be Ready`, 180_000, () => cluster.nodeReady(node.name));
  }
}

/**
 * kube-proxy counts pods of every node's subnet as the cluster's (CLUSTER_POD_RANGE). A node 1
 * started with an older configuration gets the new one and a kube-proxy restart (a second or two
 * of no new Service rules; connections stay).
 */
async function widenKubeProxy(cluster: LocalCluster, progress: Progress): Promise<void> {
  const file = join(cluster.files.config, 'kube-proxy.yaml');
  const body = kubeProxyConfig(cluster.files);
  if (!existsSync(file) || (await readFile(file, 'utf8')) === body) return;
  await writeFile(file, body, { mode: 0o600 });
  if (await cluster.processes.alive('kube-proxy')) {
    progress.step('kube-proxy: every node subnet is the cluster range now; restarting it');
    await cluster.processes.stop('kube-proxy');
    await cluster.startComponent('kube-proxy', progress);
  }
}

/** Starts one extra node on a running node 1: host changes, certificates, configuration, containerd, images, kubelet. */
export async function startExtraNode(cluster: LocalCluster, node: ExtraNode, progress: Progress): Promise<void> {
  progress.step(`node ${node.name}: address ${node.ip}, bridge ${node.bridge}, subnet ${node.podCIDR}`);
  // A node whose processes died: clear what they left before starting afresh (its pods are gone).
  await stopExtraNodeProcesses(cluster, node);
  const f = node.files;
  for (const dir of [f.config, f.cniConf, f.cniData, f.containerdRoot, f.containerdState, f.kubeletRoot, f.podLogs]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  await prepareNodeHost(node);
  await ensureCerts(cluster.files.pki, nodeCertSpecs(node));
  const configs = extraNodeConfigs(cluster.files, node, LOGICAL_IMAGES.pause, cluster.options.runtime);
  for (const [name, body] of Object.entries(configs)) await writeFile(join(f.config, name), body, { mode: 0o600 });

  await startProcess(cluster, node, 'containerd', progress);
  await cluster.waitFor(`containerd of ${node.name} to listen`, 30_000, () =>
    Promise.resolve(existsSync(f.containerdSocket)),
  );
  // The test images before the kubelet: the node is never Ready without them.
  const archives = await buildImageArchives(progress);
  await importArchives(
    (args) => cluster.ctr(args, undefined, f.containerdSocket),
    archives.map((a) => a.archive),
    progress,
    node.name,
  );
  await startProcess(cluster, node, 'kubelet', progress);
}

async function startProcess(
  cluster: LocalCluster,
  node: ExtraNode,
  process: 'containerd' | 'kubelet',
  progress: Progress,
): Promise<void> {
  const name = node.processes[process];
  progress.step(`starting ${name}`);
  const { binary, args } = nodeCommandLine(process, node);
  const path = process === 'containerd' ? binary : join(cluster.binDir!, binary);
  await cluster.processes.start(name, path, args, cluster.env());
  await new Promise((r) => setTimeout(r, 300));
  if (!(await cluster.processes.alive(name))) {
    const log = await readFile(cluster.processes.logFile(name), 'utf8').catch(() => '');
    throw new ClusterError(`${name} exited right after start: ${lastLines(log, 3)}`);
  }
}

/**
 * Imports each archive whose image the containerd lacks or holds at another digest; an image
 * already there is left alone (importing it again while pods start makes the kubelet miss it).
 */
export async function importArchives(
  ctr: (args: string[]) => Promise<{ exitCode?: number; stdout: string; all?: string }>,
  archives: string[],
  progress: Progress,
  where: string,
): Promise<void> {
  const listed = await ctr(['-n', 'k8s.io', 'images', 'ls']);
  const present = listed.exitCode === 0 ? imageDigests(listed.stdout) : new Map<string, string>();
  for (const archive of archives) {
    const image = archivedImage(readTar(await readFile(archive)), archive);
    if (present.get(image.name) === image.digest) {
      progress.step(`${image.name}: already in the containerd of ${where}`);
      continue;
    }
    progress.step(`importing ${archive.split('/').pop()} into the containerd of ${where}`);
    const r = await ctr(['-n', 'k8s.io', 'images', 'import', '--no-unpack', archive]);
    if (r.exitCode !== 0) throw new ClusterError(`ctr images import ${archive} failed: ${lastLines(r.all ?? '', 3)}`);
  }
}

/** `ctr images ls` output → image name to manifest digest (pure, for tests). */
export function imageDigests(listing: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const line of listing.split('\n').slice(1)) {
    const [name, , digest] = line.trim().split(/\s+/);
    if (name && digest?.startsWith('sha256:')) digests.set(name, digest);
  }
  return digests;
}

/** The node's bridge (with node 1's neighbour settings), its /32 on lo, its cgroup root in every hierarchy. */
async function prepareNodeHost(node: ExtraNode): Promise<void> {
  await prepareNodeNetwork(node.bridge, node.ip);
  // The kubelet refuses a cgroupRoot that does not exist; cpuset needs its CPUs and memory nodes set.
  for (const hierarchy of await cgroupHierarchies()) {
    const dir = join(hierarchy, node.cgroupRoot);
    await mkdir(dir, { recursive: true });
    if (hierarchy.endsWith('/cpuset')) {
      for (const file of ['cpuset.cpus', 'cpuset.mems']) {
        const current = (await readFile(join(dir, file), 'utf8')).trim();
        if (current === '') await writeFile(join(dir, file), await readFile(join(hierarchy, file), 'utf8'));
      }
    }
  }
}

/** Mounted cgroup hierarchies under /sys/fs/cgroup (v1 controllers, and the unified one). */
export async function cgroupHierarchies(root = '/sys/fs/cgroup'): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(root, e.name));
  // A pure cgroup v2 host has its files right here: the root itself is the one hierarchy.
  return existsSync(join(root, 'cgroup.controllers')) ? [root] : dirs;
}

async function stopExtraNodeProcesses(cluster: LocalCluster, node: ExtraNode): Promise<string[]> {
  const stopped: string[] = [];
  if (await cluster.processes.stop(node.processes.kubelet)) stopped.push(node.processes.kubelet);
  if ((await cluster.processes.alive(node.processes.containerd)) && cluster.binDir) {
    // With the kubelet gone, CRI removes the sandboxes, so CNI releases addresses, veths and rules.
    const r = await execa(join(cluster.binDir, 'cri-cleanup'), [`unix://${node.files.containerdSocket}`], {
      reject: false,
      all: true,
    });
    if (r.exitCode !== 0) stopped.push(`(cri-cleanup of ${node.name}: ${firstLine(r.all ?? '')})`);
  }
  if (await cluster.processes.stop(node.processes.containerd)) stopped.push(node.processes.containerd);
  killShims(node.files.containerdSocket);
  return stopped;
}

/**
 * Removes an extra node entirely: its processes, what they left on the host (mounts, pod network
 * namespaces under its run directory, cgroups, bridge, address), its directories, and its Node
 * object when the API server answers. Needs only the node's number: after a crash too.
 */
export async function removeExtraNode(cluster: LocalCluster, node: ExtraNode, progress: Progress): Promise<void> {
  const stopped = await stopExtraNodeProcesses(cluster, node);
  await unmountUnder([node.files.kubeletRoot, node.files.containerdRoot, node.files.run]);
  for (const hierarchy of await cgroupHierarchies()) await removeCgroupTree(join(hierarchy, node.cgroupRoot));
  await removeNodeNetwork(node.bridge, node.ip);
  await rm(node.files.run, { recursive: true, force: true });
  await rm(node.files.state, { recursive: true, force: true });
  if (cluster.binDir && (await cluster.apiReady())) {
    await cluster.kubectl(['delete', 'node', node.name, '--ignore-not-found', '--wait=false']);
  }
  if (stopped.length > 0) progress.step(`node ${node.name} removed (stopped ${stopped.join(', ')})`);
}
