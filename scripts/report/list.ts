/**
 * `pod-conformance list`: the behaviour IDs and scenarios a tag expression selects, from the
 * feature files and the catalogue alone (no cluster, no cucumber run), in catalogue order. A
 * scenario of several behaviours is listed under each; one without a behaviour ID at the end.
 */
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { UsageError } from '../shared/exit.ts';
import type { Catalogue, FeatureScenario } from './catalogue.ts';

/** The line for a selection without scenarios (the run's preflight and `list` say the same). */
export function emptySelection(tags: string | undefined): string {
  return tags
    ? `the tag expression "${tags}" selects no scenario. Check it against the tags in features/*.feature (for example @INIT-02 or "@epic:init-containers and not @INIT-04").`
    : 'no scenario found under features/. Add a .feature file.';
}

export function selectScenarios(scenarios: FeatureScenario[], tags: string | undefined): FeatureScenario[] {
  if (!tags) return scenarios;
  const expression = parseTagExpression(tags);
  return scenarios.filter((s) => expression.evaluate(s.tags));
}

/** The tags of a scenario besides its behaviour IDs (`@api-level @capability:exec`), for `-o wide`. */
const otherTags = (s: FeatureScenario): string[] => s.tags.filter((t) => !s.behaviours.includes(t.slice(1)));

/**
 * The listing's lines; bad usage (exit 2) when the selection is empty. `wide` (`-o wide`) adds
 * each behaviour's area and each scenario's other tags.
 */
export function listing(
  catalogue: Catalogue,
  scenarios: FeatureScenario[],
  tags: string | undefined,
  wide = false,
): string[] {
  const selected = selectScenarios(scenarios, tags);
  if (selected.length === 0) throw new UsageError(emptySelection(tags));
  const where = (s: FeatureScenario) =>
    `${s.uri}:${s.line}${wide && otherTags(s).length > 0 ? ` ${otherTags(s).join(' ')}` : ''}`;
  const width = Math.max(...catalogue.behaviours.map((b) => b.id.length));
  const lines: string[] = [];
  let behaviours = 0;
  for (const b of catalogue.behaviours) {
    const of = selected.filter((s) => s.behaviours.includes(b.id));
    if (of.length === 0) continue;
    behaviours += 1;
    lines.push(`${b.id.padEnd(width)}  ${wide ? `[${b.area}] ` : ''}${b.must}`);
    for (const s of of) lines.push(`${' '.repeat(width)}    ${s.name}  (${where(s)})`);
  }
  const catalogued = new Set(catalogue.behaviours.map((b) => b.id));
  const untagged = selected.filter((s) => !s.behaviours.some((id) => catalogued.has(id)));
  if (untagged.length > 0) {
    lines.push('(no behaviour ID)');
    for (const s of untagged) lines.push(`${' '.repeat(width)}    ${s.name}  (${where(s)})`);
  }
  lines.push(`${selected.length} scenario(s) of ${behaviours} behaviour(s)${tags ? ` selected by "${tags}"` : ''}`);
  return lines;
}

export interface ListingJson {
  tags: string | null;
  scenarios: number;
  behaviours: { id: string; area: string; must: string; scenarios: ListedScenario[] }[];
  /** Selected scenarios without a catalogued behaviour ID. */
  unidentified: ListedScenario[];
}
interface ListedScenario {
  name: string;
  uri: string;
  line: number;
  tags: string[];
}

/** `list -o json`: the same selection as the listing, as one document; bad usage when it is empty. */
export function listingJson(catalogue: Catalogue, scenarios: FeatureScenario[], tags: string | undefined): ListingJson {
  const selected = selectScenarios(scenarios, tags);
  if (selected.length === 0) throw new UsageError(emptySelection(tags));
  const listed = (s: FeatureScenario): ListedScenario => ({ name: s.name, uri: s.uri, line: s.line, tags: s.tags });
  const catalogued = new Set(catalogue.behaviours.map((b) => b.id));
  return {
    tags: tags ?? null,
    scenarios: selected.length,
    behaviours: catalogue.behaviours.flatMap((b) => {
      const of = selected.filter((s) => s.behaviours.includes(b.id));
      return of.length > 0 ? [{ id: b.id, area: b.area, must: b.must, scenarios: of.map(listed) }] : [];
    }),
    unidentified: selected.filter((s) => !s.behaviours.some((id) => catalogued.has(id))).map(listed),
  };
}
