/**
 * What the runner image carries of the suite (clusters/images/runner.ts builds the image around
 * it): the command line and the support code as bundles built for the image's root (no esbuild,
 * no TypeScript loader in the image), the plain-JavaScript modules cucumber loads before them, the
 * features, the step sources (reports/steps.md is generated from their doc comments), and the
 * production packages the run still imports from node_modules, with their dependencies.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { AppFile } from '../../clusters/index.ts';
// @ts-expect-error: a plain-JavaScript module (cucumber.mjs loads it before any TypeScript loader).
import { imageBundles } from '../cucumber/support-bundle.mjs';
import { ROOT } from '../shared/paths.ts';

/** support-bundle.mjs imageBundles, typed. */
const buildImageBundles = imageBundles as (o: {
  root: string;
  targetRoot: string;
  log: (line: string) => void;
}) => Promise<Array<{ path: string; bytes: Buffer }>>;

/**
 * The packages the run imports at run time, from package.json's dependencies less those it does
 * not: @kubernetes/client-node and yaml are inside the bundles (scripts/cucumber/support-bundle.mjs
 * VENDORED), esbuild and tsx only build and load sources, allure only draws the HTML report (the
 * host draws it, from the results copied back).
 */
export const RUNTIME_PACKAGES = [
  '@cucumber/cucumber',
  '@cucumber/gherkin',
  '@cucumber/tag-expressions',
  'allure-cucumberjs',
  'allure-js-commons',
  'execa',
] as const;

/** The dependencies of package.json the image leaves out, each with why. */
export const LEFT_OUT: Record<string, string> = {
  '@kubernetes/client-node': 'bundled',
  yaml: 'bundled',
  esbuild: 'the bundles are built on the host',
  tsx: 'the bundles are built on the host',
  allure: 'the host draws the HTML report',
};

/** Files of a package nothing runs: types, TypeScript sources, source maps, documentation. */
const NOT_RUN = /(\.d\.[cm]?ts|\.ts|\.map|\.md|\.markdown)$/i;

/** The plain files of the package root: what cucumber and the command load before the bundles. */
const PLAIN = ['bin/pod-conformance.mjs', 'cucumber.mjs', 'package.json'];
/** Folders taken whole, or their plain JavaScript only. */
const TREES: Array<[dir: string, keep: (path: string) => boolean]> = [
  ['features', () => true],
  ['steps', () => true],
  ['support', (p) => p.endsWith('.mjs')],
  ['scripts/cucumber', (p) => p.endsWith('.mjs')],
];

/** Every file under dir (relative to root), skipping nested node_modules. */
function filesUnder(root: string, dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...filesUnder(root, path, keep));
    } else if (entry.isFile() && keep(path)) found.push(path);
  }
  return found;
}

/** The package `name` as Node resolves it from `from` (its node_modules, then its parents'). */
function resolvePackage(root: string, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

/**
 * The directories of `roots` and every package they depend on (dependencies, optional and peer
 * dependencies that are installed), resolved the way Node resolves them.
 */
export function packageClosure(root: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const names = Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
      ...manifest.peerDependencies,
    });
    for (const name of names) {
      const found = resolvePackage(root, dir, name);
      if (found) visit(found);
    }
  };
  for (const name of roots) {
    const found = resolvePackage(root, root, name);
    if (!found) throw new Error(`${name} is not installed in ${root}: run npm ci there`);
    visit(found);
  }
  return [...seen].sort();
}

/** The application files of the runner image, relative to its root. */
export async function runnerAppFiles(
  targetRoot: string,
  root = ROOT,
  log: (line: string) => void = () => undefined,
): Promise<AppFile[]> {
  const paths = [
    ...PLAIN,
    ...TREES.flatMap(([dir, keep]) => filesUnder(root, dir, keep)),
    ...packageClosure(root, RUNTIME_PACKAGES).flatMap((dir) =>
      filesUnder(root, relative(root, dir), (p) => !NOT_RUN.test(p)),
    ),
  ];
  const files: AppFile[] = [...new Set(paths)].sort().map((path) => ({
    path,
    bytes: readFileSync(join(root, path)),
    executable: (statSync(join(root, path)).mode & 0o111) !== 0 || path === 'bin/pod-conformance.mjs',
  }));
  const bundles = await buildImageBundles({ root, targetRoot, log });
  return [...files, ...bundles];
}
