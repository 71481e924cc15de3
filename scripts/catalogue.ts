/**
 * pod-conformance catalogue [<reports dir>]: one line per behaviour ID of features/catalogue.yaml
 * with its scenario count and the result of the last run (read from <reports dir>/messages.ndjson,
 * default the reports directory), then the totals. Without a run it still lists the scenario
 * counts. Exits 1 when the catalogue and the feature files disagree (the same check as the unit
 * test).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { behaviourResults, tally } from './lib/behaviour-results.ts';
import { catalogueProblems, featureScenarios, loadCatalogue } from './lib/catalogue.ts';
import { readEnvelopes, scenarioResults } from './lib/messages.ts';
import { REPORTS } from './lib/paths.ts';

export function printCatalogue(reportsDir: string = REPORTS): number {
  try {
    return print(resolve(reportsDir));
  } catch (err) {
    // A catalogue or feature file that does not load: its message names the file and the problem.
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function print(reportsDir: string): number {
  const messages = resolve(reportsDir, 'messages.ndjson');
  const catalogue = loadCatalogue();
  const defined = featureScenarios();
  const ran = existsSync(messages) ? scenarioResults(readEnvelopes(messages)) : [];
  console.log(
    existsSync(messages)
      ? `results of the last run: ${messages} (${ran.length} scenarios)`
      : `no run found (${messages} is missing): scenario counts only; run the scenarios first for results`,
  );
  for (const line of tally(behaviourResults(catalogue, defined, ran))) console.log(line);
  const problems = catalogueProblems(catalogue, defined);
  for (const p of problems) console.error(`error: ${p}`);
  return problems.length > 0 ? 1 : 0;
}
