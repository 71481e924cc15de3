/**
 * How scenarios share the cluster when they run in parallel, and what a run measures of its own
 * speed (npm run bench).
 *
 * A @run-alone scenario starts only once no other scenario runs, and no other starts while it
 * runs (support/run-alone.ts).
 *
 * After every scenario the detection latencies its pod waits noted (support/detection-latency.ts)
 * are attached to it, for the bench to read from reports/messages.ndjson.
 */
import { After, setParallelCanAssign } from '@cucumber/cucumber';
import { DETECTION_MEDIA_TYPE, takeDetections } from './detection-latency.ts';
import { mayStart } from './run-alone.ts';
import type { PodWorld } from './world.ts';

setParallelCanAssign(mayStart);

After({ name: 'attach the detection latencies of the waits' }, function (this: PodWorld) {
  const samples = takeDetections();
  if (samples.length > 0) {
    this.attach(JSON.stringify(samples), { mediaType: DETECTION_MEDIA_TYPE, fileName: 'detection-latency.json' });
  }
});
