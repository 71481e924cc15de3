/** Restart back-off, measured from the cluster's timestamps over the recorded runs of a container. */
import { Then } from './define.ts';

/**
 * `"0, 10, 20, 40"`: the delay from each run's finishedAt to the next run's startedAt, in order.
 * A back-off B must give a delay in [B − 1 s, 1.5 B + 3 s] (whole-second timestamps; the kubelet
 * requeues a pod in back-off with a jitter factor of 0.5), 0 (no back-off) one of at most 8 s
 * (what the first, 10 s back-off cannot explain). Run it after a wait for enough restarts.
 */
Then(
  'container {string} of pod {string} was restarted after back-off delays of {numbers} seconds',
  function (container, pod, delays) {
    this.restarts.expectBackoffDelays(pod, container, delays);
  },
);
