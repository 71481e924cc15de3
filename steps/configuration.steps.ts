/**
 * What a pod is given: ConfigMaps and Secrets it consumes (created and changed with the object
 * steps, deleted here), and its containers' environment as their main processes received it.
 */
import type { DataTable } from '@cucumber/cucumber';
import { ScenarioError } from '../support/assert.ts';
import { Then, When } from './define.ts';

/** Rows of exactly two cells, `| NAME | value |`. */
function pairs(table: DataTable): [string, string][] {
  return table.raw().map((row) => {
    if (row.length !== 2) throw new ScenarioError(`each row needs two cells (name and value), got ${row.length}`);
    return [row[0] ?? '', row[1] ?? ''];
  });
}

/**
 * Deletes an object the scenario declared, of any kind but pod: a ConfigMap or Secret (a consuming
 * pod's optional volume empties; a required one blocks new mounts), a RuntimeClass. An object
 * without finalizers is gone when the API server answers.
 */
When('I delete {objectKind} {string}', function (kind, name) {
  return this.objects.delete(kind, name);
});

/**
 * The environment the container's main process received (`/proc/1/environ`, read by exec; run the
 * image's command directly, e.g. `command: [sleep, "3600"]`, so no shell rewrites it), one row per
 * variable: `| CONFIG_DATA_1 | value-1 |`. Values are exact (a cell's `\n` is a newline, as a
 * Secret's `value-1\n`); a value written `/…/` is a regular expression the whole value must match.
 */
Then('the environment of container {string} of pod {string} includes:', function (c, pod, t: DataTable) {
  return this.environment.expectIncludes(pod, c, pairs(t));
});

/** The main process's environment has no variable of that name (an optional key that is missing). */
Then('the environment of container {string} of pod {string} has no variable {string}', function (c, pod, name) {
  return this.environment.expectLacks(pod, c, name);
});

/**
 * The variable holds exactly what the API server stores in the field (the field path as in
 * `field … of … is …`): `variable "POD_IP" in the environment of container "c" of pod "p" is field
 * "status.podIP" of pod "p"`.
 */
Then(
  'variable {string} in the environment of container {string} of pod {string} is field {string} of {word} {string}',
  function (variable, c, pod, path, kind, name) {
    return this.environment.expectVariableIsField(pod, c, variable, { kind, name, path }, false);
  },
);

/**
 * As above for a resource quantity, rounded up to whole units as the downward API writes it
 * (divisor 1): a CPU limit of 1250m reads `2`, node allocatable memory `24581384Ki` reads `25171337216`.
 */
Then(
  'variable {string} in the environment of container {string} of pod {string} is field {string} of {word} {string} in whole units',
  function (variable, c, pod, path, kind, name) {
    return this.environment.expectVariableIsField(pod, c, variable, { kind, name, path }, true);
  },
);
