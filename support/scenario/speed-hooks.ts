/**
 * How scenarios share the cluster when they run in parallel, and what a run measures of its own
 * speed (npm run bench).
 *
 * A @run-alone scenario starts only once no other scenario runs, and no other starts while it
 * runs (support/scenario/run-alone.ts). A worker starts loading while the sanity gate runs and takes its
 * answers before its first scenario (support/scenario/gate-handoff.ts).
 *
 * After every scenario the detection latencies its pod waits noted (support/pods/detection-latency.ts)
 * are attached to it, for the bench to read from reports/messages.ndjson.
 */
import { After, BeforeAll, setParallelCanAssign } from '@cucumber/cucumber';
import { DETECTION_MEDIA_TYPE, takeDetections } from '../pods/detection-latency.ts';
import { takeOver } from './gate-handoff.ts';
import { mayStart } from './run-alone.ts';
import type { PodWorld } from './world.ts';

setParallelCanAssign(mayStart);

// A worker loads while the sanity gate runs, and reports ready once the gate has passed.
BeforeAll({ name: "wait for the sanity gate's answers", timeout: 10 * 60_000 }, () => takeOver());

After({ name: 'attach the detection latencies of the waits' }, function (this: PodWorld) {
  const samples = takeDetections();
  if (samples.length > 0) {
    this.attach(JSON.stringify(samples), { mediaType: DETECTION_MEDIA_TYPE, fileName: 'detection-latency.json' });
  }
});
