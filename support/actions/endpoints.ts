/**
 * A pod behind a Service, as the Service's EndpointSlices show it; waits are watch-based and end
 * as soon as the wanted state is seen. Every change of the pod's endpoint during a wait is logged
 * with the time it was seen, so the report shows how long the removal and the return took.
 */
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import type { EndpointReadiness, EndpointSliceJson } from '../checks/endpoints.ts';
import { describeEndpoint, endpointIs, endpointSlicesSource, podEndpoint } from '../checks/endpoints.ts';
import type { ScenarioContext } from './context.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';

const nameOf = (s: EndpointSliceJson) => s.metadata?.name ?? '';

export class EndpointChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  async becomes(service: string, pod: string, wanted: EndpointReadiness, within: Duration): Promise<void> {
    const subject = `endpoint of pod "${pod}" in service "${service}"`;
    this.ctx.log(`waiting up to ${within.text} for the ${subject} to be ${wanted}`);
    const started = Date.now();
    const changes: string[] = [];
    let last = '';
    const outcome = await waitForCollection(
      endpointSlicesSource(this.ctx.clients.http, this.ctx.namespace, service),
      nameOf,
      {
        what: `${subject}: expected ${wanted}`,
        holds: (slices) => endpointIs(podEndpoint(slices, pod), wanted),
        observed: (slices) =>
          `${describeEndpoint(podEndpoint(slices, pod))} (${slices.length} EndpointSlice${slices.length === 1 ? '' : 's'})`,
        onChange: (slices) => {
          const now = describeEndpoint(podEndpoint(slices, pod));
          if (now !== last) changes.push(`+${formatMs(Date.now() - started)}: ${now}`);
          last = now;
        },
      },
      within,
    );
    const line = `${subject} is ${wanted} after ${formatMs(outcome.elapsedMs)}: ${describeEndpoint(podEndpoint(outcome.observed, pod))}`;
    this.ctx.log(line);
    this.ctx.attach(
      `timing-endpoint-${wanted.replace(' ', '-')}.txt`,
      `${line}\n(harness clock, from the start of the step)\n\nchanges seen:\n${changes.join('\n')}\n`,
    );
  }
}
