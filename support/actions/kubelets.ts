/**
 * A node's kubelet stopped and started again through the run's provider (POD_CONFORMANCE_KUBELET_CONTROL:
 * local, its extra nodes), and what the cluster then says about the node: its conditions and taints,
 * waited for through a watch of the one Node, and the intervals between the cluster's own
 * timestamps (the node's last heartbeat, its Ready condition's change, the taint's timeAdded, the
 * pod's deletion) held to bounds the controller-manager's settings give.
 *
 * Every kubelet a scenario stops is started again: by the scenario's own step, else by the After
 * hook (support/scenario/hooks.ts), else, when the worker itself is gone (SIGKILL, a crash), by the
 * guard the stop command leaves behind (clusters/local/kubelet-stop.ts).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fail, quote, ScenarioError } from '../assert.ts';
import {
  conditionOf,
  deletionRequestedAt,
  describeNode,
  later,
  parseTaint,
  secondsBetween,
  taintOf,
  type NodeJson,
} from '../checks/node-status.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import { call } from '../kube/errors.ts';
import type { KubeletControl } from '../run-config.ts';
import { jsonSource } from '../watch/sources.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';
import type { ScenarioContext } from './context.ts';

const run = promisify(execFile);

/** How long the stop or start command may take: the kubelet gets 10 s after SIGTERM, the command loads first. */
export const KUBELET_COMMAND_MS = 60_000;

export interface KubeletHandling {
  /** The run's control, if its provider can stop a kubelet. */
  control(): KubeletControl | undefined;
  /** Other runs using the cluster now (their leases). */
  otherRuns(): Promise<string[]>;
  /** Nodes whose kubelet this scenario stopped and has not started again. */
  stopped: Set<string>;
  /** Every node whose kubelet this scenario stopped. */
  everStopped: Set<string>;
}

export class KubeletActions {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly handling: KubeletHandling,
  ) {}

  async stop(node: string): Promise<void> {
    const control = this.handling.control();
    if (!control?.nodes.includes(node)) {
      throw new ScenarioError(
        `${this.ctx.origin()}: the run may not stop the kubelet of node "${node}" (it may stop: ${control?.nodes.join(', ') || 'none'}); tag the scenario @capability:nodeStop and name the node with 'Given a node whose kubelet can be stopped "<alias>"'`,
      );
    }
    // Checked again right before the stop: a run may have started since the scenario began.
    const others = await this.handling.otherRuns();
    if (others.length > 0) {
      throw new ScenarioError(
        `refusing to stop the kubelet of node "${node}": ${others.length} other run(s) use the cluster now (${others.join(', ')}), and a silent node fails their pods too; run the node-failure scenarios when no other run holds a lease`,
      );
    }
    this.handling.stopped.add(node);
    this.handling.everStopped.add(node);
    const line = await this.command(control, ['stop', node, '--holder', String(process.pid)]);
    this.ctx.log(`stopped the kubelet of node ${node}: ${line}`);
  }

  async start(node: string): Promise<void> {
    const control = this.handling.control();
    if (!control) throw new ScenarioError(`${this.ctx.origin()}: the run's provider starts no kubelet`);
    const line = await this.command(control, ['start', node]);
    this.handling.stopped.delete(node);
    this.ctx.log(`started the kubelet of node ${node}: ${line}`);
  }

  /** Starts every kubelet the scenario stopped and did not start, and waits until each node is Ready again. */
  async startStopped(within: Duration): Promise<string[]> {
    const started: string[] = [];
    for (const node of [...this.handling.stopped]) {
      await this.start(node);
      await this.conditionBecomes(node, 'Ready', 'True', within);
      started.push(node);
    }
    return started;
  }

  private async command(control: KubeletControl, args: string[]): Promise<string> {
    const [binary, ...prefix] = control.command;
    if (!binary) throw new ScenarioError('POD_CONFORMANCE_KUBELET_CONTROL names no command');
    try {
      const { stdout } = await run(binary, [...prefix, ...args], { timeout: KUBELET_COMMAND_MS, env: process.env });
      return stdout.trim().split('\n').at(-1) ?? '';
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`kubelet ${args.join(' ')}: ${(e.stderr ?? '').trim().split('\n').at(-1) || e.message}`);
    }
  }

  /** Waits, through a watch of the node, until its condition has the status. */
  async conditionBecomes(node: string, type: string, status: string, within: Duration): Promise<NodeJson> {
    const subject = `node ${quote(node)} condition ${type}`;
    return this.nodeBecomes(
      node,
      `${subject}: expected ${quote(status)}`,
      within,
      (n) => conditionOf(n, type)?.status === status,
    );
  }

  /** Waits until the node carries the taint (`present`) or no longer does. */
  async taintBecomes(node: string, taintText: string, present: boolean, within: Duration): Promise<NodeJson> {
    const taint = parseTaint(taintText);
    return this.nodeBecomes(
      node,
      `node ${quote(node)}: expected ${present ? 'the taint' : 'no taint'} ${taintText}`,
      within,
      (n) => !!taintOf(n, taint) === present,
    );
  }

  private async nodeBecomes(
    node: string,
    what: string,
    within: Duration,
    holds: (n: NodeJson) => boolean,
  ): Promise<NodeJson> {
    const source = jsonSource<NodeJson & { metadata?: { resourceVersion?: string } }>(
      this.ctx.clients.http,
      '/api/v1/nodes',
      {
        fieldSelector: `metadata.name=${node}`,
      },
    );
    const outcome = await waitForCollection(
      source,
      (n) => n.metadata?.name ?? '',
      {
        what,
        holds: (items) => items.length === 1 && holds(items[0]!),
        observed: (items) => describeNode(items[0]),
      },
      within,
    );
    const seen = outcome.observed[0]!;
    this.ctx.log(`${what.replace(': expected', ':')} after ${formatMs(outcome.elapsedMs)} (${describeNode(seen)})`);
    return seen;
  }

  private async readNode(node: string): Promise<NodeJson> {
    return call(`read node "${node}"`, () =>
      this.ctx.clients.http.request<NodeJson>('GET', `/api/v1/nodes/${encodeURIComponent(node)}`),
    );
  }

  /**
   * The node's condition changed to `status` between `min` and `max` after its last heartbeat:
   * the later of its Lease's renewTime (the kubelet renews it every 10 s) and the condition's own
   * lastHeartbeatTime; the change is the condition's lastTransitionTime. Both are written by the
   * cluster (kubelet, node lifecycle controller); the harness clock plays no part.
   */
  async expectChangedAfterHeartbeat(
    node: string,
    type: string,
    status: string,
    min: Duration,
    max: Duration,
    derivation: string,
  ): Promise<void> {
    const object = await this.readNode(node);
    const condition = conditionOf(object, type);
    if (condition?.status !== status) {
      fail(`node ${quote(node)} condition ${type}: expected ${quote(status)}, observed ${describeNode(object)}`);
    }
    const lease = await call(`read the Lease of node "${node}"`, () =>
      this.ctx.clients.http.request<{ spec?: { renewTime?: string } }>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${encodeURIComponent(node)}`,
      ),
    );
    const heartbeat = later(lease.spec?.renewTime, condition.lastHeartbeatTime);
    const subject = `node "${node}" condition ${type} ${status} after its last heartbeat`;
    const seconds = secondsBetween(
      subject,
      { label: 'last heartbeat', at: heartbeat },
      { label: `${type} lastTransitionTime`, at: condition.lastTransitionTime },
    );
    this.measure(subject, seconds, min, max, derivation, heartbeat, condition.lastTransitionTime);
  }

  /**
   * The pod was deleted between `min` and `max` after the node got the taint: from the taint's
   * timeAdded (the node lifecycle controller's) to the moment the API server accepted the delete
   * (the pod's deletionTimestamp less its deletionGracePeriodSeconds).
   */
  async expectDeletedAfterTaint(
    pod: string,
    node: string,
    taintText: string,
    min: Duration,
    max: Duration,
    derivation: string,
  ): Promise<void> {
    const taint = parseTaint(taintText);
    const added = taintOf(await this.readNode(node), taint)?.timeAdded;
    const metadata = this.ctx.recorder.timeline(pod).findLast((s) => s.pod.metadata?.deletionTimestamp)?.pod.metadata;
    if (!metadata)
      fail(
        `pod ${quote(pod)}: expected it deleted (a deletionTimestamp), observed none in ${this.ctx.recorder.timeline(pod).length} recorded state(s)`,
      );
    const deleted = deletionRequestedAt(metadata);
    const subject = `deletion of pod "${pod}" after node "${node}" got the taint ${taintText}`;
    const seconds = secondsBetween(
      subject,
      { label: 'taint timeAdded', at: added },
      { label: 'deletion accepted', at: deleted },
    );
    this.measure(subject, seconds, min, max, derivation, added, deleted, pod);
  }

  private measure(
    subject: string,
    seconds: number,
    min: Duration,
    max: Duration,
    derivation: string,
    from?: string,
    to?: string,
    pod?: string,
  ): void {
    const withinBounds = seconds >= min.ms / 1000 && seconds <= max.ms / 1000;
    this.ctx.recorder.measurements.push({
      subject,
      ...(pod ? { pod } : {}),
      seconds,
      minSeconds: min.ms / 1000,
      maxSeconds: max.ms / 1000,
      derivation,
      withinBounds,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    const line = `${subject}: ${seconds.toFixed(3)} s (from ${from} to ${to}), bounds [${min.text}, ${max.text}]: ${derivation}`;
    if (!withinBounds)
      fail(
        `${subject}: expected between ${min.text} and ${max.text}, observed ${seconds.toFixed(3)} s (from ${from} to ${to}; ${derivation})`,
      );
    this.ctx.log(line);
  }
}
