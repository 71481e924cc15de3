/**
 * pod-conformance matrix <run> <run> … [--out <file>]: puts several runs side by side. Each <run>
 * is a reports directory holding conformance.json (for example a copy of reports/ from another
 * cluster) or the path of a conformance.json. Cells link to the run's behaviours view
 * (html/behaviours.html beside its conformance.json) when it exists, else to the JSON itself.
 * The default <file> is matrix.html in the reports directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './lib/args.ts';
import { matrixHtml, matrixRows, readRun, type Implementation } from './lib/matrix.ts';
import { REPORTS } from './lib/paths.ts';

export function writeMatrix(paths: string[], outFile: string = resolve(REPORTS, 'matrix.html')): number {
  const out = resolve(outFile);
  let runs: Implementation[];
  try {
    runs = paths.map((p) => readRun(p, dirname(out)));
  } catch (err) {
    // A run that is not there or not a conformance.json is bad input: nothing was written.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, matrixHtml(runs));
  const differing = matrixRows(runs.map((r) => r.doc)).filter((r) => r.differs);
  console.log(`matrix of ${runs.length} runs: ${out}`);
  console.log(
    `${differing.length} behaviour(s) differ${differing.length ? `: ${differing.map((r) => r.id).join(', ')}` : ''}`,
  );
  return 0;
}
