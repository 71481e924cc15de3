/**
 * What probes do to a pod. Windows a pod must hold a state for are checked to be long enough for
 * its probes to have acted; timing bounds are derived from the probe's settings as read back
 * from the API ("the liveness restart delay", "the readiness failure delay": see support/probes/
 * windows.ts), and each measured timing is attached to the scenario.
 */
import type { DataTable } from '@cucumber/cucumber';
import { Then } from './define.ts';

/**
 * `Ready with N restart(s)` or `Running but not Ready, with N restart(s),` for the whole window,
 * which must be long enough for the liveness probe (and, for the second, the readiness probe) to
 * have acted: a shorter window is refused as proving nothing.
 */
Then('pod {string} stays {heldState} for {duration}', function (pod, state, d) {
  return this.probes.stays(pod, state, d);
});

/**
 * From the container's start to the end of its first run: `seconds` (when what the probe checks
 * starts failing) plus the liveness or startup probe's restart delay, derived from that probe's
 * period, failureThreshold and kill grace period as read back.
 */
Then(
  'the first run of container {string} of pod {string} lasted {int} seconds plus the {probeKind} restart delay',
  function (container, pod, seconds, kind) {
    return this.probes.expectFirstRunLasted(pod, container, seconds, kind);
  },
);

/**
 * The first run's finishedAt, measured from the first matching event (a "Killing" event names the
 * kill and its cause): for a container that ignores SIGTERM, the grace period its kill was given.
 */
Then(
  'the first run of container {string} of pod {string} ended between {duration} and {duration} after the first {string} event matching {pattern}',
  function (container, pod, min, max, reason, message) {
    return this.probes.expectFirstRunEndedAfterEvent(pod, container, min, max, { reason, message });
  },
);

Then('the first run of container {string} of pod {string} ended with exit code {int}', function (container, pod, code) {
  return this.probes.expectFirstRunEndedWith(pod, container, code);
});

Then(
  'container {string} of pod {string} was restarted within the liveness restart delay after the first {string} event matching {pattern}',
  function (container, pod, reason, message) {
    return this.probes.expectRestartedAfterEvent(pod, container, { reason, message });
  },
);

Then(
  'pod {string} turned not Ready within the readiness failure delay after the first {string} event matching {pattern}',
  function (pod, reason, message) {
    return this.probes.expectNotReadyAfterEvent(pod, { reason, message });
  },
);

Then(
  'pod {string} was not Ready before initialDelaySeconds had passed since container {string} started, and was Ready within one period after',
  function (pod, container) {
    return this.probes.expectReadyAfterInitialDelay(pod, container);
  },
);

Then('pod {string} became Ready within {duration} after container {string} started', function (pod, d, container) {
  return this.probes.expectReadyWithinAfterStart(pod, container, d);
});

Then(
  'pod {string} shows READY {string}, STATUS {string} and RESTARTS {int} within {duration}',
  function (pod, ready, status, restarts, d) {
    return this.probes.rowBecomes(pod, ready, status, restarts, d);
  },
);

Then(
  'the {probeKind} probe of container {string} of pod {string} reads back as:',
  function (kind, container, pod, table: DataTable) {
    return this.probes.expectReadsBack(pod, container, kind, table.rowsHash());
  },
);
