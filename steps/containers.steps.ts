/** Acting inside containers and reading what they wrote. */
import { Then, When } from './define.ts';

When('I run {string} in container {string} of pod {string}', async function (command: string, c: string, pod: string) {
  await this.containers.run(pod, c, command);
});

Then('the command exits with code {int}', function (code: number) {
  this.containers.expectExitCode(code);
});

Then('its output contains {string}', function (text: string) {
  this.containers.expectOutputContains(text);
});

Then(
  'file {string} in container {string} of pod {string} lists the markers {string}',
  function (path: string, c: string, pod: string, markers: string) {
    return this.containers.assertMarkers(
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
    return this.containers.expectLogContains(pod, c, text);
  },
);

Then(
  'the log of container {string} of pod {string} has at least {int} line(s) matching {string}',
  function (c: string, pod: string, count: number, pattern: string) {
    return this.containers.expectLogLines(pod, c, count, new RegExp(pattern));
  },
);
