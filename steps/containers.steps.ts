/** Acting inside containers and reading what they wrote. */
import type { Duration } from '../support/duration.ts';
import { Then, When } from './define.ts';

/** A shell command line (`sh -c`); placeholders such as `${namespace}` are replaced, shell `${var}` is left alone. */
When('I run {string} in container {string} of pod {string}', async function (command: string, c: string, pod: string) {
  await this.containers.run(pod, c, this.resolve(command));
});

Then('the command exits with code {int}', function (code: number) {
  this.containers.expectExitCode(code);
});

/** Placeholders (`${nodes.target.ip}`, `${namespace}`) in the text are replaced first. */
Then('its output contains {string}', function (text: string) {
  this.containers.expectOutputContains(this.resolve(text));
});

/** The last exec's stdout lacks the text (placeholders replaced); pair it with a positive check. */
Then('its output does not contain {string}', function (text: string) {
  this.containers.expectOutputLacks(this.resolve(text));
});

Then(
  'file {string} in container {string} of pod {string} lists the markers {string}',
  function (path: string, c: string, pod: string, markers: string) {
    return this.containers.expectMarkers(
      pod,
      c,
      path,
      markers.split(',').map((m) => m.trim()),
    );
  },
);

Then(
  'the log of container {string} of pod {string} contains {string}',
  function (c: string, pod: string, text: string) {
    return this.containers.expectLogContains(pod, c, this.resolve(text));
  },
);

/**
 * Counts the log lines matching a regular expression: traces a probe, a hook or the container
 * printed (a probe `sh -c 'echo probe ran >/proc/1/fd/1; …'` leaves one per run).
 */
Then(
  'the log of container {string} of pod {string} has at least {int} line(s) matching {string}',
  function (c: string, pod: string, count: number, pattern: string) {
    return this.containers.expectLogLines(pod, c, count, new RegExp(pattern));
  },
);

/** The container's current log lacks the text (placeholders replaced); pair it with a positive check. */
Then(
  'the log of container {string} of pod {string} does not contain {string}',
  function (c: string, pod: string, text: string) {
    return this.containers.expectLogLacks(pod, c, this.resolve(text));
  },
);

/**
 * An HTTP GET that the API server relays to a port of the pod (the pod proxy subresource, as
 * `kubectl proxy` users reach a pod): `/api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH`.
 */
When(
  'I GET {string} from port {int} of pod {string} through the API server proxy',
  function (path: string, port: number, pod: string) {
    return this.containers.getThroughProxy(pod, port, path);
  },
);

/**
 * The article's form, without a port (`…/pods/NAME/proxy/PATH`): the API server picks the pod's
 * first declared container port.
 */
When('I GET {string} from pod {string} through the API server proxy', function (path: string, pod: string) {
  return this.containers.getThroughProxy(pod, undefined, path);
});

/** The status of the last proxied request, as the container's server answered it. */
Then('the response has HTTP status {int}', function (code: number) {
  this.containers.expectResponseStatus(code);
});

/** Placeholders in the text are replaced first. */
Then('the response body contains {string}', function (text: string) {
  this.containers.expectResponseContains(this.resolve(text));
});

/** The log of the container's previous run (`kubectl logs --previous`). */
Then(
  'the previous log of container {string} of pod {string} contains {string}',
  function (c: string, pod: string, text: string) {
    return this.containers.expectLogContains(pod, c, text, true);
  },
);

/** Follows the current run's log (`kubectl logs -f`) until the text appears. */
Then(
  'the log of container {string} of pod {string} shows {string} within {duration}',
  function (c: string, pod: string, text: string, d: Duration) {
    return this.containers.logShowsWithin(pod, c, text, d);
  },
);
