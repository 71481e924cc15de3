/**
 * `pod-conformance matrix` (writeMatrix, at the end): several runs' conformance.json side by side. Behaviours down, implementations across
 * (headed by provider, Kubernetes version and runtime), each cell the verdict linking to that
 * run's evidence, and the rows where the implementations differ first, so a team building another
 * implementation sees at once what it does differently from the reference.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../shared/exit.ts';
import { REPORTS } from '../shared/paths.ts';
import type { ConformanceBehaviour, ConformanceDocument } from './conformance.ts';
import { CONFORMANCE_SCHEMA } from './conformance.ts';
import type { Html } from './html.ts';
import { badge, html, page } from './html.ts';

export interface Implementation {
  doc: ConformanceDocument;
  /** Link to the run's behaviours view (or its conformance.json), relative to the matrix page. */
  evidence: string;
}

export interface MatrixRow {
  id: string;
  must: string;
  /** The upstream e2e specs the behaviour covers (`file: spec`), from the first run that names any. */
  upstream: string[];
  cells: (ConformanceBehaviour | undefined)[];
  differs: boolean;
}

/** `local · v1.35.4 · containerd://1.6.20 / crun 1.8.1` */
export function implementationLabel(doc: ConformanceDocument): { title: string; detail: string } {
  const c = doc.cluster;
  if (!c) return { title: 'unknown cluster', detail: doc.run.id ?? '' };
  const node = c.nodes[0];
  const runtime = [node?.containerRuntimeVersion, c.ociRuntime].filter(Boolean).join(' / ');
  return {
    title: `${c.provider} · ${c.serverVersion}${runtime ? ` · ${runtime}` : ''}`,
    detail: [node ? `${node.osImage}, kernel ${node.kernelVersion}` : '', doc.run.id, doc.run.tags]
      .filter(Boolean)
      .join(' · '),
  };
}

/** Rows in catalogue order (of the first run that has the ID), those whose verdicts differ first. */
export function matrixRows(docs: ConformanceDocument[]): MatrixRow[] {
  const ids: string[] = [];
  const must = new Map<string, string>();
  const upstream = new Map<string, string[]>();
  for (const d of docs) {
    for (const b of d.behaviours) {
      if (!must.has(b.id)) {
        ids.push(b.id);
        must.set(b.id, b.must);
      }
      if (!upstream.get(b.id)?.length && b.upstream) upstream.set(b.id, b.upstream);
    }
  }
  const rows = ids.map((id) => {
    const cells = docs.map((d) => d.behaviours.find((b) => b.id === id));
    const verdicts = new Set(cells.map((c) => c?.result ?? 'absent'));
    return { id, must: must.get(id) ?? '', upstream: upstream.get(id) ?? [], cells, differs: verdicts.size > 1 };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

/** Longest reason shown in a cell; the whole one is the cell's tooltip and is in the linked evidence. */
export const CELL_REASON_CHARS = 240;

/** A failure's first line can list every observed state: a cell shows its start, without the error's class name. */
export function cellReason(reason: string): { text: string; full: string } {
  const full = reason.replace(/^[A-Za-z]*Error: /, '');
  if (full.length <= CELL_REASON_CHARS) return { text: full, full };
  return { text: `${full.slice(0, CELL_REASON_CHARS - 1).trimEnd()}…`, full };
}

function cell(b: ConformanceBehaviour | undefined, evidence: string): Html {
  if (!b) return html`<td>${badge('absent', 'not in this run’s catalogue')}</td>`;
  const timings = b.scenarios.flatMap((s) => s.measurements).map((m) => `${m.seconds} s`);
  return html`<td>
    <a href="${evidence}#${b.id}">${badge(b.result)}</a>
    ${b.reason ? reasonDiv(cellReason(b.reason)) : ''}
    ${timings.length > 0 ? html`<div class="small">measured ${timings.join(', ')}</div>` : ''}
  </td>`;
}

function reasonDiv(r: { text: string; full: string }): Html {
  return html`<div class="reason" title="${r.full === r.text ? '' : r.full}">${r.text}</div>`;
}

export function matrixHtml(implementations: Implementation[]): string {
  const docs = implementations.map((i) => i.doc);
  const rows = matrixRows(docs);
  const differing = rows.filter((r) => r.differs).length;
  const head = implementations.map((i) => {
    const label = implementationLabel(i.doc);
    const t = i.doc.totals;
    return html`<th>
      ${label.title}
      <div class="small">${label.detail}</div>
      <div class="small">${t.passed} of ${t.inScope} passed · ${t.failed} failed · ${t.skipped} skipped</div>
    </th>`;
  });
  const body = rows.map(
    (r, n) =>
      html`${
          n === differing && differing > 0
            ? html`<tr>
                <td colspan="${implementations.length + 2}"><b>Same result everywhere</b></td>
              </tr>`
            : ''
        }
        <tr class="${r.differs ? 'differs' : ''}">
          <td class="id">${r.id}</td>
          <td class="must">
            ${r.must}
            ${
              r.upstream.length > 0
                ? html`<div class="small">upstream: ${r.upstream.map((u) => html`<div>${u}</div>`)}</div>`
                : ''
            }
          </td>
          ${r.cells.map((c, i) => cell(c, implementations[i]?.evidence ?? ''))}
        </tr>`,
  );
  return page(
    'matrix',
    html`<h1>Pod behaviours across implementations</h1>
      <div class="meta">
        ${implementations.length} runs · ${rows.length} behaviours ·
        <b>${differing} where the implementations differ</b> (listed first, marked at the left edge). Each cell links to
        that run's behaviours view, which links to its scenarios and evidence.
      </div>`,
    html`<table>
      <thead>
        <tr>
          <th>ID</th>
          <th>Behaviour (MUST)</th>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${
          differing > 0
            ? html`<tr>
                <td colspan="${implementations.length + 2}"><b>Different results</b></td>
              </tr>`
            : ''
        }
        ${body}
      </tbody>
    </table>`,
  );
}

/** Reads one run argument; every problem is one line with what to do. */
export function readRun(arg: string, outDir: string): Implementation {
  const path = existsSync(arg) && statSync(arg).isDirectory() ? resolve(arg, 'conformance.json') : resolve(arg);
  if (!existsSync(path)) {
    throw new Error(
      `${arg}: no conformance.json there; pass a reports directory of a finished run (npm run conformance writes reports/conformance.json)`,
    );
  }
  let doc: ConformanceDocument;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as ConformanceDocument;
  } catch (err) {
    throw new Error(`${path}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const schema: unknown = (doc as { schema?: unknown }).schema;
  if (schema !== CONFORMANCE_SCHEMA) {
    throw new Error(
      `${path}: schema ${JSON.stringify(schema) ?? '(none)'}, expected "${CONFORMANCE_SCHEMA}"; regenerate it with this version of the suite`,
    );
  }
  const view = resolve(dirname(path), 'html', 'behaviours.html');
  return { doc, evidence: relative(outDir, existsSync(view) ? view : path) || '.' };
}

/**
 * pod-conformance matrix <run> <run> … [--out <file>]: puts several runs side by side. Each <run>
 * is a reports directory holding conformance.json (for example a copy of reports/ from another
 * cluster) or the path of a conformance.json. Cells link to the run's behaviours view
 * (html/behaviours.html beside its conformance.json) when it exists, else to the JSON itself.
 * The default <file> is matrix.html in the reports directory.
 */
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
