/**
 * The runner's half of the sanity gate's hand-off: the gate's answers, written whole (renamed into
 * place) so that a worker never reads half of it. The workers' half and the format are
 * support/scenario/gate-handoff.ts (handOver there does the same, for its unit test).
 *
 * The runner must not import that module: it imports support/interrupt.ts, whose signal handlers
 * belong to cucumber's coordinator and workers. Loaded into the runner, they made it exit at the
 * second copy of one Ctrl-C (the terminal's and npm's arrive together), before it had released
 * reports/.run.lock, ended its lease or printed its closing line. test/signals.test.ts checks
 * that nothing the command line loads brings support/interrupt.ts in.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { GateHandoff } from '../../support/scenario/gate-handoff.ts';

export function handOver(path: string, handoff: GateHandoff): void {
  writeFileSync(`${path}.tmp`, JSON.stringify(handoff));
  renameSync(`${path}.tmp`, path);
}
