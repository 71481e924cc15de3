/**
 * The options of `npm test` / `npm run scenarios`, checked before anything else happens: a bad
 * option is one line naming it and the fix (exit 2), before any cluster work and before the
 * previous run's reports are touched.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';

/** Exit code of bad usage (an unknown option, a malformed value, a bad feature file). */
export const USAGE_EXIT = 2;

const MAX_PARALLEL = 64;

export const USAGE = `usage: npm test -- [options]      (npm run scenarios -- [options] skips typecheck, lint and unit tests)

  --scenarios-only            skip typecheck, lint and unit tests
  --report                    write the HTML report to reports/html/index.html
  --tags <expression>         select scenarios (cucumber tag expression: "@INIT-02 or @INIT-03")
  --keep failed|always        keep scenario namespaces for inspection (the console prints the delete command)
  --parallel <n>              cucumber workers, 1 to ${MAX_PARALLEL} (default: chosen from the selection's
                              recorded durations and the cluster's nodes; or POD_CONFORMANCE_PARALLEL)
  --provider local|kind|existing
  --kubeconfig <path>         an existing cluster's kubeconfig (implies --provider existing)
  --context <name>            the kubeconfig context to use
  -h, --help                  print this and exit

npm needs "--" before these options: npm run scenarios -- --tags @INIT-02`;

/** Bad usage: its message is one line naming the input and the fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface RunOptions {
  help: boolean;
  scenariosOnly: boolean;
  report: boolean;
  tags?: string;
  keep?: 'failed' | 'always';
  /** Unset: the run chooses from recorded durations and the cluster (scripts/lib/durations.ts). */
  parallel?: number;
  provider?: 'local' | 'kind' | 'existing';
  kubeconfig?: string;
  context?: string;
}

const OPTIONS = {
  'scenarios-only': { type: 'boolean' },
  report: { type: 'boolean' },
  tags: { type: 'string' },
  keep: { type: 'string' },
  provider: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  parallel: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTION_LIST = Object.keys(OPTIONS)
  .map((o) => `--${o}`)
  .join(', ');

/** `npm run x --tags @A` (no `--`) gives npm the option: it sets npm_config_tags and passes "@A" on. */
function optionsNpmTook(env: NodeJS.ProcessEnv): string[] {
  if (!env.npm_lifecycle_event) return [];
  return Object.keys(OPTIONS).filter((name) => env[`npm_config_${name.replace(/-/g, '_')}`] !== undefined);
}

function parallelOf(raw: string, source: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_PARALLEL) {
    throw new UsageError(
      `${source} must be a whole number of workers from 1 to ${MAX_PARALLEL} (got "${raw}"); for example --parallel 2`,
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

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions {
  const took = optionsNpmTook(env);
  if (took.length > 0) {
    throw new UsageError(
      `npm took --${took.join(', --')} as its own option because "--" is missing; put "--" before the suite's options: npm run ${env.npm_lifecycle_event} -- --${took[0]} …`,
    );
  }
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
      throw new UsageError(`unknown option ${option}; the options are ${OPTION_LIST} (npm test -- --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing|ambiguous/.test(String(err)))
      throw new UsageError(`${option} needs a value; see npm test -- --help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`${option} takes no value; see npm test -- --help`);
    throw err;
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument "${positionals[0]}": options take the form --name value (for example --tags "${positionals[0]}"); see npm test -- --help`,
    );
  }
  const options: RunOptions = {
    help: values.help ?? false,
    scenariosOnly: values['scenarios-only'] ?? false,
    report: values.report ?? false,
  };
  if (options.help) return options;
  for (const name of ['tags', 'keep', 'provider', 'kubeconfig', 'context', 'parallel'] as const) {
    const value = values[name];
    if (value !== undefined && (value.trim() === '' || value.startsWith('--')))
      throw new UsageError(`--${name} needs a value (got "${value}"); see npm test -- --help`);
  }
  if (values.tags !== undefined) options.tags = checkTagExpression(values.tags);
  if (values.keep !== undefined) options.keep = oneOf(values.keep, ['failed', 'always'] as const, '--keep');
  if (values.provider !== undefined)
    options.provider = oneOf(values.provider, ['local', 'kind', 'existing'] as const, '--provider');
  if (values.kubeconfig !== undefined) {
    if (!existsSync(values.kubeconfig))
      throw new UsageError(`--kubeconfig ${values.kubeconfig}: no such file; give the path of a kubeconfig file`);
    options.kubeconfig = values.kubeconfig;
  }
  if (values.context !== undefined) options.context = values.context;
  if (values.parallel !== undefined) options.parallel = parallelOf(values.parallel, '--parallel');
  else if (env.POD_CONFORMANCE_PARALLEL !== undefined)
    options.parallel = parallelOf(env.POD_CONFORMANCE_PARALLEL, 'POD_CONFORMANCE_PARALLEL');
  if (env.POD_CONFORMANCE_PROVIDER !== undefined && options.provider === undefined)
    oneOf(env.POD_CONFORMANCE_PROVIDER, ['local', 'kind', 'existing'] as const, 'POD_CONFORMANCE_PROVIDER');
  return options;
}
