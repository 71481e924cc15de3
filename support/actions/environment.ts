/**
 * A container's environment as its main process received it (`/proc/1/environ`, read by exec):
 * the variables the kubelet composed from `env`, `envFrom`, ConfigMaps, Secrets, the downward API
 * and `$(VAR)` expansion, checked as a whole instead of scripting `env | grep` in the container.
 */
import { fail, quote } from '../assert.ts';
import { describeEnvironment, ENVIRON_COMMAND, environmentMismatches, parseEnviron } from '../checks/environment.ts';
import type { Environment } from '../checks/environment.ts';
import { execInContainer } from '../kube/exec.ts';
import type { ScenarioContext } from './context.ts';
import type { ObjectActions } from './objects.ts';
import type { FieldRef } from './stored-field.ts';
import { storedFieldText } from './stored-field.ts';

export class EnvironmentChecks {
  constructor(
    private readonly ctx: ScenarioContext,
    private readonly objects: ObjectActions,
  ) {}

  private subject(pod: string, container: string): string {
    return `environment of container "${container}" of pod "${pod}"`;
  }

  /** The main process's environment; a container that cannot be exec'd into fails the step. */
  async read(pod: string, container: string): Promise<Environment> {
    const target = { namespace: this.ctx.namespace, pod, container };
    const result = await execInContainer(this.ctx.clients, target, ENVIRON_COMMAND);
    if (result.exitCode !== 0) {
      fail(
        `${this.subject(pod, container)}: expected /proc/1/environ readable, observed exit ${result.exitCode}: ${result.stderr.trim()}`,
      );
    }
    const env = parseEnviron(result.stdout);
    this.ctx.attach(`environment-${pod}-${container}.txt`, `${describeEnvironment(env)}\n`);
    return env;
  }

  async expectIncludes(pod: string, container: string, expected: [string, string][]): Promise<void> {
    const env = await this.read(pod, container);
    const mismatches = environmentMismatches(expected, env);
    if (mismatches.length > 0) {
      fail(
        `${this.subject(pod, container)}: ${mismatches[0]}${mismatches.length > 1 ? ` (and ${mismatches.length - 1} more)` : ''}`,
        [...mismatches.slice(1), '', `the environment (${env.size} variables):`, describeEnvironment(env)].join('\n'),
      );
    }
    this.ctx.log(`${this.subject(pod, container)} includes ${expected.map(([n]) => n).join(', ')}`);
  }

  async expectLacks(pod: string, container: string, name: string): Promise<void> {
    const env = await this.read(pod, container);
    const value = env.get(name);
    if (value !== undefined) {
      fail(`${this.subject(pod, container)}: expected no variable ${name}, observed ${name}=${quote(value)}`);
    }
    this.ctx.log(`${this.subject(pod, container)} has no variable ${name} (${env.size} variables in all)`);
  }

  /**
   * The variable holds the object's field as the API server stores it; `inWholeUnits` reads the
   * field as a resource quantity rounded up to whole units, as the downward API writes resources.
   */
  async expectVariableIsField(
    pod: string,
    container: string,
    variable: string,
    field: FieldRef,
    inWholeUnits: boolean,
  ): Promise<void> {
    const expected = await storedFieldText(this.objects, field, inWholeUnits);
    const env = await this.read(pod, container);
    const observed = env.get(variable);
    if (observed !== expected.text) {
      fail(
        `${this.subject(pod, container)}: ${variable}: expected ${expected.shown}, the ${expected.what}, observed ${observed === undefined ? 'no such variable' : quote(observed)}`,
      );
    }
    this.ctx.log(`${this.subject(pod, container)}: ${variable}=${quote(observed)}, the ${expected.what}`);
  }
}
