/**
 * Evidence written by containers, lifecycle hooks and SIGTERM traps: files on a hostPath volume
 * (read by a reader pod on the same node, also after the pod is gone) and container logs, holding
 * marker lines `<seconds since boot> <label>` or plain text.
 */
import { READER_STEP_BUDGET_MS } from '../support/actions/written-evidence.ts';
import { Then, When } from './define.ts';

When(
  'a reader pod on the node of pod {string} reads {string} from its hostPath volume {string}',
  function (pod, file, volume) {
    return this.evidence.readHostPathFile(pod, volume, file);
  },
  { budgetMs: READER_STEP_BUDGET_MS },
);

When('I read the log of container {string} of pod {string}', function (container, pod) {
  return this.evidence.readLog(pod, container);
});

Then('the text read contains {string}', function (text) {
  this.evidence.expectContains(text);
});

Then('the reader finds no such file', function () {
  this.evidence.expectNoFile();
});

Then('the markers read are {list}', function (markers) {
  this.evidence.expectMarkers(markers);
});

Then('marker {string} was written before marker {string}', function (first, second) {
  this.evidence.expectMarkerBefore(first, second);
});

Then('marker {string} was written at least {duration} after marker {string}', function (later, minimum, earlier) {
  this.evidence.expectMarkerGap(later, earlier, minimum);
});

/** Both bounds on the node's uptime clock (10 ms): at least the one and at most the other. */
Then(
  'marker {string} was written between {duration} and {duration} after marker {string}',
  function (later, minimum, maximum, earlier) {
    this.evidence.expectMarkerGap(later, earlier, minimum, maximum);
  },
);

Then('the requests read are {list}, each sent to the IP of pod {string} on port {int}', function (uris, pod, port) {
  this.evidence.expectRequests(uris, pod, port);
});

Then(
  'pod {string} became Ready at least {duration} after container {string} started',
  function (pod, minimum, container) {
    this.hooks.expectReadyAtLeastAfterStart(pod, container, minimum);
  },
);

Then(
  'the {hookKind} handler of container {string} of pod {string} reads back as {string}',
  function (hook, container, pod, json) {
    return this.hooks.expectHandler(pod, container, hook, json);
  },
);
