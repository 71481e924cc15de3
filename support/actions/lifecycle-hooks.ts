/**
 * Lifecycle hooks as the API stores them and as the kubelet runs them: a handler read back from
 * the created pod, and how long a postStart hook held its container back.
 */
import { ScenarioError, fail } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { expectReadyAtLeastAfterStart } from '../checks/hook-timing.ts';
import { readPodObservation } from '../watch/sources.ts';
import { expectReadsBack } from '../checks/readback.ts';
import type { ScenarioContext } from './context.ts';

/** The container lifecycle hooks, as a pod's spec names them (container.lifecycle.<hook>). */
export const HOOK_KINDS = ['postStart', 'preStop'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

export class LifecycleHookChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  /** The handler of a postStart or preStop hook equals `expected` (JSON) exactly, as the API stored it. */
  async expectHandler(pod: string, container: string, hook: HookKind, expected: string): Promise<void> {
    let wanted: unknown;
    try {
      wanted = JSON.parse(expected);
    } catch {
      throw new ScenarioError(`the expected ${hook} handler is not JSON: ${expected}`);
    }
    const observed = await readPodObservation(this.ctx.clients.http, this.ctx.namespace, pod);
    if (!observed) fail(`pod "${pod}": expected it to exist, observed no such pod`);
    const spec = observed.pod.spec?.containers.find((c) => c.name === container);
    if (!spec) fail(`pod "${pod}": expected a container "${container}", observed none`);
    expectReadsBack(`pod "${pod}" container "${container}" ${hook} handler`, wanted, spec.lifecycle?.[hook], 'equals');
  }

  expectReadyAtLeastAfterStart(pod: string, container: string, minimum: Duration): void {
    const delay = expectReadyAtLeastAfterStart(this.ctx.recorder.timeline(pod), pod, container, minimum);
    this.ctx.log(
      `pod "${pod}" Ready ${delay.seconds} s after container "${container}" started (${delay.startedAt} → ${delay.readyAt})`,
    );
  }
}
