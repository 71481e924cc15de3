/**
 * Where the scenario's pods run: bound to which node (spec.nodeName) and taken by which node's
 * kubelet (status.hostIP against the node's own address). Each check reads the pod afresh and the
 * node it names, so it holds against the API, not a watch that may lag.
 */
import type { V1Node } from '@kubernetes/client-node';
import { fail, quote } from '../assert.ts';
import {
  expectNotOnNode,
  expectOnNode,
  expectRelativePlacement,
  placementOf,
  type Placement,
} from '../checks/placement.ts';
import { factsOf } from '../checks/nodes.ts';
import { call, isNotFound } from '../kube/errors.ts';
import { snapshotOf } from '../pods/snapshot.ts';
import { readPodObservation } from '../watch/sources.ts';
import type { ScenarioContext } from './context.ts';

export class PlacementChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  async expectOn(pod: string, node: string): Promise<void> {
    const [p, address] = await Promise.all([this.placement(pod), this.address(node)]);
    expectOnNode(p, address);
    this.ctx.log(`pod "${pod}" runs on node ${node} (status.hostIP ${p.hostIP})`);
  }

  async expectNotOn(pod: string, node: string): Promise<void> {
    const [p, address] = await Promise.all([this.placement(pod), this.address(node)]);
    expectNotOnNode(p, address);
    this.ctx.log(`pod "${pod}" runs on node ${p.node} (status.hostIP ${p.hostIP}), not on ${node}`);
  }

  async expectRelative(a: string, b: string, same: boolean): Promise<void> {
    const [pa, pb] = await Promise.all([this.placement(a), this.placement(b)]);
    expectRelativePlacement(pa, pb, same);
    this.ctx.log(`pods "${a}" and "${b}" run on ${same ? 'the same node' : 'different nodes'}: ${pa.node}, ${pb.node}`);
  }

  private async placement(pod: string): Promise<Placement> {
    const read = await call(`read pod "${pod}"`, () =>
      readPodObservation(this.ctx.clients.http, this.ctx.namespace, pod),
    );
    if (!read) fail(`pod ${quote(pod)}: expected it to exist, observed none (GET answered 404)`);
    return placementOf(pod, snapshotOf(read.pod, { seq: 0, via: 'GET', afterGap: false }));
  }

  private async address(node: string): Promise<{ name: string; ip: string }> {
    try {
      const object = await this.ctx.clients.http.request<V1Node>('GET', `/api/v1/nodes/${encodeURIComponent(node)}`);
      return factsOf(object);
    } catch (err) {
      if (isNotFound(err)) fail(`node ${quote(node)}: expected it to exist, observed none (GET answered 404)`);
      throw err;
    }
  }
}
