/**
 * Events about a pod. Events are deduplicated and best-effort: counts are summed over every
 * matching Event (count / series.count), patterns are unanchored regular expressions tested
 * against the stored message, and order is judged by each kind's first time, to the second.
 */
import type { Duration } from '../support/duration.ts';
import { Then } from './define.ts';

Then(
  'pod {string} gets at least {int} {string} event(s) matching {string} within {duration}',
  function (pod: string, count: number, reason: string, pattern: string, d: Duration) {
    return this.events.atLeastWithin('Pod', pod, count, { reason, message: new RegExp(pattern) }, d);
  },
);

Then('pod {string} has no {string} event', function (pod: string, reason: string) {
  return this.events.expectNone('Pod', pod, { reason });
});

Then('pod {string} has no {string} event matching {string}', function (pod: string, reason: string, pattern: string) {
  return this.events.expectNone('Pod', pod, { reason, message: new RegExp(pattern) });
});

Then(
  'the first {string} event of pod {string} came no earlier than its first {string} event',
  function (later: string, pod: string, earlier: string) {
    return this.events.expectFirstNoEarlierThan('Pod', pod, { reason: later }, { reason: earlier });
  },
);

Then(
  'the first {string} event of pod {string} came no earlier than its first {string} event matching {string}',
  function (later: string, pod: string, earlier: string, pattern: string) {
    return this.events.expectFirstNoEarlierThan(
      'Pod',
      pod,
      { reason: later },
      { reason: earlier, message: new RegExp(pattern) },
    );
  },
);
