/**
 * Cucumber profiles. `npm test` / `npm run scenarios` run the default profile through
 * scripts/run/run.ts, which sets KUBECONFIG and the image map. `preflight` is a dry run that checks
 * the selection (tags, undefined steps, manifest YAML) before any cluster work.
 *
 * Environment: POD_CONFORMANCE_PARALLEL (workers; scripts/run/run.ts chooses it; 1: the scenarios
 * run in cucumber's own process), POD_CONFORMANCE_FORMAT (console
 * formatter: default one line per scenario; "pretty" reads best with POD_CONFORMANCE_PARALLEL=1), POD_CONFORMANCE_REPORTS
 * (directory for the report files, default "reports"), POD_CONFORMANCE_FEATURES (the feature files
 * of the selection, from the preflight: the scenarios' profile reads only those).
 */
import { ResultsWriter } from './scripts/cucumber/allure-writer.mjs';
import { supportBundle } from './scripts/cucumber/support-bundle.mjs';
import { RUN_ENV } from './support/run-env.mjs';

const reports = process.env[RUN_ENV.reports] ?? 'reports';
// The support code and steps, bundled once per change (scripts/cucumber/support-bundle.mjs): a worker then
// starts in about a fifth of the CPU it took to load the TypeScript sources through tsx. The
// packages it imports are loaded first, before source maps are enabled: Node would otherwise
// scan their megabytes for a source-map comment in every worker.
const support = await supportBundle({ log: (line) => process.stderr.write(`${line}\n`) });

const common = {
  paths: ['features/**/*.feature'],
  // Workers load in turns (support/scenario/load-turns.mjs), the packages first, then our own code with its source map.
  import: ['support/scenario/load-turns.mjs', ...support.vendor, 'support/scenario/source-maps.mjs', support.bundle],
  strict: true,
};

const workers = Number(process.env[RUN_ENV.parallel] ?? 2);

export default {
  ...common,
  // The selection's feature files only, when the run names them (support/run-config.ts): the tags
  // still select the scenarios; the other files are not parsed (about 0.1 s of a 3 s inner loop).
  ...(process.env[RUN_ENV.features] ? { paths: JSON.parse(process.env[RUN_ENV.features]) } : {}),
  // One worker is cucumber's own process (parallel: 0): no worker process to start, and the
  // support code loaded once instead of twice (scripts/run/workers.ts WORKER_START_MS).
  parallel: workers > 1 ? workers : 0,
  // Exit once the run and its reports are done, as a parallel worker does: a step a signal
  // interrupted may leave its wait's timer behind (up to the step's own deadline), which kept a
  // one-worker run's cucumber up for a minute after its last scenario.
  forceExit: true,
  // Longest scenarios first, at most half the workers on long ones, from the durations of earlier
  // runs (POD_CONFORMANCE_DURATIONS).
  plugin: ['./scripts/cucumber/scenario-order.mjs'],
  format: [
    process.env[RUN_ENV.format] ?? './scripts/cucumber/console-formatter.mjs',
    // Only one formatter may write to stdout; every other one gets a file. reports/junit.xml is
    // written after the run from the messages (scripts/report/junit.ts), with IDs and properties.
    ['allure-cucumberjs/reporter', `${reports}/allure-formatter.out`],
    ['message', `${reports}/messages.ndjson`],
  ],
  formatOptions: {
    resultsDir: `${reports}/allure-results`,
    // allure-cucumberjs's own writer flushes every file to disk on the coordinator's thread
    // (scripts/cucumber/allure-writer.mjs says why that matters); this one does not.
    writer: new ResultsWriter({ resultsDir: `${reports}/allure-results` }),
    // allure-cucumberjs: labels are `@name:value` tags (never map to "feature": it is set already).
    labels: [
      { name: 'epic', pattern: [/^@epic:.+/] },
      { name: 'story', pattern: [/^@story:.+/] },
      { name: 'capability', pattern: [/^@capability:.+/] },
    ],
  },
};

export const preflight = {
  ...common,
  dryRun: true,
  format: [
    ['message', `${reports}/preflight.ndjson`],
    ['usage-json', `${reports}/steps-usage.json`],
  ],
};
