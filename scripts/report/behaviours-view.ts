/**
 * The behaviours view (reports/html/behaviours.html): the page an auditor starts from. One row per
 * behaviour ID of the catalogue: its MUST sentence, the verdict over all its scenarios (with the
 * reason for a failure or skip), the scenarios with links into the Allure report, their measured
 * timings and timeline pictures, the article passage it comes from, and a flag where the article
 * says something else than what current Kubernetes, and this cluster, did.
 */
import type { ConformanceBehaviour, ConformanceDocument, ConformanceScenario } from './conformance.ts';
import type { Catalogue } from './catalogue.ts';
import { badge, html, Html, page } from './html.ts';
import type { Article } from './catalogue.ts';

export interface ScenarioEvidence {
  /** Link to the scenario in the Allure report (relative to the view). */
  href?: string;
  /** Timeline pictures the scenario attached (SVG markup drawn by the harness). */
  timelines: { name: string; svg: string; file?: string }[];
}

export interface ViewLinks {
  report?: string;
  json?: string;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}

/** Where the article differs, and whether this run shows the cluster doing what v1.35 does. */
export function differenceFlag(b: ConformanceBehaviour): Html | undefined {
  if (!b.differs) return undefined;
  const { claim, actual } = b.differs;
  if (b.result === 'passed') {
    return html`<div class="flag">
      <b>⚑ Article differs.</b> It says: ${claim} <br /><b>This cluster did</b> what v1.35 does: ${actual}
    </div>`;
  }
  if (b.result === 'failed') {
    return html`<div class="flag contradicted">
      <b>⚑ Article differs, scenario failed.</b> It says: ${claim} <br />v1.35: ${actual} <br />This cluster did not
      show the v1.35 behaviour: read the evidence, it may behave as the article says.
    </div>`;
  }
  return html`<div class="flag">
    <b>⚑ Article differs.</b> It says: ${claim} <br />v1.35: ${actual} <br /><span class="small"
      >(not shown by this run)</span
    >
  </div>`;
}

function measurementLines(s: ConformanceScenario): Html[] {
  return s.measurements.map(
    (m) =>
      html`<div class="measure ${m.withinBounds ? '' : 'out'}" title="${m.derivation}">
        ${m.withinBounds ? '✓' : '✗'} ${m.subject}: <b>${m.seconds} s</b>, bounds ${m.minSeconds} s … ${m.maxSeconds} s
      </div>`,
  );
}

/** The id of a scenario's item in the view: `at-restart-policy-142` (its file and line). */
export function scenarioAnchor(location: string): string {
  return `at-${location
    .replace(/^features\//, '')
    .replace(/\.feature:/, '-')
    .replace(/[^A-Za-z0-9-]+/g, '-')}`;
}

/** The first line of a failure without the exception's class name (`ConformanceAssertionError: `). */
export function plainReason(reason: string | undefined): string | undefined {
  return reason?.replace(/^[A-Za-z]*Error: /, '');
}

function scenarioItem(s: ConformanceScenario, evidence: ScenarioEvidence | undefined): Html {
  const name = evidence?.href ? html`<a href="${evidence.href}">${s.name}</a>` : html`${s.name}`;
  const anchor = scenarioAnchor(s.location);
  const pictures = evidence?.timelines.length ?? 0;
  return html`<li class="scenario ${s.result}" id="${anchor}">
    ${badge(s.result)} ${name} <span class="small">${seconds(s.durationMs)} · ${s.location}</span>
    ${s.reason ? html`<div class="reason">${plainReason(s.reason)}</div>` : ''} ${measurementLines(s)}
    ${pictures > 0 ? html`<div class="small"><a href="#${anchor}-timelines">${pictures} timeline(s) ↓</a></div>` : ''}
  </li>`;
}

/**
 * A scenario's timelines, full width below its behaviour's row: headed by the scenario's verdict,
 * name and location, each picture captioned by its pod's role and openable full size.
 */
function scenarioTimelines(s: ConformanceScenario, evidence: ScenarioEvidence | undefined): Html {
  const timelines = evidence?.timelines ?? [];
  if (timelines.length === 0) return html``;
  const anchor = scenarioAnchor(s.location);
  return html`<div class="scenario-timelines ${s.result}" id="${anchor}-timelines">
    <div class="small">${badge(s.result)} <a href="#${anchor}">${s.name}</a> · ${s.location}</div>
    ${timelines.map(
      (t) =>
        html`<details ${s.result === 'failed' ? 'open' : ''}>
          <summary>
            ${timelineCaption(t)}${t.file ? html` · <a href="${t.file}" target="_blank">open full size</a>` : ''}
          </summary>
          <div class="timeline">${new Html(t.svg)}</div>
        </details>`,
    )}
  </div>`;
}

/** What a timeline shows, from its picture's own title (`pod "x": …`) and caption, not its file name. */
export function timelineCaption(t: { name: string; svg: string }): string {
  const caption = /<desc>([^<]*)<\/desc>/.exec(t.svg)?.[1];
  if (caption) return `timeline: ${unescapeXml(caption)}`;
  const pod = /^timeline-(.+)\.svg$/.exec(t.name)?.[1];
  return pod ? `timeline of pod "${pod}"` : `timeline ${t.name}`;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The upstream e2e specs a behaviour covers, by the names upstream prints (`file: Describe … spec`). */
function upstreamNames(b: ConformanceBehaviour): Html {
  const names = b.upstream ?? [];
  if (names.length === 0 && !b.beyond) return html``;
  const item = (name: string) => {
    const at = name.indexOf(': ');
    return at < 0
      ? html`<li>${name}</li>`
      : html`<li><span class="small">${name.slice(0, at)}</span><br />${name.slice(at + 2)}</li>`;
  };
  return html`<div class="upstream">
    ${
      names.length > 0
        ? html`<div class="small">upstream e2e (Kubernetes test/e2e):</div>
            <ul>
              ${names.map(item)}
            </ul>`
        : ''
    }
    ${b.beyond ? html`<div class="small">beyond upstream: ${b.beyond}</div>` : ''}
  </div>`;
}

/** A behaviour's own reason only where no scenario of it states one (pending, not run, out of scope, skipped). */
function ownReason(b: ConformanceBehaviour): string | undefined {
  if (!b.reason) return undefined;
  if (b.scenarios.some((s) => s.reason)) return undefined;
  return plainReason(b.reason);
}

/** Where an article passage comes from: its title, author and date as the article states them. */
export function citation(id: string, article: Article | undefined): Html {
  if (!article) return html`article ${id}`;
  const by = [article.author, article.date].filter(Boolean).join(', ');
  return html`${article.title}${by ? html` (${by})` : ''}${
      article.url ? html` · <a href="${article.url}">${article.url}</a>` : ''
    }<span class="small"> · reference article ${id}</span>`;
}

function row(b: ConformanceBehaviour, catalogue: Catalogue, evidence: Map<string, ScenarioEvidence>): Html {
  const article = b.article ? catalogue.articles[b.article.id] : undefined;
  const scenarios =
    b.scenarios.length > 0
      ? html`<ul class="scen">
          ${b.scenarios.map((s) => scenarioItem(s, evidence.get(s.location)))}
        </ul>`
      : html`<span class="small">none in this run</span>`;
  const reason = ownReason(b);
  const timelines = b.scenarios.map((s) => scenarioTimelines(s, evidence.get(s.location)));
  const rowClass = `behaviour ${b.result} ${b.differs ? 'differs' : ''}`;
  return html`<tr id="${b.id}" class="${rowClass}">
      <td class="id"><a href="#${b.id}">${b.id}</a></td>
      <td class="must">${b.must} ${differenceFlag(b)}</td>
      <td>${badge(b.result)} ${reason ? html`<div class="reason">${reason}</div>` : ''}</td>
      <td>${scenarios}</td>
      <td class="passage">
        ${
          b.article
            ? html`<q lang="${article?.language ?? ''}">${b.article.passage}</q>
                <div class="gloss">${b.article.gloss}</div>
                ${
                  b.article.context
                    ? html`<details>
                        <summary class="small">the passage in its context</summary>
                        <div class="context" lang="${article?.language ?? ''}">${b.article.context}</div>
                      </details>`
                    : ''
                }
                <div class="small">${citation(b.article.id, article)}</div>`
            : html`<div class="small">from upstream e2e</div>`
        }
        ${upstreamNames(b)}
      </td>
    </tr>
    ${
      timelines.some((t) => t.value !== '')
        ? html`<tr class="${rowClass} evidence">
            <td></td>
            <td colspan="4">${timelines}</td>
          </tr>`
        : ''
    }`;
}

const ORDER: Record<string, number> = { failed: 0, skipped: 1 };

/** Failures first, then skips, then the rest, each in catalogue order. */
export function attentionOrder(rows: ConformanceBehaviour[]): ConformanceBehaviour[] {
  return rows
    .map((b, i) => ({ b, i }))
    .sort((x, y) => (ORDER[x.b.result] ?? 2) - (ORDER[y.b.result] ?? 2) || x.i - y.i)
    .map(({ b }) => b);
}

/**
 * The header's list of failed and skipped behaviours, each linked to its row; a failed one with
 * each failed scenario linked to its item and its reason, a skipped one with the skip reason.
 */
function attention(doc: ConformanceDocument): Html {
  const list = (verdict: 'failed' | 'skipped') => {
    const rows = doc.behaviours.filter((b) => b.result === verdict);
    if (rows.length === 0) return html``;
    const item = (b: ConformanceBehaviour) => {
      const failed = b.scenarios.filter((s) => s.result === 'failed');
      if (verdict === 'skipped' || failed.length === 0)
        return html`<li><a href="#${b.id}">${b.id}</a> ${plainReason(b.reason) ?? ''}</li>`;
      return html`<li>
        <a href="#${b.id}">${b.id}</a> ${failed.length} of ${b.scenarios.length} scenarios failed
        <ul>
          ${failed.map(
            (s) =>
              html`<li>
                <a href="#${scenarioAnchor(s.location)}">${s.name}</a>:
                <span class="reason">${plainReason(s.reason) ?? ''}</span>
              </li>`,
          )}
        </ul>
      </li>`;
    };
    return html`<div class="attention ${verdict}">
      <b>${rows.length} ${verdict}:</b>
      <ul>
        ${rows.map(item)}
      </ul>
    </div>`;
  };
  return html`${list('failed')}${list('skipped')}`;
}

/** Show only some rows, with radio buttons and CSS alone (no script): all, failed, skipped, not passed, differs. */
const FILTERS: [string, string][] = [
  ['all', 'all'],
  ['failed', 'failed'],
  ['skipped', 'skipped'],
  ['attention', 'failed or skipped'],
  ['ran', 'in this run'],
  ['differs', 'article differs'],
];

function filter(): Html {
  return html`<div class="filter">
    show:
    ${FILTERS.map(
      ([key, text]) =>
        html`<label
          ><input type="radio" name="show" id="show-${key}" ${key === 'all' ? 'checked' : ''} /> ${text}</label
        >`,
    )}
  </div>`;
}

export const FILTER_STYLE = `
body:has(#show-failed:checked) tr.behaviour:not(.failed),
body:has(#show-skipped:checked) tr.behaviour:not(.skipped),
body:has(#show-attention:checked) tr.behaviour:not(.failed):not(.skipped),
body:has(#show-ran:checked) tr.behaviour:is(.not-run, .pending, .out-of-scope),
body:has(#show-differs:checked) tr.behaviour:not(.differs) { display: none; }
body:has(#show-failed:checked) section.area:not(:has(tr.failed)),
body:has(#show-skipped:checked) section.area:not(:has(tr.skipped)),
body:has(#show-attention:checked) section.area:not(:has(tr.failed, tr.skipped)),
body:has(#show-ran:checked) section.area:not(:has(tr.passed, tr.failed, tr.skipped)),
body:has(#show-differs:checked) section.area:not(:has(tr.differs)) { display: none; }
`;

/** One line: how the upstream pod specs fared in this run (conformance.json's upstream section). */
function upstreamTotals(doc: ConformanceDocument): Html {
  const u = doc.upstream;
  if (!u) return html``;
  const t = u.totals;
  return html`<p class="totals">
    <span
      ><b>${t.passed} of ${t.specs}</b> upstream pod specs (Kubernetes ${u.kubernetes} test/e2e) covered by passing
      scenarios</span
    >
    <span
      >covered ${t.covered}: ${badge('failed')} ${t.failed} ${badge('skipped')} ${t.skipped} ${badge('not-run')}
      ${t.notRun} ${badge('pending')} ${t.beingWritten}</span
    >
    <span>${badge('out-of-scope')} ${t.out}</span> <span>not covered yet ${t.pending + t.missing}</span>
  </p>`;
}

export function behavioursView(
  doc: ConformanceDocument,
  catalogue: Catalogue,
  evidence: Map<string, ScenarioEvidence>,
  links: ViewLinks = {},
): string {
  const c = doc.cluster;
  const node = c?.nodes[0];
  const t = doc.totals;
  const clusterLine = c
    ? `${c.provider} cluster "${c.name}", Kubernetes ${c.serverVersion}, ${c.nodes.length} node(s)` +
      (node ? `: ${node.osImage}, kernel ${node.kernelVersion}, ${node.containerRuntimeVersion}` : '') +
      (c.ociRuntime ? ` with ${c.ociRuntime}` : '')
    : 'cluster not recorded';
  const areas = Object.entries(catalogue.areas).map(([key, title]) => {
    const rows = doc.behaviours.filter((b) => b.area === key);
    if (rows.length === 0) return '';
    return html`<section class="area">
      <h2>${title}</h2>
      <table>
        <thead>
          <tr>
            <th>ID</th>
            <th>Behaviour (MUST)</th>
            <th>Result</th>
            <th>Scenarios and evidence</th>
            <th>Source passage, upstream e2e</th>
          </tr>
        </thead>
        <tbody>
          ${attentionOrder(rows).map((b) => row(b, catalogue, evidence))}
        </tbody>
      </table>
    </section>`;
  });
  const differing = doc.behaviours.filter((b) => b.differs).length;
  return page(
    'behaviours',
    html`<h1>Pod behaviours: what this cluster honours</h1>
      <div class="meta">${clusterLine}</div>
      <div class="meta">
        run ${doc.run.id ?? '(no id)'} ${doc.run.startedAt ? `· ${doc.run.startedAt}` : ''}
        ${doc.run.tags ? `· selection ${doc.run.tags}` : '· full suite'}
      </div>
      <p class="totals">
        <span><b>${t.passed} of ${t.inScope}</b> in-scope behaviours passed</span>
        <span>${badge('failed')} ${t.failed}</span> <span>${badge('skipped')} ${t.skipped}</span>
        <span>${badge('not-run')} ${t.notRun}</span> <span>${badge('pending')} ${t.pending}</span>
        <span>${badge('out-of-scope')} ${t.outOfScope}</span>
        <span>⚑ ${differing} where the source article is outdated or wrong</span>
      </p>
      ${upstreamTotals(doc)} ${attention(doc)} ${filter()}
      <div class="meta">
        ${links.report ? html`<a href="${links.report}">Scenario report (Allure): every step and attachment</a> · ` : ''}
        ${links.json ? html`<a href="${links.json}">conformance.json</a> · ` : ''} Source articles: the reference set
        (Chinese), each cited by title, author and date as it states them (features/catalogue.yaml). A result covers all
        scenarios of the ID: failed if any failed, passed if at least one passed and none failed, skipped (with the
        reason) if every scenario was skipped.
      </div>`,
    html`${areas}`,
    FILTER_STYLE,
  );
}
