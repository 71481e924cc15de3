/**
 * reports/conformance.json: the machine-readable result of one run. Which cluster (provider,
 * server version, nodes with OS, kernel and runtime), and per behaviour ID of the catalogue the
 * verdict over all its scenarios, each scenario with its result, duration, failure or skip reason
 * and measured timings. The behaviours view and the matrix are drawn from this file alone, so a
 * team that runs the suite elsewhere hands over one file (plus its report, for the evidence).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClusterDescription } from '../../clusters/index.ts';
import type { Measurement } from '../../support/measurements.ts';
import { MEASUREMENTS_FILE } from '../../support/measurements.ts';
import type { BehaviourResult, BehaviourVerdict, Totals } from './behaviour-results.ts';
import { behaviourResults, skipReason, totals } from './behaviour-results.ts';
import type { Behaviour, Catalogue, FeatureScenario } from './catalogue.ts';
import {
  ARTICLE_CONTEXT_FILE,
  CATALOGUE_FILE,
  featureScenarios,
  fromArticle,
  loadArticleContext,
  loadCatalogue,
} from './catalogue.ts';
import type { Envelope, ScenarioResult, ScenarioStatus, Timestamp } from './messages.ts';
import { readMessages, scenarioResults, timestampMs } from './messages.ts';
import type { SpecCoverage, UpstreamList, UpstreamSpec, UpstreamTotals } from './upstream.ts';
import { loadUpstream, specCoverage, specName, UPSTREAM_FILE, upstreamTotals } from './upstream.ts';
import { cachedByFiles } from '../shared/remembered.ts';
import { ROOT } from '../shared/paths.ts';

export const CONFORMANCE_SCHEMA = 'pod-conformance/conformance/v1';

export interface ConformanceScenario {
  name: string;
  /** `features/probes-liveness.feature:28`: for a Scenario Outline's row, the line of its Examples row. */
  location: string;
  result: ScenarioStatus;
  durationMs?: number;
  /** First line of the failure, or the reason a scenario was skipped. */
  reason?: string;
  measurements: Measurement[];
}

export interface ConformanceBehaviour {
  id: string;
  area: string;
  must: string;
  result: BehaviourVerdict;
  reason?: string;
  /** The reference article passage; absent for a behaviour whose source is upstream. */
  article?: {
    id: string;
    file: string;
    passage: string;
    gloss: string;
    /** The article's paragraph around the passage, so the citation can be followed without the file. */
    context?: string;
  };
  differs?: Behaviour['differs'];
  /**
   * The upstream e2e specs it covers, `<file>: <spec text>` as in features/upstream-specs.yaml
   * (absent from documents written before the list existed).
   */
  upstream?: string[];
  /** What its scenarios check beyond those specs. */
  beyond?: string;
  scenarios: ConformanceScenario[];
}

export interface ConformanceCluster {
  provider: string;
  name: string;
  serverVersion: string;
  /** The OCI runtime under the CRI runtime, when the provider knows it (local: runc or crun). */
  ociRuntime?: string;
  nodes: {
    name: string;
    kubeletVersion: string;
    containerRuntimeVersion: string;
    osImage: string;
    kernelVersion: string;
  }[];
  images: Record<string, string>;
}

/** What `catalogue --upstream` prints, as data: the upstream pod specs and how this run covered them. */
export interface ConformanceUpstream {
  /** The Kubernetes release the specs were read from. */
  kubernetes: string;
  totals: UpstreamTotals;
  specs: (Omit<UpstreamSpec, 'out' | 'pending'> & {
    /** `<file>: <spec>`, as behaviours name it. */
    name: string;
    state: SpecCoverage['state'];
    /** Covered: the behaviours that map it, with their results; the worst of them. */
    by: SpecCoverage['by'];
    result?: BehaviourVerdict;
    /** Out of scope: why. */
    reason?: string;
    /** Pending: the issue covering it. */
    issue?: number;
  })[];
}

export interface ConformanceDocument {
  schema: typeof CONFORMANCE_SCHEMA;
  run: { id?: string; tags?: string; startedAt?: string; finishedAt?: string };
  cluster?: ConformanceCluster;
  totals: Totals;
  behaviours: ConformanceBehaviour[];
  /** Absent from documents written before the upstream list existed. */
  upstream?: ConformanceUpstream;
}

function upstreamSection(list: UpstreamList, results: BehaviourResult[]): ConformanceUpstream {
  const coverage = specCoverage(list, results);
  return {
    kubernetes: list.kubernetes,
    totals: upstreamTotals(coverage),
    specs: coverage.map(({ spec, state, by, result }) => ({
      n: spec.n,
      file: spec.file,
      line: spec.line,
      spec: spec.spec,
      tags: spec.tags,
      name: specName(spec),
      state,
      by,
      result,
      reason: spec.out,
      issue: state === 'pending' ? spec.pending : undefined,
    })),
  };
}

/** What scripts/run/run.ts writes to reports/cluster.json before the scenarios run. */
interface ClusterFile {
  images?: Record<string, string>;
  cluster?: ClusterDescription;
}

function measurementsOf(r: ScenarioResult): Measurement[] {
  return r.attachments
    .filter((a) => a.fileName === MEASUREMENTS_FILE)
    .flatMap((a) => {
      try {
        return JSON.parse(a.body) as Measurement[];
      } catch {
        return [];
      }
    });
}

export function clusterOf(file: ClusterFile | undefined): ConformanceCluster | undefined {
  const c = file?.cluster;
  if (!c) return undefined;
  return {
    provider: c.provider,
    name: c.name,
    serverVersion: c.serverVersion,
    ociRuntime: c.ociRuntime,
    nodes: c.nodes.map((n) => ({
      name: n.name,
      kubeletVersion: n.kubeletVersion,
      containerRuntimeVersion: n.containerRuntimeVersion,
      osImage: n.osImage,
      kernelVersion: n.kernelVersion,
    })),
    images: file.images ?? {},
  };
}

export function conformanceDocument(
  catalogue: Catalogue,
  defined: FeatureScenario[],
  ran: ScenarioResult[],
  run: ConformanceDocument['run'],
  cluster: ConformanceCluster | undefined,
  upstream?: UpstreamList,
  context: Record<string, string> = {},
): ConformanceDocument {
  const results = behaviourResults(catalogue, defined, ran);
  return {
    schema: CONFORMANCE_SCHEMA,
    run,
    cluster,
    totals: totals(results),
    behaviours: results.map((r) => {
      const b = r.behaviour;
      return {
        id: b.id,
        area: b.area,
        must: b.must,
        result: r.verdict,
        reason: r.reason,
        article: fromArticle(b)
          ? {
              id: b.article,
              file: catalogue.articles[b.article]?.file ?? '',
              passage: b.passage,
              gloss: b.gloss,
              ...(context[b.id] ? { context: context[b.id] } : {}),
            }
          : undefined,
        differs: b.differs,
        upstream: b.upstream,
        beyond: b.beyond,
        scenarios: r.ran.map((s) => ({
          name: s.name,
          location: s.location,
          result: s.status,
          durationMs: s.durationMs,
          reason:
            s.status === 'failed' ? s.message?.split('\n')[0] : s.status === 'skipped' ? skipReason(s) : undefined,
          measurements: measurementsOf(s),
        })),
      };
    }),
    ...(upstream ? { upstream: upstreamSection(upstream, results) } : {}),
  };
}

/** When cucumber's run started and finished, from its messages. */
function runTimes(envelopes: Envelope[]): { startedAt?: string; finishedAt?: string } {
  const iso = (t: Timestamp | undefined) => (t ? new Date(timestampMs(t)).toISOString() : undefined);
  return {
    startedAt: iso(envelopes.find((e) => e.testRunStarted)?.testRunStarted?.timestamp),
    finishedAt: iso(envelopes.find((e) => e.testRunFinished)?.testRunFinished?.timestamp),
  };
}

/** What conformance.json is made of besides the run: the catalogue, the scenarios defined, upstream's specs, the articles' context. */
export interface ReportInputs {
  catalogue: Catalogue;
  defined: FeatureScenario[];
  upstream: UpstreamList;
  context: Record<string, string>;
}

/** The files the report inputs are read from, and the code that reads them. */
export function reportInputFiles(root = ROOT): string[] {
  const features = readdirSync(resolve(root, 'features'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.feature'))
    .map((f) => resolve(root, 'features', f));
  const code = [
    'scripts/report/catalogue.ts',
    'scripts/report/upstream.ts',
    'support/gherkin.mjs',
    'package-lock.json',
  ];
  return [CATALOGUE_FILE, UPSTREAM_FILE, ARTICLE_CONTEXT_FILE, ...features, ...code.map((f) => resolve(root, f))];
}

export function loadReportInputs(): ReportInputs {
  return {
    catalogue: loadCatalogue(),
    defined: featureScenarios(),
    upstream: loadUpstream(),
    context: loadArticleContext(),
  };
}

/**
 * The report inputs, parsed once per change of their files (scripts/shared/remembered.ts, in
 * <reports>/report-inputs-cache.json): 200 KB of YAML and every feature file through Gherkin took
 * about 0.5 s of CPU after the last scenario of every run, a sixth of a 3 s inner loop.
 */
export function reportInputs(reports: string): ReportInputs {
  return cachedByFiles(resolve(reports, 'report-inputs-cache.json'), reportInputFiles(), loadReportInputs);
}

/** Writes <reports>/conformance.json from the run's messages and cluster.json; returns its path. */
export function writeConformance(reports: string, run: { id?: string; tags?: string } = {}): string {
  const messages = resolve(reports, 'messages.ndjson');
  if (!existsSync(messages)) throw new Error(`no ${messages}: run the scenarios first`);
  const clusterFile = resolve(reports, 'cluster.json');
  const cluster = existsSync(clusterFile)
    ? clusterOf(JSON.parse(readFileSync(clusterFile, 'utf8')) as ClusterFile)
    : undefined;
  const envelopes = readMessages(messages);
  const inputs = reportInputs(reports);
  const doc = conformanceDocument(
    inputs.catalogue,
    inputs.defined,
    scenarioResults(envelopes),
    { ...run, ...runTimes(envelopes) },
    cluster,
    inputs.upstream,
    inputs.context,
  );
  const out = resolve(reports, 'conformance.json');
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  return out;
}
