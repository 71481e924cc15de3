/** Restart back-off, measured from the cluster's timestamps over the recorded runs of a container. */
import { Then } from './define.ts';

/**
 * `"0, 10, 20, 40"`: the delay from each run's finishedAt to the next run's startedAt, in order.
 * A back-off B must give a delay in [B − 1 s, B + 15 s] (whole-second timestamps; the kubelet
 * retries a pod in back-off every 10–15 s), 0 (no back-off) one within 3 s. Run it after a wait
 * for enough restarts.
 */
Then(
  'container {string} of pod {string} was restarted after back-off delays of {string} seconds',
  function (container: string, pod: string, delays: string) {
    const expected = delays.split(',').map((d) => Number(d.trim()));
    if (expected.some((d) => !Number.isFinite(d) || d < 0)) {
      throw new Error(`back-off delays must be numbers of seconds, like "0, 10, 20, 40" (got "${delays}")`);
    }
    this.restarts.expectBackoffDelays(pod, container, expected);
  },
);
