/**
 * Events about a pod. Events are deduplicated and best-effort: counts are summed over every
 * matching Event (count / series.count), patterns are unanchored regular expressions tested
 * against the stored message, and order is judged by each kind's first time, to the second.
 */
import { Then } from './define.ts';

Then(
  'pod {string} gets at least {int} {string} event(s) matching {pattern} within {duration}',
  function (pod, count, reason, message, d) {
    return this.events.atLeastWithin('Pod', pod, count, { reason, message }, d);
  },
);

Then('pod {string} has no {string} event', function (pod, reason) {
  return this.events.expectNone('Pod', pod, { reason });
});

Then('pod {string} has no {string} event matching {pattern}', function (pod, reason, message) {
  return this.events.expectNone('Pod', pod, { reason, message });
});

Then(
  'the first {string} event of pod {string} came no earlier than its first {string} event',
  function (later, pod, earlier) {
    return this.events.expectFirstNoEarlierThan('Pod', pod, { reason: later }, { reason: earlier });
  },
);

Then(
  'the first {string} event of pod {string} came no earlier than its first {string} event matching {pattern}',
  function (later, pod, earlier, message) {
    return this.events.expectFirstNoEarlierThan('Pod', pod, { reason: later }, { reason: earlier, message });
  },
);

Then('pod {string} gets an event {string} within {duration}', function (pod, reason, d) {
  return this.events.oneWithin('Pod', pod, reason, undefined, d);
});

Then(
  'pod {string} gets an event {string} with a message matching {pattern} within {duration}',
  function (pod, reason, message, d) {
    return this.events.oneWithin('Pod', pod, reason, message, d);
  },
);
