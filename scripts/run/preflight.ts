/**
 * Checks a scenario selection before any cluster work, from cucumber's dry run: the tag
 * expression selects something, every step has exactly one definition, feature files parse, and
 * every manifest (docstring or file) is valid YAML whose placeholders exist. Each problem becomes one line saying what is
 * wrong and what to do.
 */
import { ScenarioError } from '../../support/assert.ts';
import { LOGICAL_IMAGE_NAMES } from '../../clusters/index.ts';
import { parseYamlDocuments, placeholderProblems, readManifestFile } from '../../support/manifest.ts';
import { emptySelection } from '../report/list.ts';
import type { Preflight } from '../report/messages.ts';

/** Step texts that take a manifest: `the manifest:` (docstring) and `the manifest "file"`. */
export const MANIFEST_DOCSTRING_STEP = /^the manifest:$/;
export const MANIFEST_FILE_STEP = /^the manifest "([^"]+)"$/;

export function preflightProblems(p: Preflight, tags: string | undefined): string[] {
  const problems: string[] = [];
  for (const e of p.parseErrors) problems.push(`${e}. Fix the feature file.`);
  if (problems.length > 0) return problems;
  if (p.selected === 0) problems.push(emptySelection(tags));
  if (p.undefinedSteps.length > 0) {
    problems.push(
      `${p.undefinedSteps.length} undefined step(s), first ${p.undefinedSteps[0]}. Use a step from reports/steps.md or add a definition under steps/.`,
    );
  }
  if (p.ambiguousSteps.length > 0) {
    problems.push(
      `${p.ambiguousSteps.length} ambiguous step(s), first ${p.ambiguousSteps[0]}. Make the step definitions distinct.`,
    );
  }
  for (const doc of p.manifestDocStrings) {
    problems.push(...placeholderProblems(doc.content, doc.where, LOGICAL_IMAGE_NAMES, doc.docLine));
    try {
      parseYamlDocuments(doc.content, doc.where, doc.docLine);
    } catch (err) {
      if (err instanceof ScenarioError) problems.push(err.message);
      else throw err;
    }
  }
  for (const file of new Set(p.manifestFiles)) {
    try {
      const { text, origin } = readManifestFile(file);
      problems.push(...placeholderProblems(text, origin, LOGICAL_IMAGE_NAMES));
      parseYamlDocuments(text, origin);
    } catch (err) {
      if (err instanceof ScenarioError) problems.push(err.message);
      else throw err;
    }
  }
  return problems;
}
