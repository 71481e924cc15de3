/**
 * `pod-conformance report` (npm run report), and the run's --report: Allure results (reports/allure-results) → one self-contained HTML file
 * (reports/html/index.html) with the analytics script Allure 3 always embeds removed, so the file
 * handed to auditors makes no outside calls; and beside it the behaviours view
 * (reports/html/behaviours.html), drawn from reports/conformance.json, whose scenarios link into
 * the Allure report and embed their timeline pictures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { tidyAllureResults } from './allure-results.ts';
import type { ScenarioEvidence } from './behaviours-view.ts';
import { behavioursView } from './behaviours-view.ts';
import { loadCatalogue } from './catalogue.ts';
import type { ConformanceDocument } from './conformance.ts';
import type { ScenarioResult } from './messages.ts';
import { readScenarioResults } from './messages.ts';
import { binOf, REPORTS, ROOT } from '../shared/paths.ts';
import { UsageError } from '../shared/exit.ts';

/** Removes Allure's Google Tag Manager loader and its gtag() configuration script. */
export function stripAnalytics(html: string): string {
  const stripped = html
    .replace(/<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*><\/script>\s*/g, '')
    .replace(/<script>\s*window\.dataLayer = window\.dataLayer \|\| \[\];[\s\S]*?<\/script>\s*/g, '');
  if (/googletagmanager|gtag\(/.test(stripped)) {
    throw new Error('the Allure report still contains analytics after stripping; update stripAnalytics()');
  }
  return stripped;
}

export async function generateReport(
  results = resolve(REPORTS, 'allure-results'),
  output = resolve(REPORTS, 'html'),
): Promise<{ index: string; behaviours?: string }> {
  if (!existsSync(results) || readdirSync(results).length === 0) {
    throw new UsageError(
      `no Allure results in ${results}: run the scenarios first (pod-conformance run, npm run scenarios)`,
    );
  }
  tidyAllureResults(results);
  const run = await execa(
    binOf('allure', 'allure'),
    ['generate', results, '--config', resolve(ROOT, 'allurerc.mjs'), '--output', output],
    {
      cwd: ROOT,
      reject: false,
      all: true,
    },
  );
  if (run.exitCode !== 0)
    throw new Error(`allure generate failed (exit ${run.exitCode}): ${run.all?.trim().split('\n').at(-1) ?? ''}`);
  const index = resolve(output, 'index.html');
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return { index, behaviours: writeBehavioursView(resolve(results, '..'), output) };
}

/**
 * Allure 3 names a test result md5(uuid) and routes `index.html#<id>` to it. Returns that link per
 * scenario location (`<uri>:<line>`, an outline's row at its Examples row), read from the
 * `location` label the Before hook writes; results without it (older runs) fall back to
 * allure-cucumberjs's fullName `<project>:<uri>#<name>`, keyed `<uri>#<name>`.
 */
export function allureLinks(results: string, page = 'index.html'): Map<string, string> {
  const links = new Map<string, string>();
  if (!existsSync(results)) return links;
  for (const file of readdirSync(results).filter((f) => f.endsWith('-result.json'))) {
    const r = JSON.parse(readFileSync(resolve(results, file), 'utf8')) as {
      uuid?: string;
      fullName?: string;
      labels?: { name: string; value: string }[];
    };
    const key = r.labels?.find((l) => l.name === 'location')?.value ?? r.fullName?.replace(/^[^:#]+:/, '');
    if (!r.uuid || !key || links.has(key)) continue;
    links.set(key, `${page}#${createHash('md5').update(r.uuid).digest('hex')}`);
  }
  return links;
}

/** A file name for a scenario's picture: `restart-policy-142-timeline-policy.svg`. */
export function pictureFile(location: string, name: string): string {
  const where = location.replace(/^features\//, '').replace(/\.feature/, '');
  return `${where}-${name}`.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * Each scenario's evidence by its location: its link into the Allure report and its timeline
 * pictures. Keyed by the scenario's own location (an outline's row by its Examples row), never
 * the outline's line, so no row shows another row's evidence.
 */
export function scenarioEvidence(
  results: ScenarioResult[],
  links: Map<string, string>,
  picturesDir = 'timelines',
): Map<string, ScenarioEvidence> {
  const evidence = new Map<string, ScenarioEvidence>();
  for (const r of results) {
    evidence.set(r.location, {
      href: links.get(r.location) ?? links.get(`${r.uri}#${r.name}`),
      timelines: r.attachments
        .filter((a) => a.mediaType === 'image/svg+xml')
        .map((a) => ({
          name: a.fileName ?? 'timeline',
          svg: a.body,
          file: `${picturesDir}/${pictureFile(r.location, a.fileName ?? 'timeline.svg')}`,
        })),
    });
  }
  return evidence;
}

/**
 * Writes <output>/behaviours.html from conformance.json, the Allure results and the run's
 * messages, and each timeline picture as its own file under <output>/timelines/ (opened full size
 * from the view).
 */
export function writeBehavioursView(reports: string, output: string): string | undefined {
  const json = resolve(reports, 'conformance.json');
  if (!existsSync(json)) return undefined;
  const doc = JSON.parse(readFileSync(json, 'utf8')) as ConformanceDocument;
  const links = allureLinks(resolve(reports, 'allure-results'));
  const evidence = scenarioEvidence(readScenarioResults(resolve(reports, 'messages.ndjson')), links);
  mkdirSync(resolve(output, 'timelines'), { recursive: true });
  for (const e of evidence.values())
    for (const t of e.timelines) if (t.file) writeFileSync(resolve(output, t.file), t.svg);
  const out = resolve(output, 'behaviours.html');
  writeFileSync(
    out,
    behavioursView(doc, loadCatalogue(), evidence, { report: 'index.html', json: '../conformance.json' }),
  );
  return out;
}
