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

/** The listing's lines; bad usage (exit 2) when the selection is empty. */
export function listing(catalogue: Catalogue, scenarios: FeatureScenario[], tags: string | undefined): string[] {
  const selected = selectScenarios(scenarios, tags);
  if (selected.length === 0) throw new UsageError(emptySelection(tags));
  const where = (s: FeatureScenario) => `${s.uri}:${s.line}`;
  const width = Math.max(...catalogue.behaviours.map((b) => b.id.length));
  const lines: string[] = [];
  let behaviours = 0;
  for (const b of catalogue.behaviours) {
    const of = selected.filter((s) => s.behaviours.includes(b.id));
    if (of.length === 0) continue;
    behaviours += 1;
    lines.push(`${b.id.padEnd(width)}  ${b.must}`);
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
