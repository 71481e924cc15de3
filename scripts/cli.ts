/**
 * The pod-conformance command line (bin/pod-conformance.mjs loads it once the dependencies are
 * installed). Commands, options and exit codes: scripts/args.ts. The npm scripts call this
 * too, so a checkout and an installed package run the same code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine, type CommandLine } from './args.ts';
import { EXIT, UsageError } from './shared/exit.ts';
import { completionScript, usage } from './usage.ts';
import { ROOT, useReportsDir } from './shared/paths.ts';

/** `version`, `--version`: this package's version and the Node.js it runs on. */
function version(json: boolean): string {
  const { version: pc } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  const facts = { version: pc, node: process.version, platform: `${process.platform}/${process.arch}` };
  return json
    ? JSON.stringify(facts, null, 2)
    : `pod-conformance ${facts.version} (node ${facts.node}, ${facts.platform})`;
}

/** What is missing from a checkout, of the files `needs` names. */
const missingFromCheckout = (needs: string[]): string[] => needs.filter((p) => !existsSync(resolve(ROOT, p)));

/** `test` runs the suite's own checks: they need a checkout with its dev dependencies. */
function checkoutProblem(): string | undefined {
  const missing = missingFromCheckout(['tsconfig.json', 'test', 'node_modules/typescript']);
  if (missing.length === 0) return undefined;
  return `pod-conformance test runs the suite's own typecheck, lint and unit tests, which need a checkout (missing here: ${missing.join(', ')}); run the scenarios with pod-conformance run, or clone the repository`;
}

/** `bench` times a checkout's `npm run -s scenarios`; package-lock.json marks a checkout (npm pack leaves it out). */
function benchProblem(): string | undefined {
  const missing = missingFromCheckout(['package-lock.json']);
  if (missing.length === 0) return undefined;
  return `pod-conformance bench times the suite as a checkout runs it (npm run -s scenarios there), and this is an installed package (missing here: ${missing.join(', ')}); clone the repository to benchmark, or run the scenarios with pod-conformance run`;
}

async function command(line: CommandLine): Promise<number> {
  const { command, options } = line;
  // Before any module that reads the reports directory is loaded; the run's children inherit it.
  if (line.reportsDir !== undefined) useReportsDir(line.reportsDir);
  switch (command) {
    case 'help':
      console.log(usage(line.topic));
      return EXIT.passed;
    case 'version':
      console.log(version(line.output === 'json'));
      return EXIT.passed;
    case 'completion':
      console.log(completionScript(line.shell ?? 'bash'));
      return EXIT.passed;
    case 'list': {
      const { loadCatalogue, featureScenarios } = await import('./report/catalogue.ts');
      const { listing, listingJson } = await import('./report/list.ts');
      const [catalogue, scenarios] = [loadCatalogue(), featureScenarios()];
      if (line.output === 'json') console.log(JSON.stringify(listingJson(catalogue, scenarios, options.tags), null, 2));
      else for (const l of listing(catalogue, scenarios, options.tags, line.output === 'wide')) console.log(l);
      return EXIT.passed;
    }
    case 'test': {
      const problem = checkoutProblem();
      if (problem) throw new UsageError(problem);
      const { runSuite } = await import('./run/command.ts');
      return runSuite(options, true);
    }
    case 'report': {
      const { generateReport } = await import('./report/html-report.ts');
      const { index, behaviours } = await generateReport();
      if (behaviours) console.log(`behaviours view: file://${behaviours}`);
      console.log(`scenario report: file://${index}`);
      return EXIT.passed;
    }
    case 'cleanup': {
      const { cleanup } = await import('./run/cleanup.ts');
      return cleanup(options);
    }
    case 'catalogue': {
      const { printCatalogue } = await import('./report/behaviour-results.ts');
      return printCatalogue(line.paths?.[0], { upstream: line.upstream ?? false, output: line.output });
    }
    case 'matrix': {
      const { writeMatrix } = await import('./report/matrix.ts');
      return writeMatrix(line.paths ?? [], line.out, line.labels, line.notes);
    }
    case 'bench': {
      const problem = benchProblem();
      if (problem) throw new UsageError(problem);
      const { bench } = await import('./bench/bench.ts');
      return bench(line.runArgv ?? [], options.repeat);
    }
    case 'cluster': {
      const { clusterCommand } = await import('../clusters/cli.ts');
      return clusterCommand(line.clusterArgs ?? []);
    }
    case 'run': {
      if (options.inCluster) {
        const { runInCluster } = await import('./in-cluster/command.ts');
        return runInCluster(options);
      }
      const { runSuite } = await import('./run/command.ts');
      return runSuite(options, false);
    }
  }
}

/** Runs one command line; resolves to the process's exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await command(parseCommandLine(argv, env));
  } catch (err) {
    const usage = err instanceof UsageError;
    console.error(`error: ${usage ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    // run and test always end with the summary line CI looks for.
    if (argv[0] === 'run' || argv[0] === 'test') console.log('0 passed, 1 failed, 0 skipped');
    return usage ? EXIT.usage : EXIT.failed;
  }
}
