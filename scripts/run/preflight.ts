/**
 * The run's first step: a scenario selection checked before any cluster work, from cucumber's dry
 * run: the tag expression selects something, every step has exactly one definition, feature files
 * parse, every manifest (docstring or file) is valid YAML whose placeholders exist, and every
 * `${namespaces.<alias>}` follows the `Given another namespace "<alias>"` that makes it. Each
 * problem becomes one line saying what is wrong and what to do, and the run stops with exit 2.
 * The dry run also writes the step catalogue (reports/steps.md).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { execa } from 'execa';
import { ScenarioError } from '../../support/assert.ts';
import { LOGICAL_IMAGE_NAMES } from '../../clusters/index.ts';
import { parseYamlDocuments, placeholderProblems, readManifestFile } from '../../support/manifest.ts';
import { NAMESPACE_ALIAS } from '../../support/scenario/namespace.ts';
import { RUN_ENV } from '../../support/run-env.mjs';
import { emptySelection } from '../report/list.ts';
import { gherkinLinesOf, readMessages, type Envelope } from '../report/messages.ts';
import { EXIT } from '../shared/exit.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { heading, StopRun } from './console.ts';
import { CUCUMBER, cucumberArgs } from './cucumber.ts';
import { filesKey, remember, rememberedEntries, type Remembered } from '../shared/remembered.ts';

/** Step texts that take a manifest: `the manifest:` (docstring) and `the manifest "file"`. */
export const MANIFEST_DOCSTRING_STEP = /^the manifest:$/;
export const MANIFEST_FILE_STEP = /^the manifest "([^"]+)"$/;
/** The step that makes a further namespace, and the placeholder that names one. */
const FURTHER_NAMESPACE_STEP = /^another namespace "([^"]*)"$/;
const NAMESPACE_PLACEHOLDER = /\$\{\s*namespaces\.([^}\s]*)\s*\}/g;

export interface SelectedScenario {
  uri: string;
  name: string;
  tags: string[];
}

export interface Preflight {
  selected: number;
  /** The selected scenarios, in cucumber's order, with their tags (the scenario's, its feature's, its Examples'). */
  selection: SelectedScenario[];
  /** `features/x.feature:12 (scenario "S"): "When I frobnicate"` for steps without a definition. */
  undefinedSteps: string[];
  ambiguousSteps: string[];
  parseErrors: string[];
  /** Manifest docstrings to validate as YAML, with the line of their opening delimiter. */
  manifestDocStrings: { where: string; docLine: number; content: string }[];
  /** Manifest files named by steps (relative to features/). */
  manifestFiles: string[];
  /** Further namespaces named badly, twice, or by a placeholder before the step that makes them. */
  namespaceProblems: string[];
}

/**
 * Per scenario, in step order: an alias `Given another namespace` cannot use or uses twice, and a
 * `${namespaces.<alias>}` (in the step's text or doc string) before its namespace is made; one in a
 * table cell is found when the step runs (support/manifest.ts).
 */
export function furtherNamespaceProblems(
  steps: { where: string; text: string; argument: string; makes?: string }[],
): string[] {
  const made: string[] = [];
  const problems: string[] = [];
  for (const step of steps) {
    for (const m of `${step.text}\n${step.argument}`.matchAll(NAMESPACE_PLACEHOLDER)) {
      const alias = m[1] ?? '';
      if (!made.includes(alias)) {
        const sofar = made.map((a) => `"${a}"`).join(', ') || 'none';
        problems.push(
          `${step.where}: ${m[0]} names no namespace made before it; add 'Given another namespace "${alias}"' before this step (made so far: ${sofar})`,
        );
      }
    }
    if (step.makes === undefined) continue;
    if (!NAMESPACE_ALIAS.test(step.makes)) {
      problems.push(
        `${step.where}: namespace alias "${step.makes}": use 1 to 12 lower-case letters, digits and '-', starting and ending with a letter or digit`,
      );
    } else if (made.includes(step.makes)) {
      problems.push(`${step.where}: namespace "${step.makes}" is made twice; give each namespace its own alias`);
    }
    made.push(step.makes);
  }
  return problems;
}

/**
 * Reads the dry run. `docStringStep` matches step texts whose docstring is a manifest;
 * `fileStep` matches step texts naming a manifest file (its first group is the path).
 */
export function readPreflight(envelopes: Envelope[], docStringStep: RegExp, fileStep: RegExp): Preflight {
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const locations = gherkinLinesOf(envelopes);
  const result: Preflight = {
    selected: 0,
    selection: [],
    undefinedSteps: [],
    ambiguousSteps: [],
    parseErrors: [],
    manifestDocStrings: [],
    manifestFiles: [],
    namespaceProblems: [],
  };
  for (const e of envelopes) {
    if (e.parseError) {
      const loc = e.parseError.source.location;
      // The message repeats the location as "(4:3): "; the line and column go after the file instead.
      const where = loc ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : '';
      const message = e.parseError.message.replace(/^\(\d+:\d+\):\s*/, '');
      result.parseErrors.push(`${e.parseError.source.uri ?? '?'}${where}: Gherkin syntax error: ${message}`);
    }
    if (!e.testCase) continue;
    result.selected += 1;
    const pickle = pickles.get(e.testCase.pickleId);
    if (pickle)
      result.selection.push({ uri: pickle.uri, name: pickle.name, tags: (pickle.tags ?? []).map((t) => t.name) });
    const namespaceSteps: Parameters<typeof furtherNamespaceProblems>[0] = [];
    for (const step of e.testCase.testSteps) {
      const pickleStep = pickle?.steps.find((s) => s.id === step.pickleStepId);
      if (!pickle || !pickleStep) continue;
      const location = locations.get(pickleStep.astNodeIds[0] ?? '');
      const where = `${pickle.uri}${location ? `:${location.line}` : ''} (scenario "${pickle.name}")`;
      const count = step.stepDefinitionIds?.length ?? 0;
      if (count === 0) result.undefinedSteps.push(`${where}: "${pickleStep.text}"`);
      if (count > 1) result.ambiguousSteps.push(`${where}: "${pickleStep.text}"`);
      const doc = pickleStep.argument?.docString?.content;
      if (doc !== undefined && docStringStep.test(pickleStep.text)) {
        result.manifestDocStrings.push({ where, docLine: location?.docLine ?? 0, content: doc });
      }
      const file = fileStep.exec(pickleStep.text)?.[1];
      if (file) result.manifestFiles.push(file);
      namespaceSteps.push({
        where,
        text: pickleStep.text,
        argument: doc ?? '',
        makes: FURTHER_NAMESPACE_STEP.exec(pickleStep.text)?.[1],
      });
    }
    result.namespaceProblems.push(...furtherNamespaceProblems(namespaceSteps));
  }
  return result;
}

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
  problems.push(...p.namespaceProblems);
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

/** The innermost error of a cucumber that could not load: node prints `[cause]: Error: …` last. */
function loadError(output: string, exitCode: number | undefined): string {
  // A line ending in ":" continues on the next (esbuild: `Build failed with 1 error:` then the file and error).
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const at = lines.findLastIndex((l) => /\b\w*Error\b/.test(l));
  if (at < 0) return lines.at(-1) ?? `exit ${exitCode}`;
  return lines[at]!.endsWith(':') && lines[at + 1] ? `${lines[at]} ${lines[at + 1]}` : lines[at]!;
}

/** What the dry run reads: the feature files and manifests, the step code, cucumber's configuration, the packages. */
const PREFLIGHT_INPUTS = ['features', 'steps', 'support', 'scripts', 'clusters'];
const PREFLIGHT_FILES = ['cucumber.mjs', 'package-lock.json', 'package.json'];

/**
 * The dry run's inputs as one key: every file's path, size and modification time under the
 * directories it reads, and the tag expression. An unchanged key gives the same selection and
 * the same problems (none: only a clean dry run is remembered).
 */
export function preflightKey(tags: string | undefined, root = ROOT): string {
  const files = [
    // The runner image (run --in-cluster) has no scripts/ or clusters/: the bundles stand for them.
    ...PREFLIGHT_INPUTS.filter((dir) => existsSync(resolve(root, dir))).flatMap((dir) =>
      readdirSync(resolve(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`),
    ),
    ...PREFLIGHT_FILES,
  ];
  return filesKey(
    files.map((file) => resolve(root, file)),
    `tags\0${tags ?? ''}\n`,
  );
}

interface RememberedPreflight extends Remembered {
  selection: SelectedScenario[];
}

/** Clean dry runs kept (one per selection tried lately). */
const REMEMBERED_DRY_RUNS = 8;

/** A clean dry run's selection when nothing it read has changed since, and its step catalogue is still there. */
export function rememberedSelection(file: string, key: string, reports = REPORTS): SelectedScenario[] | undefined {
  if (!existsSync(resolve(reports, 'steps.md'))) return undefined;
  return rememberedEntries<RememberedPreflight>(file).find((e) => e.key === key)?.selection;
}

/** Remembers a clean dry run under its key, beside the newest others. */
export function rememberSelection(file: string, key: string, selection: SelectedScenario[]): void {
  remember(file, { key, selection }, REMEMBERED_DRY_RUNS);
}

/**
 * The dry run: the selected scenarios in cucumber's order, or the run stops saying what is wrong.
 * A clean dry run is remembered (reports/preflight-cache.json) under the key of its inputs: the
 * next run with the same selection and unchanged files skips it (about 1 s of a 3 s inner loop).
 */
export async function preflight(tags: string | undefined): Promise<Preflight['selection']> {
  heading('preflight: selection, steps and manifests (cucumber dry run)');
  const cache = resolve(REPORTS, 'preflight-cache.json');
  const key = preflightKey(tags);
  const remembered = rememberedSelection(cache, key);
  if (remembered) {
    console.log(
      `  ${remembered.length} scenario(s) selected${tags ? ` by "${tags}"` : ''}: features, steps and support code unchanged since the last clean dry run (${relative(process.cwd(), cache)})`,
    );
    return remembered;
  }
  const out = resolve(REPORTS, 'preflight.ndjson');
  rmSync(out, { force: true });
  const run = await execa(CUCUMBER, cucumberArgs('preflight', tags), {
    cwd: ROOT,
    reject: false,
    all: true,
    env: { [RUN_ENV.reports]: REPORTS },
  });
  if (!existsSync(out))
    throw new StopRun(
      `cucumber could not load the features or the step code: ${loadError(run.all ?? '', run.exitCode)}`,
    );
  const result = readPreflight(readMessages(out), MANIFEST_DOCSTRING_STEP, MANIFEST_FILE_STEP);
  const problems = preflightProblems(result, tags);
  if (problems.length > 0) {
    for (const p of problems.slice(0, -1)) console.error(`error: ${p}`);
    throw new StopRun(problems.at(-1) ?? 'preflight failed', EXIT.usage);
  }
  // Loaded only here, after a dry run: the step vocabulary it documents imports cucumber, about
  // 0.25 s of CPU that a run whose dry run is remembered never needs.
  const { writeStepCatalogue } = await import('../report/steps-catalogue.ts');
  writeStepCatalogue(resolve(REPORTS, 'steps-usage.json'), resolve(REPORTS, 'steps.md'));
  // Keyed by the inputs as they were before the dry run: a file saved meanwhile makes the next run check again.
  rememberSelection(cache, key, result.selection);
  console.log(
    `  ${result.selected} scenario(s) selected${tags ? ` by "${tags}"` : ''}; step catalogue: ${relative(process.cwd(), resolve(REPORTS, 'steps.md'))}`,
  );
  return result.selection;
}
