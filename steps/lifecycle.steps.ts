/**
 * Evidence written by containers, lifecycle hooks and SIGTERM traps: files on a hostPath volume
 * (read by a reader pod on the same node, also after the pod is gone) and container logs, holding
 * marker lines `<seconds since boot> <label>` or plain text.
 */
import type { Duration } from '../support/duration.ts';
import { READER_STEP_BUDGET_MS } from '../support/actions/written-evidence.ts';
import { Then, When } from './define.ts';

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

When(
  'a reader pod on the node of pod {string} reads {string} from its hostPath volume {string}',
  function (pod: string, file: string, volume: string) {
    return this.evidence.readHostPathFile(pod, volume, file);
  },
  { budgetMs: READER_STEP_BUDGET_MS },
);

When('I read the log of container {string} of pod {string}', function (container: string, pod: string) {
  return this.evidence.readLog(pod, container);
});

Then('the text read contains {string}', function (text: string) {
  this.evidence.expectContains(text);
});

Then('the reader finds no such file', function () {
  this.evidence.expectNoFile();
});

Then('the markers read are {string}', function (markers: string) {
  this.evidence.expectMarkers(list(markers));
});

Then('marker {string} was written before marker {string}', function (first: string, second: string) {
  this.evidence.expectMarkerBefore(first, second);
});

Then(
  'marker {string} was written at least {duration} after marker {string}',
  function (later: string, minimum: Duration, earlier: string) {
    this.evidence.expectMarkerGap(later, minimum, earlier);
  },
);

Then(
  'the requests read are {string}, each sent to the IP of pod {string} on port {int}',
  function (uris: string, pod: string, port: number) {
    this.evidence.expectRequests(list(uris), pod, port);
  },
);

Then(
  'pod {string} became Ready at least {duration} after container {string} started',
  function (pod: string, minimum: Duration, container: string) {
    this.hooks.expectReadyAtLeastAfterStart(pod, container, minimum);
  },
);

Then(
  'the {word} handler of container {string} of pod {string} reads back as {string}',
  function (hook: string, container: string, pod: string, json: string) {
    return this.hooks.expectHandler(pod, container, hook, json);
  },
);

Then('pod {string} gets an event {string} within {duration}', function (pod: string, reason: string, d: Duration) {
  return this.events.oneWithin('Pod', pod, reason, undefined, d);
});
