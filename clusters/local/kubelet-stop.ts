/**
 * `cluster kubelet stop|start <node>`: an extra node's kubelet stopped (its containerd and the
 * containers on it keep running, as on a node whose kubelet died) and started again with exactly
 * the command line it ran with. For the node-failure scenarios (@capability:nodeStop), which stop a
 * kubelet and must see it started again whatever happens to the run.
 *
 * Only the extra nodes (2, 3): node 1 is the host of the control plane's processes and of the
 * registries, and the node a single-node run needs; an extra node is what `cluster up --nodes`
 * adds and removes anyway. The API server, CoreDNS and kube-proxy are host processes, not pods,
 * so a silent extra node takes nothing of the cluster's own with it.
 *
 * The stop leaves a record in the node's state directory (the argv it stopped, when, and the
 * holder: the process that asked, normally a scenario's worker) and a guard, a detached process
 * that starts the kubelet again from that record once the holder is gone without having started
 * it: a run stopped by SIGKILL, or a crashed worker, leaves no silent node behind. `start`
 * removes the record, and the guard then ends.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ClusterError } from '../provider.ts';
import { procStartTime } from '../shared/proc.ts';
import type { LocalCluster } from './cluster.ts';
import { extraNodeState, presentExtraNodes } from './extra-nodes.ts';
import type { ExtraNode } from './layout.ts';

/** What a stop leaves behind: enough to start the same kubelet again, and whom it waits for. */
export interface StopRecord {
  node: string;
  /** The kubelet's command line when it was stopped. */
  argv: string[];
  stoppedAt: string;
  /** The process that asked for the stop; once it is gone the guard starts the kubelet. */
  holder: { pid: number; startTime: string };
}

const recordFile = (node: ExtraNode) => join(node.files.state, 'kubelet-stopped.json');
export const guardLog = (node: ExtraNode) => join(node.files.state, 'kubelet-guard.log');

export function readStopRecord(node: ExtraNode): StopRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(node), 'utf8')) as StopRecord;
  } catch {
    return undefined;
  }
}

/** The extra node of this name, or a one-line refusal naming those there are. */
export function stoppableNode(cluster: LocalCluster, name: string): ExtraNode {
  const nodes = presentExtraNodes(cluster);
  const node = nodes.find((n) => n.name === name);
  if (node) return node;
  throw new ClusterError(
    `node "${name}" is not an extra node of the local cluster, so its kubelet is not stopped by the suite (extra nodes: ${nodes.map((n) => n.name).join(', ') || 'none; cluster up --nodes 2..3'})`,
  );
}

/** The extra nodes whose kubelet runs now: those a scenario may stop. */
export async function runningKubelets(cluster: LocalCluster): Promise<string[]> {
  const names: string[] = [];
  for (const node of presentExtraNodes(cluster)) {
    if (await cluster.processes.alive(node.processes.kubelet)) names.push(node.name);
  }
  return names;
}

/**
 * Stops the node's kubelet (SIGTERM, SIGKILL after 10 s), records how to start it again, and
 * leaves the guard behind. `holderPid` is the process whose end starts it again at the latest.
 */
export async function stopKubelet(
  cluster: LocalCluster,
  node: ExtraNode,
  holderPid: number,
  guardCommand: string[],
): Promise<StopRecord> {
  if (readStopRecord(node)) {
    throw new ClusterError(
      `the kubelet of ${node.name} is stopped already (${recordFile(node)}); start it first: pod-conformance cluster kubelet start ${node.name}`,
    );
  }
  const argv = await cluster.processes.commandLine(node.processes.kubelet);
  if (!argv)
    throw new ClusterError(`the kubelet of ${node.name} is not running; nothing to stop (cluster up --nodes mends it)`);
  const startTime = procStartTime(holderPid);
  if (!startTime) throw new ClusterError(`holder process ${holderPid} does not exist`);
  const record: StopRecord = {
    node: node.name,
    argv,
    stoppedAt: new Date().toISOString(),
    holder: { pid: holderPid, startTime },
  };
  await writeFile(recordFile(node), JSON.stringify(record) + '\n');
  await cluster.processes.stop(node.processes.kubelet);
  const log = openSync(guardLog(node), 'a');
  try {
    const [binary = process.execPath, ...args] = guardCommand;
    spawn(binary, [...args, 'guard', node.name], { detached: true, stdio: ['ignore', log, log] }).unref();
  } finally {
    closeSync(log);
  }
  return record;
}

/**
 * Starts the kubelet again with the command line it was stopped with (or, without a record, as
 * the provider starts it), and removes the record. Resolves once the process runs; the scenario
 * waits for the node's Ready condition itself. A kubelet that runs already is left alone.
 */
export async function startKubelet(cluster: LocalCluster, node: ExtraNode): Promise<'started' | 'running'> {
  const record = readStopRecord(node);
  if (await cluster.processes.alive(node.processes.kubelet)) {
    await rm(recordFile(node), { force: true });
    return 'running';
  }
  if (!record) {
    throw new ClusterError(
      `the kubelet of ${node.name} is not running and was not stopped by the suite; cluster up --nodes mends the node`,
    );
  }
  const [binary, ...args] = record.argv;
  if (!binary) throw new ClusterError(`the stop record of ${node.name} names no command line`);
  await cluster.processes.start(node.processes.kubelet, binary, args, cluster.env());
  await delay(300);
  if (!(await cluster.processes.alive(node.processes.kubelet))) {
    throw new ClusterError(
      `the kubelet of ${node.name} exited right after start; see ${cluster.processes.logFile(node.processes.kubelet)}`,
    );
  }
  await rm(recordFile(node), { force: true });
  return 'started';
}

/**
 * The guard: until the record is gone (started by the scenario) or its holder has ended, then
 * start the kubelet from the record. Polls once a second.
 */
export async function guardKubelet(cluster: LocalCluster, node: ExtraNode, say: (line: string) => void): Promise<void> {
  const first = readStopRecord(node);
  if (!first) return;
  for (;;) {
    const record = readStopRecord(node);
    if (!record || record.stoppedAt !== first.stoppedAt) return;
    if (procStartTime(record.holder.pid) !== record.holder.startTime) {
      say(
        `${new Date().toISOString()} holder ${record.holder.pid} of the stop of ${node.name} is gone; starting its kubelet`,
      );
      say(`${new Date().toISOString()} kubelet of ${node.name}: ${await startKubelet(cluster, node)}`);
      return;
    }
    await delay(1_000);
  }
}

/** How the node is, for the command's last line. */
export async function kubeletLine(cluster: LocalCluster, node: ExtraNode): Promise<string> {
  const state = await extraNodeState(cluster, node);
  return `node ${node.name}: ${state === 'processes down' ? 'kubelet stopped' : state}${existsSync(recordFile(node)) ? ' (stopped by the suite)' : ''}`;
}
