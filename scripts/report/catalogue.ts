/**
 * The behaviour catalogue (features/catalogue.yaml) as typed data, the scenarios of the feature
 * files with their behaviour tags (parsed by cucumber's own Gherkin parser, so outlines, rules and
 * feature-level tags count exactly as cucumber counts them), and the checks that keep the two in
 * step: every tag is catalogued, every in-scope behaviour has a scenario unless it is marked
 * pending, and a pending mark goes stale the moment a scenario exists.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { parse } from 'yaml';
import { BEHAVIOUR_TAG, behaviourIds, gherkinLines } from '../../support/gherkin.mjs';
import { ROOT } from '../shared/paths.ts';

/** The value of cucumber's SourceMediaType enum for classic Gherkin (the enum lives in a nested package). */
const GHERKIN = 'text/x.cucumber.gherkin+plain' as Parameters<typeof generateMessages>[2];
export const CATALOGUE_FILE = resolve(ROOT, 'features/catalogue.yaml');
export const FEATURES_DIR = resolve(ROOT, 'features');

export interface Article {
  file: string;
  title: string;
  language: string;
  /** The author and the publication date as the article states them (absent where it states none). */
  author?: string;
  date?: string;
  /** Where it was published, when known. */
  url?: string;
}

export interface Behaviour {
  id: string;
  area: string;
  must: string;
  /**
   * Where the behaviour comes from: a reference article (the default; `article`, `passage` and
   * `gloss` say where in it), or `upstream`, the specs named in `upstream` alone (no article).
   */
  source?: 'upstream';
  article?: string;
  /** The source sentence, in the article's language. */
  passage?: string;
  /** Its meaning in English. */
  gloss?: string;
  /** Where the article is outdated or wrong, and what current Kubernetes does instead. */
  differs?: { claim: string; actual: string };
  /**
   * Upstream e2e specs this behaviour covers, each `<file>: <spec text>` exactly as in
   * features/upstream-specs.yaml (scripts/report/upstream.ts checks every entry resolves).
   */
  upstream: string[];
  /** Upstream tests outside that list, or notes on upstream's coverage, as prose. */
  related?: string[];
  /** What our scenarios check beyond what the upstream specs check. */
  beyond?: string;
  /** `encoded`, or the issue whose scenario is still being written. */
  status?: 'encoded' | { pending: number };
  scope?: 'out';
  /** Why an out-of-scope behaviour is not encoded. */
  reason?: string;
}

export interface Catalogue {
  articles: Record<string, Article>;
  areas: Record<string, string>;
  behaviours: Behaviour[];
}

export function inScope(b: Behaviour): boolean {
  return b.scope !== 'out';
}

/** A behaviour from a reference article (not `source: upstream`): it has article, passage and gloss. */
export function fromArticle(b: Behaviour): b is Behaviour & { article: string; passage: string; gloss: string } {
  return b.source !== 'upstream';
}

export function pendingIssue(b: Behaviour): number | undefined {
  return typeof b.status === 'object' ? b.status.pending : undefined;
}

/** Reads and checks the shape of the catalogue; a malformed entry is one line naming it. */
export const ARTICLE_CONTEXT_FILE = resolve(ROOT, 'scripts/report/article-context.yaml');

/**
 * Each article-sourced behaviour's passage in its context (scripts/report/article-context.yaml): the
 * lines around it in its article, shipped with the project so a citation can be followed
 * without the article. Empty when the file is absent.
 */
export function loadArticleContext(path = ARTICLE_CONTEXT_FILE): Record<string, string> {
  try {
    return (parse(readFileSync(path, 'utf8')) as Record<string, string> | null) ?? {};
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

export function loadCatalogue(path = CATALOGUE_FILE): Catalogue {
  const data = parse(readFileSync(path, 'utf8')) as Partial<Catalogue> | null;
  const where = (what: string) => `${path}: ${what}`;
  if (!data?.behaviours || !data.articles || !data.areas) {
    throw new Error(where('expected top-level "articles", "areas" and "behaviours"'));
  }
  for (const b of data.behaviours) {
    const upstream = b.source === 'upstream';
    if (b.source !== undefined && !upstream)
      throw new Error(
        where(`behaviour ${b.id ?? '(no id)'} has source "${String(b.source)}"; the only one is "upstream"`),
      );
    const required = upstream
      ? (['id', 'area', 'must'] as const)
      : (['id', 'area', 'must', 'article', 'passage', 'gloss'] as const);
    for (const field of required) {
      if (typeof b[field] !== 'string' || b[field] === '') {
        throw new Error(where(`behaviour ${b.id ?? '(no id)'} has no "${field}"`));
      }
    }
    b.upstream ??= [];
    if (!Array.isArray(b.upstream) || b.upstream.some((u) => typeof u !== 'string'))
      throw new Error(where(`behaviour ${b.id} has an "upstream" that is not a list of '<file>: <spec>' strings`));
    if (b.related !== undefined && (!Array.isArray(b.related) || b.related.some((u) => typeof u !== 'string')))
      throw new Error(where(`behaviour ${b.id} has a "related" that is not a list of strings`));
  }
  return data as Catalogue;
}

export interface FeatureScenario {
  /** `features/probes-liveness.feature` */
  uri: string;
  name: string;
  line: number;
  /** Behaviour IDs among its tags (feature, rule, scenario and example tags). */
  behaviours: string[];
  /** Every tag, as cucumber's tag expressions see it (`@INIT-02`, `@epic:init-containers`). */
  tags: string[];
}

/** Every scenario (pickle) of the feature files under `dir`, with its behaviour IDs. */
export function featureScenarios(dir = FEATURES_DIR): FeatureScenario[] {
  const found: FeatureScenario[] = [];
  let next = 0;
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.feature'))
    .sort()) {
    const uri = `features/${file}`;
    const envelopes = generateMessages(readFileSync(resolve(dir, file), 'utf8'), uri, GHERKIN, {
      includeGherkinDocument: true,
      includePickles: true,
      newId: () => String(next++),
    });
    const parseError = envelopes.find((e) => e.parseError)?.parseError;
    if (parseError) throw new Error(`${uri}: ${parseError.message}`);
    const lines = gherkinLines(envelopes.find((e) => e.gherkinDocument)?.gherkinDocument);
    for (const e of envelopes) {
      if (!e.pickle) continue;
      found.push({
        uri,
        name: e.pickle.name,
        line: lines.get(e.pickle.astNodeIds[0] ?? '')?.line ?? 0,
        behaviours: [...new Set(behaviourIds(e.pickle.tags.map((t) => t.name)))],
        tags: [...new Set(e.pickle.tags.map((t) => t.name))],
      });
    }
  }
  return found;
}

/** What is inconsistent between the catalogue and the scenarios, one line each. */
export function catalogueProblems(catalogue: Catalogue, scenarios: FeatureScenario[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, Behaviour>();
  for (const b of catalogue.behaviours) {
    if (ids.has(b.id)) problems.push(`${b.id} is catalogued twice`);
    ids.set(b.id, b);
    if (!BEHAVIOUR_TAG.test(`@${b.id}`)) problems.push(`${b.id} is not a behaviour ID (LETTERS-digits)`);
    if (fromArticle(b) && !catalogue.articles[b.article])
      problems.push(`${b.id} names article "${b.article}", which is not in "articles"`);
    if (!fromArticle(b)) {
      if (b.upstream.length === 0)
        problems.push(`${b.id} has source upstream but names no upstream spec; list the specs it comes from`);
      for (const field of ['article', 'passage', 'gloss', 'differs'] as const)
        if (b[field] !== undefined) problems.push(`${b.id} has source upstream and an article's "${field}"; drop one`);
    }
    if (!catalogue.areas[b.area]) problems.push(`${b.id} names area "${b.area}", which is not in "areas"`);
    if (inScope(b) && b.status === undefined)
      problems.push(`${b.id} has no status: mark it encoded or { pending: <issue> }`);
    if (!inScope(b) && !b.reason) problems.push(`${b.id} is out of scope without a reason`);
  }
  const byId = new Map<string, FeatureScenario[]>();
  for (const s of scenarios) {
    const where = `${s.uri}:${s.line} (scenario "${s.name}")`;
    if (s.behaviours.length === 0) problems.push(`${where} has no behaviour ID tag; tag it with its catalogue ID`);
    for (const id of s.behaviours) {
      if (!ids.has(id)) problems.push(`${where} is tagged @${id}, which is not in features/catalogue.yaml`);
      byId.set(id, [...(byId.get(id) ?? []), s]);
    }
  }
  for (const b of catalogue.behaviours) {
    const count = byId.get(b.id)?.length ?? 0;
    const issue = pendingIssue(b);
    if (!inScope(b)) {
      if (count > 0)
        problems.push(`${b.id} is out of scope but has ${count} scenario(s); remove the tag or the scope mark`);
    } else if (issue !== undefined) {
      if (count > 0)
        problems.push(
          `${b.id} is marked pending (issue ${issue}) but has ${count} scenario(s); set its status to encoded`,
        );
    } else if (count === 0) {
      problems.push(
        `${b.id} is in scope and marked encoded but has no scenario; add one or mark it { pending: <issue> }`,
      );
    }
  }
  return problems;
}
