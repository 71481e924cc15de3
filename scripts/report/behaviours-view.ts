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

export interface ScenarioEvidence {
  /** Link to the scenario in the Allure report (relative to the view). */
  href?: string;
  /** Timeline pictures the scenario attached (SVG markup drawn by the harness). */
  timelines: { name: string; svg: string }[];
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

function scenarioItem(s: ConformanceScenario, evidence: ScenarioEvidence | undefined): Html {
  const name = evidence?.href ? html`<a href="${evidence.href}">${s.name}</a>` : html`${s.name}`;
  const pictures = (evidence?.timelines ?? []).map(
    (t) =>
      html`<details>
        <summary class="small">timeline ${t.name}</summary>
        <div class="timeline">${new Html(t.svg)}</div>
      </details>`,
  );
  return html`<li>
    ${badge(s.result)} ${name} <span class="small">${seconds(s.durationMs)} · ${s.location}</span>
    ${s.reason ? html`<div class="reason">${s.reason}</div>` : ''} ${measurementLines(s)} ${pictures}
  </li>`;
}

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

function row(b: ConformanceBehaviour, catalogue: Catalogue, evidence: Map<string, ScenarioEvidence>): Html {
  const article = b.article ? catalogue.articles[b.article.id] : undefined;
  const scenarios =
    b.scenarios.length > 0
      ? html`<ul class="scen">
          ${b.scenarios.map((s) => scenarioItem(s, evidence.get(s.location)))}
        </ul>`
      : html`<span class="small">none in this run</span>`;
  return html`<tr id="${b.id}" class="${b.differs ? 'differs' : ''}">
    <td class="id"><a href="#${b.id}">${b.id}</a></td>
    <td class="must">${b.must} ${differenceFlag(b)}</td>
    <td>${badge(b.result)} ${b.reason ? html`<div class="reason">${b.reason}</div>` : ''}</td>
    <td>${scenarios}</td>
    <td class="passage">
      ${
        b.article
          ? html`<q lang="${article?.language ?? ''}">${b.article.passage}</q>
              <div class="gloss">${b.article.gloss}</div>
              <div class="small">article ${b.article.id}${article ? html` (${article.title})` : ''}</div>`
          : html`<div class="small">from upstream e2e</div>`
      }
      ${upstreamNames(b)}
    </td>
  </tr>`;
}

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
    return html`<h2>${title}</h2>
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
          ${rows.map((b) => row(b, catalogue, evidence))}
        </tbody>
      </table>`;
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
      ${upstreamTotals(doc)}
      <div class="meta">
        ${links.report ? html`<a href="${links.report}">Scenario report (Allure): every step and attachment</a> · ` : ''}
        ${links.json ? html`<a href="${links.json}">conformance.json</a> · ` : ''} Source articles: the reference set
        (Chinese) listed in features/catalogue.yaml. A result covers all scenarios of the ID: failed if any failed,
        passed if at least one passed and none failed, skipped (with the reason) if every scenario was skipped.
      </div>`,
    html`${areas}`,
  );
}
