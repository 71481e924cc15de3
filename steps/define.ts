/**
 * Step registration with time budgets derived from the step's own text. Cucumber's timeout is a
 * fixed number per definition (5 s by default), which cannot fit "becomes Ready within 2
 * minutes". So every step is registered with cucumber's timeout disabled and gets its own budget:
 * the sum of the {duration} arguments it was called with plus a margin for the API calls around
 * the wait, or a short API budget when it has no duration. The wait inside the step enforces the
 * duration itself; the budget (a time-boxed wait, support/watch/wait.ts) only catches a harness
 * that hangs. An interruption of the run (support/interrupt.ts) ends the step too. A failed step's
 * first line names what outside the behaviour went wrong meanwhile, if anything: infrastructure
 * trouble (support/scenario/infrastructure.ts) or a deletion by someone else.
 *
 * Placeholders are resolved here, once for every step: `${namespace}`, `${namespaces.<alias>}`,
 * `${images.<name>}` and `${nodes.<alias>.<name|hostname|ip>}` (support/manifest.ts has them all)
 * in any quoted argument, word, list item, pattern, doc string or table cell are replaced before
 * the step's body sees them (steps/arguments.ts); an unknown image, node or namespace fails the
 * step naming it. Any other `${…}` is left as written (shell
 * variables).
 *
 * A step's argument types follow from its pattern (StepArguments, by the parameter types' values
 * in steps/parameter-types.ts): `Then('pod {string} becomes {podState} within {duration}',
 * function (pod, state, d) {…})` gets a string, an Expectation and a Duration, and a body that
 * uses them otherwise does not compile.
 */
import type { DataTable } from '@cucumber/cucumber';
import { Given as cucumberGiven, Then as cucumberThen, When as cucumberWhen } from '@cucumber/cucumber';
import { Duration, formatMs } from '../support/duration.ts';
import { resolvePlaceholders } from './arguments.ts';
import type { ParameterValues } from './parameter-types.ts';
import { outsideDeletion, withCause } from '../support/scenario/deletion-cause.ts';
import { infrastructureTrouble } from '../support/scenario/infrastructure.ts';
import { InterruptedError, whenInterrupted } from '../support/interrupt.ts';
import { kubeClients } from '../support/kube/clients.ts';
import { imageMap } from '../support/run-config.ts';
import { timeBoxed } from '../support/watch/wait.ts';
import type { PodWorld } from '../support/scenario/world.ts';

/** A step without a duration: a handful of API calls or an exec. */
export const API_STEP_BUDGET_MS = 30_000;
/** Added to a step's durations: reads that confirm the end of a wait, event lookups. */
export const WAIT_MARGIN_MS = 30_000;

export function budgetFor(args: unknown[]): number {
  const durations = args.filter((a): a is Duration => a instanceof Duration);
  if (durations.length === 0) return API_STEP_BUDGET_MS;
  return durations.reduce((sum, d) => sum + d.ms, 0) + WAIT_MARGIN_MS;
}

type Step<A extends unknown[]> = (this: PodWorld, ...args: A) => unknown;
type Define = typeof cucumberGiven;
/** A step without a duration whose own waits are longer than the API budget (a helper pod's run). */
export interface StepOptions {
  budgetMs?: number;
}

function register<A extends unknown[]>(
  define: Define,
  pattern: string,
  step: Step<A>,
  options: StepOptions = {},
): void {
  const budgeted = function (this: PodWorld, ...args: A): Promise<unknown> {
    const budget = options.budgetMs ?? budgetFor(args);
    // An interrupted run fails the running step at once, so its After hook cleans up now.
    const interrupted = whenInterrupted();
    return timeBoxed<unknown>(
      { ms: budget },
      {
        start: (settle) => {
          interrupted.promise.catch(settle.reject);
          return Promise.resolve()
            .then(() => step.apply(this, resolvePlaceholders(args, (text) => this.resolve(text)) as A))
            .then(settle.resolve);
        },
        deadline: (settle) =>
          settle.reject(new Error(`step "${pattern}" did not finish within its budget of ${formatMs(budget)}`)),
        stop: () => interrupted.dispose(),
      },
    ).then(
      (done) => done.observed,
      async (err: unknown) => {
        if (err instanceof InterruptedError || !this.namespace) throw err;
        const witness = {
          clients: kubeClients(),
          namespace: this.namespace,
          recorder: this.recorder,
          runtimeErrors: this.runtimeErrors,
          images: imageMap(),
          stoppedNodes: this.nodesStoppedByScenario,
        };
        const [deletion, trouble] = await Promise.all([
          outsideDeletion({ ...witness, deletedByScenario: this.deletedByScenario }),
          infrastructureTrouble(witness),
        ]);
        const cause = [trouble, deletion].filter(Boolean).join('; ');
        throw cause ? withCause(err, cause) : err;
      },
    );
  };
  // Cucumber checks a definition's arity against the step's parameters.
  Object.defineProperty(budgeted, 'length', { value: step.length });
  define(pattern, { timeout: -1 }, budgeted);
}

/**
 * A step's arguments, read from its pattern: one per `{parameter}`, typed by ParameterValues, then
 * the doc string or data table of a pattern that ends with ":", which the step declares as
 * `doc: string` or `table: DataTable` (its type admits either declaration).
 */
export type StepArguments<P extends string> = [
  ...ParameterArguments<P>,
  ...(P extends `${string}:` ? [block: string & DataTable] : []),
];
type ParameterArguments<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? [Name extends keyof ParameterValues ? ParameterValues[Name] : unknown, ...ParameterArguments<Rest>]
  : [];

export const Given = <P extends string>(pattern: P, step: Step<StepArguments<P>>, options?: StepOptions) =>
  register(cucumberGiven, pattern, step, options);
export const When = <P extends string>(pattern: P, step: Step<StepArguments<P>>, options?: StepOptions) =>
  register(cucumberWhen, pattern, step, options);
export const Then = <P extends string>(pattern: P, step: Step<StepArguments<P>>, options?: StepOptions) =>
  register(cucumberThen, pattern, step, options);
