/** Action groups reached from steps as `probeChecks(this).…`, one instance per scenario. */
import { cachedPerWorld } from './context-of.ts';
import { EndpointChecks } from './endpoints.ts';
import { EventChecks } from './events.ts';
import { ProbeChecks } from './probes.ts';
import { RestartChecks } from './restarts.ts';

export const eventChecks = cachedPerWorld((ctx, attach) => new EventChecks(ctx, attach));
export const probeChecks = cachedPerWorld((ctx, attach) => new ProbeChecks(ctx, attach, new EventChecks(ctx, attach)));
export const endpointChecks = cachedPerWorld((ctx, attach) => new EndpointChecks(ctx, attach));
export const restartChecks = cachedPerWorld((ctx, attach) => new RestartChecks(ctx, attach));
