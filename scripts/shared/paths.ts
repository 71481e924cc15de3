/**
 * Where the suite lives and where a run writes. A checkout writes its reports beside the code
 * (reports/); an installed package (under node_modules) writes them in the directory the command
 * runs from, never into node_modules. POD_CONFORMANCE_REPORTS or --reports-dir names another
 * directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { RUN_ENV } from '../../support/run-config.ts';

/** The package root: the checkout, or node_modules/pod-conformance. */
export const ROOT = resolve(import.meta.dirname, '../..');

export function reportsDir(root = ROOT, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env[RUN_ENV.reports];
  if (chosen) return resolve(cwd, chosen);
  const installed = root.split(sep).includes('node_modules');
  return resolve(installed ? cwd : root, 'reports');
}

/** The reports directory; `--reports-dir` changes it (useReportsDir) before the run's modules load. */
export let REPORTS = reportsDir();

/**
 * `--reports-dir <dir>`: the reports directory for this process and the ones it starts (the
 * variable they read). Called by scripts/cli.ts before it loads any module that reads REPORTS.
 */
export function useReportsDir(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  env[RUN_ENV.reports] = resolve(dir);
  REPORTS = reportsDir(ROOT, process.cwd(), env);
  return REPORTS;
}

const require = createRequire(resolve(ROOT, 'package.json'));

/**
 * The executable `name` of dependency `pkg`, found the way Node finds the package (a checkout's
 * node_modules, or the hoisted node_modules of the project that installed this one).
 */
export function binOf(pkg: string, name: string): string {
  // Through the lookup directories, not require.resolve: some packages (allure) do not export package.json.
  const manifest = (require.resolve.paths(pkg) ?? [])
    .map((dir) => resolve(dir, pkg, 'package.json'))
    .find((candidate) => existsSync(candidate));
  if (!manifest) throw new Error(`${pkg} is not installed: run npm install in ${ROOT}`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
  const path = typeof bin === 'string' ? bin : bin?.[name];
  if (!path) throw new Error(`${pkg} has no executable ${name}`);
  return resolve(dirname(manifest), path);
}
