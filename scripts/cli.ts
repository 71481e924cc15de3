/**
 * The pod-conformance command line (bin/pod-conformance.mjs loads it once the dependencies are
 * installed). Commands, options and exit codes: scripts/args.ts. The npm scripts call this
 * too, so a checkout and an installed package run the same code.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine, type CommandLine } from './args.ts';
import { EXIT, UsageError } from './shared/exit.ts';
import { USAGE } from './usage.ts';
import { ROOT } from './shared/paths.ts';

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
  switch (command) {
    case 'help':
      console.log(USAGE);
      return EXIT.passed;
    case 'list': {
      const { loadCatalogue, featureScenarios } = await import('./report/catalogue.ts');
      const { listing } = await import('./report/list.ts');
      for (const l of listing(loadCatalogue(), featureScenarios(), options.tags)) console.log(l);
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
      return printCatalogue(line.paths?.[0], { upstream: line.upstream ?? false });
    }
    case 'matrix': {
      const { writeMatrix } = await import('./report/matrix.ts');
      return writeMatrix(line.paths ?? [], line.out);
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
