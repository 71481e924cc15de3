/**
 * The sanity gate's hand-off file: its format and the runner's half, which writes it whole
 * (renamed into place) so that a worker never reads half of it. The workers' half is
 * support/scenario/gate-handoff.ts.
 *
 * This module imports nothing that installs signal handlers: the runner (scripts/run/run.ts) loads it,
 * and support/interrupt.ts's handlers belong to cucumber's coordinator and workers. Loaded into
 * the runner, they made it exit at the second copy of one Ctrl-C (the terminal's and npm's arrive
 * together), before it had released reports/.run.lock, ended its lease or printed its closing
 * line. test/signals.test.ts checks that nothing the command line loads brings support/interrupt.ts in.
 */
import { renameSync, writeFileSync } from 'node:fs';

/**
 * What the run hands to the workers once they may start: the gate's answers per capability (null:
 * works), and the run's environment (support/run-config.ts) as the cluster check completed it: a
 * cucumber started before the cluster was known (scripts/run/run.ts) has no kubeconfig or image
 * map until then.
 */
export interface GateHandoff {
  detected?: Record<string, string | null>;
  env?: Record<string, string>;
}

export function handOver(path: string, handoff: GateHandoff): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(handoff));
  renameSync(`${path}.tmp`, path);
}
