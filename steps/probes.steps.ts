/**
 * What probes do to a pod. Windows a pod must hold a state for are checked to be long enough for
 * its probes to have acted; timing bounds are derived from the probe's settings as read back
 * from the API ("the liveness restart delay", "the readiness failure delay": see support/probes/
 * windows.ts), and each measured timing is attached to the scenario.
 */
import type { DataTable } from '@cucumber/cucumber';
import type { Duration } from '../support/duration.ts';
import { Then } from './define.ts';

Then(
  'pod {string} stays Ready with {int} restart(s) for {duration}',
  function (pod: string, restarts: number, d: Duration) {
    return this.probes.staysReadyWithRestarts(pod, restarts, d);
  },
);

Then(
  'pod {string} stays Running but not Ready, with {int} restart(s), for {duration}',
  function (pod: string, restarts: number, d: Duration) {
    return this.probes.staysRunningNotReady(pod, restarts, d);
  },
);

Then(
  'the first run of container {string} of pod {string} lasted {int} seconds plus the liveness restart delay',
  function (container: string, pod: string, seconds: number) {
    return this.probes.expectFirstRunLasted(pod, container, seconds);
  },
);

Then(
  'the first run of container {string} of pod {string} ended with exit code {int}',
  function (container: string, pod: string, code: number) {
    return this.probes.expectFirstRunEndedWith(pod, container, code);
  },
);

Then(
  'container {string} of pod {string} was restarted within the liveness restart delay after the first {string} event matching {string}',
  function (container: string, pod: string, reason: string, pattern: string) {
    return this.probes.expectRestartedAfterEvent(pod, container, { reason, message: new RegExp(pattern) });
  },
);

Then(
  'pod {string} turned not Ready within the readiness failure delay after the first {string} event matching {string}',
  function (pod: string, reason: string, pattern: string) {
    return this.probes.expectNotReadyAfterEvent(pod, { reason, message: new RegExp(pattern) });
  },
);

Then(
  'pod {string} was not Ready before initialDelaySeconds had passed since container {string} started, and was Ready within one period after',
  function (pod: string, container: string) {
    return this.probes.expectReadyAfterInitialDelay(pod, container);
  },
);

Then(
  'pod {string} became Ready within {duration} after container {string} started',
  function (pod: string, d: Duration, container: string) {
    return this.probes.expectReadyWithinAfterStart(pod, container, d);
  },
);

Then(
  'pod {string} shows READY {string}, STATUS {string} and RESTARTS {int} within {duration}',
  function (pod: string, ready: string, status: string, restarts: number, d: Duration) {
    return this.probes.rowBecomes(pod, ready, status, restarts, d);
  },
);

Then(
  'the {word} probe of container {string} of pod {string} reads back as:',
  function (kind: string, container: string, pod: string, table: DataTable) {
    if (kind !== 'liveness' && kind !== 'readiness' && kind !== 'startup') {
      throw new Error(`unknown probe kind "${kind}": use liveness, readiness or startup`);
    }
    return this.probes.expectReadsBack(pod, container, kind, table.rowsHash());
  },
);
