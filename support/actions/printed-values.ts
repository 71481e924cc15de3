/**
 * What a container printed compared with what the API server stored: `FOO_SERVICE_HOST=…` in a
 * container's log against the Service's spec.clusterIP, `POD_IP=…` against status.podIP. The
 * container's view and the control plane's must agree; a pattern match alone cannot tell.
 */
import { lookup, parseFieldPath } from '../checks/readback.ts';
import { expectPrintedEqualsField, printedValue } from '../checks/printed-values.ts';
import { fail, quote } from '../assert.ts';
import type { ScenarioContext } from './context.ts';
import type { ContainerActions } from './containers.ts';
import type { ObjectActions } from './objects.ts';

export class PrintedValues {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly containers: ContainerActions,
    private readonly objects: ObjectActions,
  ) {}

  /** The last `NAME=value` line of the container's log equals the stored field (as text). */
  async expectLogValueIsField(
    name: string,
    container: string,
    pod: string,
    path: string,
    kind: string,
    object: string,
  ): Promise<void> {
    const log = await this.containers.logs(pod, container);
    const { object: stored, source } = await this.objects.stored(kind, object);
    const found = lookup(stored, parseFieldPath(path));
    const field = `field ${path} of ${kind} "${object}" (${source})`;
    if (!found.found)
      fail(`${field}: expected a value to compare ${quote(name)} with, observed absent: ${found.reason}`);
    const value = expectPrintedEqualsField(
      { printed: `the value container "${container}" of pod "${pod}" printed as`, field },
      name,
      printedValue(log, name),
      found.value,
      log,
    );
    this.ctx.log(`container "${container}" of pod "${pod}" printed ${name}=${value}, the ${field}`);
  }
}
