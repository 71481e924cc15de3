/**
 * The pod-conformance command line (scripts/cli.ts): a command and its options, checked before
 * anything else happens. Bad usage is one line naming the input and the fix (exit 2), before any
 * cluster work and before the previous run's reports are touched.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { PROVIDER_ENV, PROVIDER_NAMES } from '../clusters/index.ts';
import { RUN_ENV } from '../support/run-env.mjs';
import type { RunOptions } from './shared/options.ts';
import { UsageError } from './shared/exit.ts';

/** `--parallel`: cucumber workers. */
export const MAX_PARALLEL = 64;
/** `--repeat`: runs of the selection in a row (scripts/run/repeat.ts). */
export const MAX_REPEAT = 100;

export const COMMANDS = [
  'run',
  'test',
  'list',
  'report',
  'cleanup',
  'catalogue',
  'matrix',
  'bench',
  'cluster',
  'help',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface CommandLine {
  command: Command;
  options: RunOptions;
  /** `cluster`'s own arguments (clusters/cli.ts parses them). */
  clusterArgs?: string[];
  /** `catalogue`'s reports directory (at most one), `matrix`'s runs (two or more). */
  paths?: string[];
  /** `matrix --out`. */
  out?: string;
  /** `catalogue --upstream`: per upstream spec instead of per behaviour. */
  upstream?: boolean;
  /** `bench`: its run options as given, for the run it times. */
  runArgv?: string[];
}

const OPTIONS = {
  tags: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  provider: { type: 'string' },
  keep: { type: 'string' },
  parallel: { type: 'string' },
  report: { type: 'boolean' },
  repeat: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The commands that take only some options, and what each of them needs them for. */
const COMMAND_OPTIONS: Partial<Record<Command, { options: string[]; why: string }>> = {
  list: { options: ['tags'], why: 'it needs no cluster' },
  cleanup: { options: ['kubeconfig', 'context', 'provider'], why: 'it only picks a cluster' },
  report: { options: [], why: "it reads the last run's results" },
};

const OPTION_LIST = Object.keys(OPTIONS)
  .map((o) => `--${o}`)
  .join(', ');

/** How the user asks for help the way they started the command: npm needs its "--". */
/** npx and npm exec run the command itself (their lifecycle event is "npx" / "exec"), not an npm script. */
function npmScript(env: NodeJS.ProcessEnv): string | undefined {
  const event = env.npm_lifecycle_event;
  return event === 'npx' || event === 'exec' ? undefined : event;
}

function helpHint(env: NodeJS.ProcessEnv): string {
  const event = npmScript(env);
  if (env.npm_lifecycle_event && !event) return 'npx pod-conformance --help';
  if (!event) return 'pod-conformance --help';
  return event === 'test' ? 'npm test -- --help' : `npm run ${event} -- --help`;
}

/** `npm run x --tags @A` (no `--`) gives npm the option: it sets npm_config_tags and passes "@A" on. */
function optionsNpmTook(env: NodeJS.ProcessEnv, names: string[] = Object.keys(OPTIONS)): string[] {
  if (!npmScript(env)) return [];
  return names.filter((name) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined);
}

function refuseWhatNpmTook(env: NodeJS.ProcessEnv, names?: string[]): void {
  const took = optionsNpmTook(env, names);
  if (took.length > 0) {
    throw new UsageError(
      `npm took --${took.join(', --')} as its own option because "--" is missing; put "--" before the suite's options: npm run ${env.npm_lifecycle_event} -- --${took[0]} …`,
    );
  }
}

/**
 * `catalogue [--upstream] [<reports dir>]` and `matrix <run> <run>… [--out <file>]`: paths, and
 * one option each. Neither touches a cluster, so the run options are refused here.
 */
function parsePathCommand(command: 'catalogue' | 'matrix', argv: string[], env: NodeJS.ProcessEnv): CommandLine {
  const matrix = command === 'matrix';
  refuseWhatNpmTook(env, matrix ? ['out'] : ['upstream']);
  const example = matrix
    ? 'pod-conformance matrix runs/a runs/b --out reports/matrix.html'
    : 'pod-conformance catalogue --upstream reports/';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, upstream: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const option = /'(--?[^' ]+)/.exec(err instanceof Error ? err.message : '')?.[1] ?? '';
    const code = (err as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing|ambiguous/.test(String(err)))
      throw new UsageError(`${option} needs a value, the file to write; for example ${example}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`${option} takes no value; for example ${example}`);
    throw new UsageError(
      `${command} takes ${matrix ? 'only --out <file>' : 'only --upstream'} (it needs no cluster), not ${option}; for example ${example} (${helpHint(env)})`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', options: { help: true, report: false } };
  const options: RunOptions = { help: false, report: false };
  if (!matrix) {
    if (values.out !== undefined)
      throw new UsageError(`catalogue takes only --upstream (it needs no cluster), not --out; for example ${example}`);
    if (positionals.length > 1)
      throw new UsageError(
        `catalogue takes at most one reports directory (got ${positionals.length}: ${positionals.join(' ')}); for example ${example}`,
      );
    return { command, options, paths: positionals, ...(values.upstream ? { upstream: true } : {}) };
  }
  if (values.upstream)
    throw new UsageError(
      `matrix takes only --out <file> (it needs no cluster), not --upstream; for example ${example}`,
    );
  if (positionals.length < 2)
    throw new UsageError(
      `matrix needs at least two runs to put side by side (got ${positionals.length}), each a reports directory or a conformance.json; for example ${example}`,
    );
  if (values.out !== undefined && values.out.trim() === '')
    throw new UsageError(`--out needs a value, the file to write; for example ${example}`);
  return { command, options, paths: positionals, ...(values.out !== undefined ? { out: values.out } : {}) };
}

function parallelOf(raw: string, source: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_PARALLEL) {
    throw new UsageError(
      `${source} must be a whole number of workers from 1 to ${MAX_PARALLEL} (got "${raw}"); for example --parallel 2`,
    );
  }
  return Number(raw);
}

function repeatOf(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_REPEAT) {
    throw new UsageError(
      `--repeat must be a whole number of runs from 1 to ${MAX_REPEAT} (got "${raw}"); for example --repeat 5`,
    );
  }
  return Number(raw);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `${option} takes ${allowed.map((a) => `"${a}"`).join(' or ')} (got "${value}"); for example ${option} ${allowed[0]}`,
  );
}

/** A tag expression cucumber can parse, or one line saying what is wrong with it. */
export function checkTagExpression(expression: string): string {
  if (expression.trim() === '')
    throw new UsageError('--tags is empty; give a tag expression, for example --tags @INIT-02');
  try {
    parseTagExpression(expression);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new UsageError(
      `--tags "${expression}" is not a valid tag expression (${reason}); use tags joined by and/or/not with balanced parentheses, for example "@INIT-01 and (@INIT-02 or @INIT-03)"`,
    );
  }
  return expression;
}

/**
 * `pod-conformance <command> [options]`. No command is bad usage (the usage names them all);
 * `--help` anywhere asks for the usage.
 */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    const options = parseRunArgs(argv, env);
    if (options.help) return { command: 'help', options };
    throw new UsageError(
      `no command given; the commands are ${COMMANDS.join(', ')}, for example: pod-conformance run --tags @INIT-02 (${helpHint(env)})`,
    );
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; the commands are ${COMMANDS.join(', ')} (${helpHint(env)})`);
  }
  const command = first as Command;
  if (command === 'cluster') return { command, options: { help: false, report: false }, clusterArgs: rest };
  if (command === 'catalogue' || command === 'matrix') return parsePathCommand(command, rest, env);
  const options = parseRunArgs(rest, env);
  if (command === 'bench' && !options.help) return { command, options, runArgv: rest };
  if (command === 'test' && options.repeat !== undefined && !options.help)
    throw new UsageError(
      `test takes no --repeat (it runs the static checks and unit tests once); repeat the scenarios with pod-conformance run --repeat ${options.repeat} (${helpHint(env)})`,
    );
  const only = COMMAND_OPTIONS[command];
  if (only && !options.help) {
    const given = rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0] ?? '');
    const foreign = given.find((name) => !only.options.includes(name));
    if (foreign !== undefined) {
      const takes = only.options.length > 0 ? `only ${only.options.map((o) => `--${o}`).join(', ')}` : 'no options';
      throw new UsageError(`${command} takes ${takes} (${only.why}), not --${foreign}; ${helpHint(env)}`);
    }
  }
  return { command: options.help ? 'help' : command, options };
}

/** The options after the command, checked one by one. */
export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  refuseWhatNpmTook(env);
  // `--parallel -3` is a malformed value, not an option called -3: join it to its option.
  const args: string[] = [];
  for (const arg of argv) {
    const previous = args.at(-1) ?? '';
    const takesValue = OPTIONS[previous.slice(2) as keyof typeof OPTIONS]?.type === 'string';
    if (/^-\d/.test(arg) && previous.startsWith('--') && takesValue) args[args.length - 1] = `${previous}=${arg}`;
    else args.push(arg);
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const option = /'(--?[^' ]+)/.exec(err instanceof Error ? err.message : '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`unknown option ${option}; the options are ${OPTION_LIST} (${helpHint(env)})`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing|ambiguous/.test(String(err)))
      throw new UsageError(`${option} needs a value; see ${helpHint(env)}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`${option} takes no value; see ${helpHint(env)}`);
    throw err;
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}": options take the form --name value (for example --tags "${positionals[0]}"); see ${helpHint(env)}`,
    );
  }
  const options: RunOptions = {
    help: values.help ?? false,
    report: values.report ?? false,
  };
  if (options.help) return options;
  for (const name of ['tags', 'keep', 'provider', 'kubeconfig', 'context', 'parallel', 'repeat'] as const) {
    const value = values[name];
    if (value !== undefined && (value.trim() === '' || value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (got "${value}"); see ${helpHint(env)}`);
  }
  if (values.tags !== undefined) options.tags = checkTagExpression(values.tags);
  if (values.keep !== undefined) options.keep = oneOf(values.keep, ['failed', 'always'] as const, '--keep');
  if (values.provider !== undefined) options.provider = oneOf(values.provider, PROVIDER_NAMES, '--provider');
  if (values.kubeconfig !== undefined) {
    if (!existsSync(values.kubeconfig))
      throw new UsageError(`--kubeconfig ${values.kubeconfig}: no such file; give the path of a kubeconfig file`);
    options.kubeconfig = values.kubeconfig;
  }
  if (values.context !== undefined) options.context = values.context;
  const parallelFromEnv = env[RUN_ENV.parallel];
  if (values.parallel !== undefined) options.parallel = parallelOf(values.parallel, '--parallel');
  else if (parallelFromEnv !== undefined) options.parallel = parallelOf(parallelFromEnv, RUN_ENV.parallel);
  if (values.repeat !== undefined) options.repeat = repeatOf(values.repeat);
  const fromEnv = env[PROVIDER_ENV];
  if (fromEnv !== undefined && options.provider === undefined) oneOf(fromEnv, PROVIDER_NAMES, PROVIDER_ENV);
  return options;
}
