/** Acting inside containers and reading what they wrote. */
import { Then, When } from './define.ts';

/** A shell command line (`sh -c`); the harness's placeholders are replaced, a shell `${var}` is left alone. */
When('I run {string} in container {string} of pod {string}', async function (command, c, pod) {
  await this.containers.run(pod, c, command);
});

Then('the command exits with code {int}', function (code) {
  this.containers.expectExitCode(code);
});

Then('its output contains {string}', function (text) {
  this.containers.expectOutputContains(text);
});

/** The last exec's stdout lacks the text; pair it with a positive check. */
Then('its output does not contain {string}', function (text) {
  this.containers.expectOutputLacks(text);
});

Then('file {string} in container {string} of pod {string} lists the markers {list}', function (path, c, pod, markers) {
  return this.containers.expectMarkers(pod, c, path, markers);
});

Then('the log of container {string} of pod {string} contains {string}', function (c, pod, text) {
  return this.containers.expectLogContains(pod, c, text);
});

/**
 * Counts the log lines matching a regular expression: traces a probe, a hook or the container
 * printed (a probe `sh -c 'echo probe ran >/proc/1/fd/1; …'` leaves one per run).
 */
Then(
  'the log of container {string} of pod {string} has at least {int} line(s) matching {pattern}',
  function (c, pod, count, pattern) {
    return this.containers.expectLogLines(pod, c, count, pattern);
  },
);

/**
 * As many matching lines as said, no more: a request a server logged once per call (a hook's, a
 * probe's). Lines not yet copied to the log get the report grace; one too many fails.
 */
Then(
  'the log of container {string} of pod {string} has exactly {int} line(s) matching {pattern}',
  function (c, pod, count, pattern) {
    return this.containers.expectLogLines(pod, c, count, pattern, true);
  },
);

/** The container's current log lacks the text; pair it with a positive check. */
Then('the log of container {string} of pod {string} does not contain {string}', function (c, pod, text) {
  return this.containers.expectLogLacks(pod, c, text);
});

/**
 * An HTTP GET that the API server relays to a port of the pod (the pod proxy subresource, as
 * `kubectl proxy` users reach a pod): `/api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH`.
 */
When('I GET {string} from port {int} of pod {string} through the API server proxy', function (path, port, pod) {
  return this.containers.getThroughProxy(pod, port, path);
});

/**
 * The article's form, without a port (`…/pods/NAME/proxy/PATH`): the API server picks the pod's
 * first declared container port.
 */
When('I GET {string} from pod {string} through the API server proxy', function (path, pod) {
  return this.containers.getThroughProxy(pod, undefined, path);
});

/** The status of the last proxied request, as the container's server answered it. */
Then('the response has HTTP status {int}', function (code) {
  this.containers.expectResponseStatus(code);
});

Then('the response body contains {string}', function (text) {
  this.containers.expectResponseContains(text);
});

/** The log of the container's previous run (`kubectl logs --previous`). */
Then('the previous log of container {string} of pod {string} contains {string}', function (c, pod, text) {
  return this.containers.expectLogContains(pod, c, text, true);
});

/** Follows the current run's log (`kubectl logs -f`) until the text appears. */
Then('the log of container {string} of pod {string} shows {string} within {duration}', function (c, pod, text, d) {
  return this.containers.logShowsWithin(pod, c, text, d);
});
