/**
 * The pod-conformance command line (scripts/cli.ts): a command and its options, checked before
 * anything else happens. Bad usage is one line naming the input and the fix (exit 2), before any
 * cluster work and before the previous run's reports are touched.
 *
 * The conventions of kubectl, kind and sonobuoy: `help <command>` and `<command> --help` print
 * that command's page (scripts/usage.ts), `--version` and `version` the version, `completion
 * bash|zsh` a completion script, `-o json|wide` another form of a listing. Which command takes
 * which option is one table (COMMAND_SPECS), read by the parser, the help and the completion.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { localNodeCount, PROVIDER_ENV, PROVIDER_NAMES } from '../clusters/index.ts';
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
  'version',
  'completion',
  'help',
] as const;
export type Command = (typeof COMMANDS)[number];

/** The shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** `-o`: the other forms of a listing (the default is text for people). */
export const OUTPUTS = ['json', 'wide'] as const;
export type Output = (typeof OUTPUTS)[number];

export interface CommandLine {
  command: Command;
  options: RunOptions;
  /** `help <command>` and `<command> --help`: the command whose page to print (unset: the global one). */
  topic?: Command;
  /** `cluster`'s own arguments (clusters/cli.ts parses them). */
  clusterArgs?: string[];
  /** `catalogue`'s reports directory (at most one), `matrix`'s runs (two or more). */
  paths?: string[];
  /** `matrix --out`. */
  out?: string;
  /** `matrix --label`, once per run in their order: the columns' names. */
  labels?: string[];
  /** `matrix --notes`: a YAML file of behaviour ID → why its row differs. */
  notes?: string;
  /** `catalogue --upstream`: per upstream spec instead of per behaviour. */
  upstream?: boolean;
  /** `bench`: its run options as given, for the run it times. */
  runArgv?: string[];
  /** `-o json|wide` of list, catalogue and version. */
  output?: Output;
  /** `completion <shell>`. */
  shell?: Shell;
  /** `--reports-dir`: where reports go (instead of POD_CONFORMANCE_REPORTS or the default). */
  reportsDir?: string;
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
  'reports-dir': { type: 'string' },
  'in-cluster': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  upstream: { type: 'boolean' },
  out: { type: 'string' },
  label: { type: 'string', multiple: true },
  notes: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;
export type OptionName = keyof typeof OPTIONS;

/** How an option is written in a message: `-o/--output`, else `--name`. */
export function optionLabel(name: OptionName): string {
  const short = (OPTIONS[name] as { short?: string }).short;
  return short && name !== 'help' ? `-${short}/--${name}` : `--${name}`;
}

/** Whether `name` takes a value. */
export const takesValue = (name: OptionName): boolean => OPTIONS[name].type === 'string';

export interface CommandSpec {
  /** The options it takes, besides --help. */
  options: OptionName[];
  /** Why it takes no others, for the refusal of one it does not take. */
  why: string;
  /** Its arguments besides options: how many, and what they are. */
  positionals?: { min: number; max: number; what: string };
  /** One example, for the refusals. */
  example: string;
}

const RUN_OPTIONS: OptionName[] = [
  'tags',
  'kubeconfig',
  'context',
  'provider',
  'keep',
  'parallel',
  'report',
  'repeat',
  'reports-dir',
];

/** Every command's options and arguments: the parser, the help pages and the completion read this. */
export const COMMAND_SPECS: Record<Command, CommandSpec> = {
  run: {
    // --in-cluster: run's alone (scripts/in-cluster/), the run as a pod inside the cluster.
    options: [...RUN_OPTIONS, 'in-cluster'],
    why: 'the run options',
    example: 'pod-conformance run --tags @INIT-02',
  },
  test: {
    options: RUN_OPTIONS.filter((o) => o !== 'repeat'),
    why: 'the run options but --repeat',
    example: 'pod-conformance test --tags @INIT-02',
  },
  bench: { options: RUN_OPTIONS, why: 'the run options', example: 'pod-conformance bench --tags @INIT-07' },
  list: {
    options: ['tags', 'output'],
    why: 'it needs no cluster',
    example: 'pod-conformance list --tags @INIT-02 -o json',
  },
  report: { options: ['reports-dir'], why: "it reads the last run's results", example: 'pod-conformance report' },
  cleanup: {
    options: ['kubeconfig', 'context', 'provider'],
    why: 'it only picks a cluster',
    example: 'pod-conformance cleanup --provider local',
  },
  catalogue: {
    options: ['upstream', 'output', 'reports-dir'],
    why: 'it needs no cluster',
    positionals: { min: 0, max: 1, what: 'reports directory' },
    example: 'pod-conformance catalogue --upstream reports/',
  },
  matrix: {
    options: ['out', 'label', 'notes', 'reports-dir'],
    why: 'it needs no cluster',
    positionals: { min: 2, max: Infinity, what: 'runs' },
    example: 'pod-conformance matrix runs/a runs/b --out reports/matrix.html',
  },
  cluster: { options: [], why: 'its own options', example: 'pod-conformance cluster status' },
  version: { options: ['output'], why: 'it prints the version', example: 'pod-conformance version -o json' },
  completion: {
    options: [],
    why: 'it prints a script',
    positionals: { min: 1, max: 1, what: 'shell' },
    example: 'source <(pod-conformance completion bash)',
  },
  help: {
    options: [],
    why: 'it prints a page',
    positionals: { min: 0, max: 1, what: 'command' },
    example: 'pod-conformance help run',
  },
};

/** How the user asks for help the way they started the command: npm needs its "--". */
/** npx and npm exec run the command itself (their lifecycle event is "npx" / "exec"), not an npm script. */
function npmScript(env: NodeJS.ProcessEnv): string | undefined {
  const event = env.npm_lifecycle_event;
  return event === 'npx' || event === 'exec' ? undefined : event;
}

function helpHint(env: NodeJS.ProcessEnv, command?: Command): string {
  const event = npmScript(env);
  const page = command && command !== 'help' ? ` ${command} --help` : ' --help';
  if (env.npm_lifecycle_event && !event) return `npx pod-conformance${page}`;
  if (!event) return command && command !== 'help' ? `pod-conformance help ${command}` : 'pod-conformance --help';
  return event === 'test' ? 'npm test -- --help' : `npm run ${event} -- --help`;
}

/** `npm run x --tags @A` (no `--`) gives npm the option: it sets npm_config_tags and passes "@A" on. */
function optionsNpmTook(env: NodeJS.ProcessEnv, names: string[]): string[] {
  if (!npmScript(env)) return [];
  return names.filter((name) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined);
}

function refuseWhatNpmTook(env: NodeJS.ProcessEnv, names: string[]): void {
  const took = optionsNpmTook(env, names);
  if (took.length > 0) {
    throw new UsageError(
      `npm took --${took.join(', --')} as its own option because "--" is missing; put "--" before the suite's options: npm run ${env.npm_lifecycle_event} -- --${took[0]} …`,
    );
  }
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

/** `--json` and `--wide` are what kubectl users type by habit of other tools: name the option they meant. */
function unknownOptionHint(option: string, spec: CommandSpec): string {
  const form = /^--(json|wide)$/.exec(option)?.[1];
  if (form && spec.options.includes('output')) return `; for ${form} output use -o ${form}`;
  return '';
}

function optionListOf(command: Command): string {
  const names = COMMAND_SPECS[command].options;
  return names.length > 0 ? names.map(optionLabel).join(', ') : 'no options';
}

interface Parsed {
  values: Partial<Record<OptionName, string | boolean | string[]>>;
  /** The options given, in order, by their long name. */
  given: OptionName[];
  positionals: string[];
}

/** The arguments after the command, parsed against every option there is; which ones it takes is checked after. */
function parseOptions(command: Command | undefined, argv: string[], env: NodeJS.ProcessEnv): Parsed {
  const spec = command ? COMMAND_SPECS[command] : undefined;
  // `--parallel -3` is a malformed value, not an option called -3: join it to its option.
  const args: string[] = [];
  for (const arg of argv) {
    const previous = args.at(-1) ?? '';
    const name = previous.startsWith('--') ? (previous.slice(2) as OptionName) : undefined;
    if (/^-\d/.test(arg) && name && OPTIONS[name]?.type === 'string') args[args.length - 1] = `${previous}=${arg}`;
    else args.push(arg);
  }
  const pageHint = helpHint(env, command);
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const option = /'(--?[^' ,]+)/.exec(err instanceof Error ? err.message : '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const takes = command ? `${command} takes ${optionListOf(command)}` : 'see the commands';
      throw new UsageError(
        `unknown option ${option}; ${takes}${spec ? unknownOptionHint(option, spec) : ''} (${pageHint})`,
      );
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing|ambiguous/.test(String(err)))
      throw new UsageError(`${option} needs a value; see ${pageHint}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`${option} takes no value; see ${pageHint}`);
    throw err;
  }
  const given = parsed.tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  return { values: parsed.values, given, positionals: parsed.positionals };
}

/** The command's options that are not its own, refused with the ones it takes. */
function refuseForeign(command: Command, given: OptionName[], env: NodeJS.ProcessEnv): void {
  const spec = COMMAND_SPECS[command];
  const foreign = given.find((name) => name !== 'help' && !spec.options.includes(name));
  if (foreign === undefined) return;
  if (command === 'test' && foreign === 'repeat') return; // its own line below, naming the fix
  const takes = spec.options.length > 0 ? `only ${optionListOf(command)}` : 'no options';
  throw new UsageError(`${command} takes ${takes} (${spec.why}), not --${foreign}; ${helpHint(env, command)}`);
}

const HELP_FLAGS = new Set(['-h', '--help']);

/**
 * `pod-conformance <command> [options]`. No command is bad usage (the usage names them all);
 * `--help` anywhere asks for the page of the command before it.
 */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const [first, ...rest] = argv;
  const bare = { help: false, report: false };
  if (first === undefined || first.startsWith('-')) {
    const { values } = parseOptions(undefined, argv, env);
    if (values.help) return { command: 'help', options: { help: true, report: false } };
    if (values.version) return { command: 'version', options: bare };
    throw new UsageError(
      `no command given; the commands are ${COMMANDS.join(', ')}, for example: pod-conformance run --tags @INIT-02 (${helpHint(env)})`,
    );
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; the commands are ${COMMANDS.join(', ')} (${helpHint(env)})`);
  }
  const command = first as Command;
  const helpPage: CommandLine = { command: 'help', options: { help: true, report: false }, topic: command };
  if (command === 'cluster') {
    // The cluster command's own page is the suite's (scripts/usage.ts); its subcommands are clusters/cli.ts's.
    if (rest.some((a) => HELP_FLAGS.has(a))) return helpPage;
    return { command, options: bare, clusterArgs: rest };
  }
  const spec = COMMAND_SPECS[command];
  refuseWhatNpmTook(env, spec.options);
  const { values, given, positionals } = parseOptions(command, rest, env);
  if (values.help) return command === 'help' ? { command: 'help', options: { help: true, report: false } } : helpPage;
  if (given.includes('version'))
    throw new UsageError(`--version stands alone: pod-conformance --version (or pod-conformance version)`);
  refuseForeign(command, given, env);
  const line: CommandLine = { command, options: bare };
  checkPositionals(command, positionals, env);
  for (const name of ['reports-dir', 'output', 'out'] as const) {
    const value = values[name];
    if (typeof value === 'string' && (value.trim() === '' || value.startsWith('--')))
      throw new UsageError(`${optionLabel(name)} needs a value (got "${value}"); for example ${spec.example}`);
  }
  if (typeof values['reports-dir'] === 'string') line.reportsDir = values['reports-dir'];
  if (typeof values.output === 'string') line.output = oneOf(values.output, OUTPUTS, '-o');
  switch (command) {
    case 'help':
      if (positionals[0] !== undefined) line.topic = positionals[0] as Command;
      line.options = { help: true, report: false };
      return line;
    case 'completion':
      line.shell = positionals[0] as Shell;
      return line;
    case 'version':
      if (line.output === 'wide')
        throw new UsageError('version takes -o json only; for example pod-conformance version -o json');
      return line;
    case 'catalogue':
      if (values.upstream) line.upstream = true;
      if (values.upstream && line.output === 'wide')
        throw new UsageError(
          'catalogue --upstream has no wide form (every line names its behaviour IDs already); use -o json, for example pod-conformance catalogue --upstream -o json',
        );
      line.paths = positionals;
      return line;
    case 'matrix': {
      line.paths = positionals;
      if (typeof values.out === 'string') line.out = values.out;
      const labels = Array.isArray(values.label) ? values.label : [];
      if (labels.length > positionals.length || labels.some((l) => l.trim() === '' || l.startsWith('--')))
        throw new UsageError(
          `matrix takes one non-empty --label per run, in the order of the runs (got ${labels.length} for ${positionals.length} runs); for example pod-conformance matrix runs/a runs/b --label "kind 1.35" --label "gke 1.35"`,
        );
      if (labels.length > 0) line.labels = labels;
      if (typeof values.notes === 'string') line.notes = values.notes;
      return line;
    }
    default:
  }
  line.options = runOptionsOf(values, env);
  if (command === 'bench') line.runArgv = rest;
  if (command === 'test' && line.options.repeat !== undefined)
    throw new UsageError(
      `test takes no --repeat (it runs the static checks and unit tests once); repeat the scenarios with pod-conformance run --repeat ${line.options.repeat} (${helpHint(env)})`,
    );
  return line;
}

function checkPositionals(command: Command, positionals: string[], env: NodeJS.ProcessEnv): void {
  const spec = COMMAND_SPECS[command];
  const range = spec.positionals;
  if (!range) {
    if (positionals.length > 0)
      throw new UsageError(
        `unexpected argument "${positionals[0]}": options take the form --name value (for example --tags "${positionals[0]}"); see ${helpHint(env, command)}`,
      );
    return;
  }
  const n = positionals.length;
  if (command === 'help' && n === 1 && !(COMMANDS as readonly string[]).includes(positionals[0]!))
    throw new UsageError(`help: unknown command "${positionals[0]}"; the commands are ${COMMANDS.join(', ')}`);
  if (command === 'completion') {
    if (n !== 1 || !(SHELLS as readonly string[]).includes(positionals[0]!))
      throw new UsageError(
        `completion needs one shell, ${SHELLS.join(' or ')} (got ${n === 0 ? 'none' : `"${positionals.join(' ')}"`}); for example ${spec.example}`,
      );
    return;
  }
  if (command === 'matrix' && n < range.min)
    throw new UsageError(
      `matrix needs at least two runs to put side by side (got ${n}), each a reports directory or a conformance.json; for example ${spec.example}`,
    );
  if (n > range.max)
    throw new UsageError(
      `${command} takes at most ${range.max === 1 ? 'one' : range.max} ${range.what} (got ${n}: ${positionals.join(' ')}); for example ${spec.example}`,
    );
}

/** The run options, checked one by one (run, test, bench, list and cleanup share them). */
function runOptionsOf(values: Parsed['values'], env: NodeJS.ProcessEnv): RunOptions {
  const options: RunOptions = { help: false, report: values.report === true };
  const text = (name: OptionName) => (typeof values[name] === 'string' ? values[name] : undefined);
  for (const name of ['tags', 'keep', 'provider', 'kubeconfig', 'context', 'parallel', 'repeat'] as const) {
    const value = text(name);
    if (value !== undefined && (value.trim() === '' || value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (got "${value}"); see ${helpHint(env)}`);
  }
  const tags = text('tags');
  const keep = text('keep');
  const provider = text('provider');
  const kubeconfig = text('kubeconfig');
  const context = text('context');
  const parallel = text('parallel');
  const repeat = text('repeat');
  if (tags !== undefined) options.tags = checkTagExpression(tags);
  if (keep !== undefined) options.keep = oneOf(keep, ['failed', 'always'] as const, '--keep');
  if (provider !== undefined) options.provider = oneOf(provider, PROVIDER_NAMES, '--provider');
  if (kubeconfig !== undefined) {
    if (!existsSync(kubeconfig))
      throw new UsageError(`--kubeconfig ${kubeconfig}: no such file; give the path of a kubeconfig file`);
    options.kubeconfig = kubeconfig;
  }
  if (context !== undefined) options.context = context;
  const parallelFromEnv = env[RUN_ENV.parallel];
  if (parallel !== undefined) options.parallel = parallelOf(parallel, '--parallel');
  else if (parallelFromEnv !== undefined) options.parallel = parallelOf(parallelFromEnv, RUN_ENV.parallel);
  if (repeat !== undefined) options.repeat = repeatOf(repeat);
  if (values['in-cluster'] === true) options.inCluster = true;
  const fromEnv = env[PROVIDER_ENV];
  if (fromEnv !== undefined && options.provider === undefined) oneOf(fromEnv, PROVIDER_NAMES, PROVIDER_ENV);
  try {
    localNodeCount({ [RUN_ENV.localNodes]: env[RUN_ENV.localNodes] });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return options;
}

/**
 * The options of `run` alone, checked one by one (the unit tests' way in; the command line goes
 * through parseCommandLine).
 */
export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  refuseWhatNpmTook(env, COMMAND_SPECS.run.options);
  const { values, given, positionals } = parseOptions('run', argv, env);
  if (values.help) return { help: true, report: false };
  refuseForeign('run', given, env);
  checkPositionals('run', positionals, env);
  return runOptionsOf(values, env);
}
