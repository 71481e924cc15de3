/**
 * `pod-conformance matrix` (writeMatrix, at the end): several runs' conformance.json side by side. Behaviours down, implementations across
 * (headed by provider, Kubernetes version and runtime), each cell the verdict linking to that
 * run's evidence, and the rows where the implementations differ first, so a team building another
 * implementation sees at once what it does differently from the reference.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { dirname, relative, resolve } from 'node:path';
import { UsageError } from '../shared/exit.ts';
import { REPORTS } from '../shared/paths.ts';
import type { ConformanceBehaviour, ConformanceDocument } from './conformance.ts';
import { CONFORMANCE_SCHEMA } from './conformance.ts';
import type { Measurement } from '../../support/measurements.ts';
import { loadCatalogue } from './catalogue.ts';
import type { Html } from './html.ts';
import { badge, html, page } from './html.ts';

export interface Implementation {
  doc: ConformanceDocument;
  /** The column's name: `--label`, else the cluster's description (implementationLabel). */
  label?: string;
  /**
   * The run's behaviours view (html/behaviours.html beside its conformance.json), relative to the
   * matrix page, when it exists; without it each cell's scenarios are shown in the matrix itself.
   */
  view?: string;
}

export interface MatrixRow {
  id: string;
  area: string;
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

/**
 * The columns' names: each `--label`, else the cluster's description; two columns that would
 * read the same are told apart by their runs' start times (else their order).
 */
export function columnNames(implementations: Implementation[]): string[] {
  const names = implementations.map((i) => i.label ?? implementationLabel(i.doc).title);
  return names.map((name, i) => {
    if (implementations[i]?.label || names.filter((n) => n === name).length === 1) return name;
    const started = implementations[i]?.doc.run.startedAt;
    return `${name} · ${started ? `run of ${started.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : `#${i + 1}`}`;
  });
}

/** Rows in catalogue order (of the first run that has the ID), those whose verdicts differ first. */
export function matrixRows(docs: ConformanceDocument[]): MatrixRow[] {
  const ids: string[] = [];
  const first = new Map<string, ConformanceBehaviour>();
  const upstream = new Map<string, string[]>();
  for (const d of docs) {
    for (const b of d.behaviours) {
      if (!first.has(b.id)) {
        ids.push(b.id);
        first.set(b.id, b);
      }
      if (!upstream.get(b.id)?.length && b.upstream) upstream.set(b.id, b.upstream);
    }
  }
  const rows = ids.map((id) => {
    const cells = docs.map((d) => d.behaviours.find((b) => b.id === id));
    const verdicts = new Set(cells.map((c) => c?.result ?? 'absent'));
    const b = first.get(id);
    return {
      id,
      area: b?.area ?? '',
      must: b?.must ?? '',
      upstream: upstream.get(id) ?? [],
      cells,
      differs: verdicts.size > 1,
    };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

/** Per column after the first: how many behaviours have another result there than in the first column. */
export function differenceCounts(rows: MatrixRow[], columns: number): number[] {
  return Array.from({ length: columns }, (_, i) =>
    i === 0 ? 0 : rows.filter((r) => (r.cells[i]?.result ?? 'absent') !== (r.cells[0]?.result ?? 'absent')).length,
  );
}

/** Longest reason shown in a cell; the whole one is the cell's tooltip and is in the linked evidence. */
export const CELL_REASON_CHARS = 240;

/** A failure's first line can list every observed state: a cell shows its start, without the error's class name. */
export function cellReason(reason: string): { text: string; full: string } {
  const full = reason.replace(/^[A-Za-z]*Error: /, '');
  if (full.length <= CELL_REASON_CHARS) return { text: full, full };
  return { text: `${full.slice(0, CELL_REASON_CHARS - 1).trimEnd()}…`, full };
}

/** A measurement as a sentence an auditor can check: what, the value, the bounds, the verdict. */
export function measurementText(m: Measurement): string {
  const bounds = `bounds ${m.minSeconds} s … ${m.maxSeconds} s`;
  if (m.unfinished) return `✗ ${m.subject}: not yet after ${m.seconds} s (${bounds})`;
  return `${m.withinBounds ? '✓' : '✗'} ${m.subject}: ${m.seconds} s (${bounds}, ${m.withinBounds ? 'within' : 'OUTSIDE'})`;
}

const cellAnchor = (column: number, id: string) => `c${column + 1}-${id}`;

function cell(b: ConformanceBehaviour | undefined, column: number, view: string | undefined): Html {
  if (!b) return html`<td>${badge('absent', 'not in this run’s catalogue')}</td>`;
  const anchor = cellAnchor(column, b.id);
  // With the run's behaviours view, the badge opens its row there; without it, the scenarios below.
  const target = view ? `${view}#${b.id}` : `#${anchor}`;
  const measurements = b.scenarios.flatMap((s) => s.measurements);
  return html`<td id="${anchor}">
    <a href="${target}">${badge(b.result)}</a>
    ${b.reason ? reasonDiv(cellReason(b.reason)) : ''}
    ${measurements.map((m) => html`<div class="measure ${m.withinBounds ? '' : 'out'}" title="${m.derivation}">${measurementText(m)}</div>`)}
    ${
      b.scenarios.length > 0
        ? html`<details>
            <summary class="small">${b.scenarios.length} scenario(s)</summary>
            <ul class="scen">
              ${b.scenarios.map(
                (s) =>
                  html`<li>
                    ${badge(s.result)} ${s.name} <span class="small">${s.location}</span>
                    ${s.reason ? html`<div class="reason">${cellReason(s.reason).text}</div>` : ''}
                  </li>`,
              )}
            </ul>
          </details>`
        : ''
    }
  </td>`;
}

function reasonDiv(r: { text: string; full: string }): Html {
  return html`<div class="reason" title="${r.full === r.text ? '' : r.full}">${r.text}</div>`;
}

const MATRIX_STYLE = `
body:has(#only-differences:checked) tr.same, body:has(#only-differences:checked) tbody.area:not(:has(tr.differs)) { display: none; }
tbody.area th { background: #f6f8fa; position: static; }
.note { margin-top: 4px; padding: 2px 6px; background: #fff8c5; border-left: 3px solid #d4a72c; }
.matrix-filter label { margin-right: 12px; cursor: pointer; }
`;

function rowHtml(r: MatrixRow, implementations: Implementation[], note: string | undefined): Html {
  return html`<tr id="${r.id}" class="${r.differs ? 'differs' : 'same'}">
    <td class="id"><a href="#${r.id}">${r.id}</a></td>
    <td class="must">
      ${r.must} ${note ? html`<div class="note"><b>note:</b> ${note}</div>` : ''}
      ${r.upstream.length > 0 ? html`<div class="small">upstream: ${r.upstream.map((u) => html`<div>${u}</div>`)}</div>` : ''}
    </td>
    ${r.cells.map((c, i) => cell(c, i, implementations[i]?.view))}
  </tr>`;
}

export function matrixHtml(
  implementations: Implementation[],
  areaTitles: Record<string, string> = {},
  notes: Record<string, string> = {},
): string {
  const docs = implementations.map((i) => i.doc);
  const rows = matrixRows(docs);
  const differing = rows.filter((r) => r.differs);
  const names = columnNames(implementations);
  const counts = differenceCounts(rows, implementations.length);
  const head = implementations.map((i, n) => {
    const label = implementationLabel(i.doc);
    const t = i.doc.totals;
    return html`<th>
      ${names[n]} ${i.label ? html`<div class="small">${label.title}</div>` : ''}
      <div class="small">${label.detail}</div>
      <div class="small">${t.passed} of ${t.inScope} passed · ${t.failed} failed · ${t.skipped} skipped</div>
      <div class="small">
        ${n === 0 ? 'the reference column' : html`<b>${counts[n]}</b> result(s) differ from ${names[0]}`}
        ${i.view ? html` · <a href="${i.view}">behaviours view</a>` : ' · no HTML report: scenarios shown in the cells'}
      </div>
    </th>`;
  });
  // Areas in catalogue order (of the first run that has them), each with its differing rows first.
  const areas = [...new Set(docs.flatMap((d) => d.behaviours.map((b) => b.area)))];
  const order = (area: string) => rows.filter((r) => r.area === area);
  const body = areas.map((area) => {
    const mine = order(area);
    const n = mine.filter((r) => r.differs).length;
    return html`<tbody class="area">
      <tr>
        <th colspan="${implementations.length + 2}">
          ${areaTitles[area] ?? area}
          <span class="small">· ${mine.length} behaviours${n > 0 ? html`, <b>${n} differ</b>` : ''}</span>
        </th>
      </tr>
      ${mine.map((r) => rowHtml(r, implementations, notes[r.id]))}
    </tbody>`;
  });
  return page(
    'matrix',
    html`<h1>Pod behaviours across implementations</h1>
      <div class="meta">
        ${implementations.length} runs · ${rows.length} behaviours ·
        <b>${differing.length} where the implementations differ</b> (first in each area, marked at the left edge).
        ${differing.length > 0 ? html`Differences: ${differing.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="#${r.id}">${r.id}</a>`)}.` : ''}
        A result links to that run's behaviours view (its scenarios and evidence) where the run has one; the scenarios,
        reasons and measured timings are in each cell either way.
      </div>
      <div class="matrix-filter">
        show:
        <label><input type="radio" name="rows" id="all-rows" checked /> all behaviours</label>
        <label><input type="radio" name="rows" id="only-differences" /> only where the results differ</label>
      </div>`,
    html`<table>
      <thead>
        <tr>
          <th>ID</th>
          <th>Behaviour (MUST)</th>
          ${head}
        </tr>
      </thead>
      ${body}
    </table>`,
    MATRIX_STYLE,
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
  return { doc, view: existsSync(view) ? relative(outDir, view) : undefined };
}

/**
 * `--notes <file>`: a YAML map of behaviour ID to the note shown in its row (why the runs differ
 * there). Every problem is one line; an ID no run has is one (a typo would hide the note).
 */
export function readNotes(file: string, ids: ReadonlySet<string>): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--notes ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`--notes ${file}: not YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  const example = 'for example "PULL-01: the kind node reaches no registry"';
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`--notes ${file}: expected a map of behaviour ID to note, ${example}`);
  }
  const notes: Record<string, string> = {};
  for (const [id, note] of Object.entries(doc)) {
    if (typeof note !== 'string' || note.trim() === '') {
      throw new Error(`--notes ${file}: the note of ${id} is not a non-empty text; ${example}`);
    }
    if (!ids.has(id)) throw new Error(`--notes ${file}: ${id} is no behaviour of these runs; check the ID`);
    notes[id] = note.trim();
  }
  return notes;
}

/** The areas' titles of this version's catalogue (an area a run names that it lacks shows by its key). */
function areaTitles(): Record<string, string> {
  try {
    return loadCatalogue().areas;
  } catch {
    return {};
  }
}

/**
 * pod-conformance matrix <run> <run> … [--notes <file>] [--out <file>]: puts several runs side by side. Each <run>
 * is a reports directory holding conformance.json (for example a copy of reports/ from another
 * cluster) or the path of a conformance.json. Cells link to the run's behaviours view
 * (html/behaviours.html beside its conformance.json) when it exists, else to the JSON itself.
 * The default <file> is matrix.html in the reports directory.
 */
export function writeMatrix(
  paths: string[],
  outFile: string = resolve(REPORTS, 'matrix.html'),
  labels: string[] = [],
  notesFile?: string,
): number {
  const out = resolve(outFile);
  let runs: Implementation[];
  let notes: Record<string, string> = {};
  try {
    runs = paths.map((p, i) => ({ ...readRun(p, dirname(out)), label: labels[i] }));
    const ids = new Set(runs.flatMap((r) => r.doc.behaviours.map((b) => b.id)));
    if (notesFile !== undefined) notes = readNotes(notesFile, ids);
  } catch (err) {
    // A run that is not there or not a conformance.json is bad input: nothing was written.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, matrixHtml(runs, areaTitles(), notes));
  const differing = matrixRows(runs.map((r) => r.doc)).filter((r) => r.differs);
  console.log(`matrix of ${runs.length} runs: ${out}`);
  console.log(
    `${differing.length} behaviour(s) differ${differing.length ? `: ${differing.map((r) => r.id).join(', ')}` : ''}`,
  );
  const unexplained = differing.filter((r) => notesFile !== undefined && !notes[r.id]).map((r) => r.id);
  if (unexplained.length > 0) console.log(`without a note in ${notesFile}: ${unexplained.join(', ')}`);
  return 0;
}
