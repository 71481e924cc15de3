/**
 * npm run matrix -- <run> <run> … [--out reports/matrix.html]: puts several runs side by side.
 * Each <run> is a reports directory holding conformance.json (for example a copy of reports/ from
 * another cluster) or the path of a conformance.json. Cells link to the run's behaviours view
 * (html/behaviours.html beside its conformance.json) when it exists, else to the JSON itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { matrixHtml, matrixRows, readRun } from './lib/matrix.ts';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: 'reports/matrix.html' } },
  });
  if (positionals.length < 2) {
    console.error('error: give at least two runs: npm run matrix -- run-a/ run-b/ [--out reports/matrix.html]');
    return 1;
  }
  const out = resolve(values.out ?? 'reports/matrix.html');
  try {
    const runs = positionals.map((p) => readRun(p, dirname(out)));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, matrixHtml(runs));
    const differing = matrixRows(runs.map((r) => r.doc)).filter((r) => r.differs);
    console.log(`matrix of ${runs.length} runs: ${out}`);
    console.log(
      `${differing.length} behaviour(s) differ${differing.length ? `: ${differing.map((r) => r.id).join(', ')}` : ''}`,
    );
    return 0;
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exit(main());
