// Imported by cucumber first in every parallel worker (see cucumber.mjs): the workers of a run
// load the support bundle a few at a time, as many at once as the machine has CPUs, instead of
// all together. Loading is CPU-bound (about 0.4 s each), so all together they would all be ready
// only at the end, several seconds after the sanity gate passed; in turns the first ones are
// ready at once and the last ones while the first scenarios run. Worker k waits until worker
// k − CPUs has loaded (support/scenario/gate-handoff.ts marks it), at most 10 s. Only in a run that starts
// its workers beside the gate (POD_CONFORMANCE_GATE, see support/run-config.ts); plain JavaScript,
// since it runs before the bundle.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { RUN_ENV } from '../run-env.mjs';

const gate = process.env[RUN_ENV.gate];
const id = Number(process.env.CUCUMBER_WORKER_ID);
const ahead = id - availableParallelism();
if (gate && Number.isInteger(ahead) && ahead >= 0) {
  const deadline = Date.now() + 10_000;
  while (!existsSync(`${gate}.loaded/${ahead}`) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
