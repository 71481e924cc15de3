/**
 * What containers printed against what the API server stored, a log read as a WebSocket client
 * reads it, and how soon a container ran again.
 */
import { Then, When } from './define.ts';

/**
 * The container's log has a `NAME=value` line (what `env` prints; the last one counts) whose
 * value equals the stored field as text: `the value "FOOSERVICE_SERVICE_HOST" printed by container
 * "env" of pod "client" is field "spec.clusterIP" of service "fooservice"`. Any kind the API
 * serves; the field path as in `field … of … is …`.
 */
Then(
  'the value {string} printed by container {string} of pod {string} is field {string} of {word} {string}',
  function (name, container, pod, path, kind, object) {
    return this.printed.expectLogValueIsField(name, container, pod, path, kind, object);
  },
);

/**
 * From the recorded runs (cluster timestamps): the latest run's startedAt is at most the duration
 * after the previous run's finishedAt, so no pending back-off was waited out before it.
 */
Then(
  'the latest run of container {string} of pod {string} started at most {duration} after the run before it ended',
  function (container, pod, max) {
    this.restarts.expectLatestRestartWithin(pod, container, max);
  },
);

/**
 * The log subresource upgraded to a WebSocket (subprotocol `binary.k8s.io`), as browser consoles
 * and upstream's conformance test read it: everything the server sends until it closes the
 * socket, for the "text read" steps.
 */
When('I read the log of container {string} of pod {string} through a WebSocket', function (container, pod) {
  return this.evidence.readLogOverWebSocket(pod, container);
});

/**
 * What was read (a file, a log) is exactly the docstring's text plus one final newline: every
 * line, nothing before or after.
 */
Then('the text read is exactly:', function (text: string) {
  this.evidence.expectExactly(`${text}\n`);
});
