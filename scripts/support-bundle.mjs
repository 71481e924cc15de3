/**
 * The support code and steps as one JavaScript file, built once per change and loaded by the
 * cucumber coordinator and by every parallel worker instead of the TypeScript sources.
 *
 * Why: a worker that loads ~75 TypeScript files through tsx and ~1000 files of
 * @kubernetes/client-node and its dependencies spends about 2 s of CPU before its first scenario
 * (most of it in module resolution through tsx's loader thread); with many workers starting at
 * once on two cores, that was the larger part of a run's start. The bundle loads in about 0.5 s.
 *
 * The build is part of loading cucumber.mjs, so every way of running cucumber gets it: nothing to
 * run by hand, a fresh clone and an installed package build it on first use. It is cached in
 * node_modules/.cache/pod-conformance/ (beside the packages it imports, so that they resolve)
 * and rebuilt when any of its inputs changes (size or mtime of every file esbuild read, the entry
 * list, the build options). cucumber and allure stay outside the bundle: the support code must
 * register its steps with the very instance of cucumber that runs them.
 *
 * Plain JavaScript: cucumber loads its configuration before any TypeScript loader exists.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** The support files in the order cucumber.mjs used to import them, then every file under steps/. */
export function entryFiles(root = ROOT) {
  const steps = readdirSync(join(root, 'steps'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `steps/${f.split('\\').join('/')}`)
    .sort();
  return [
    'support/interrupt.ts', // signal handlers of the coordinator and of every worker
    'support/allure.ts',
    'support/world.ts',
    'support/hooks.ts',
    'support/speed-hooks.ts', // after hooks.ts: its After hook runs before the slower cleanup
    ...steps,
  ];
}

/** Left to node_modules at run time: one instance of each is shared with cucumber's own code. */
const EXTERNAL = ['@cucumber/*', 'allure-cucumberjs', 'allure-cucumberjs/*', 'allure-js-commons'];

/**
 * esbuild gives a bundle one import.meta: a source that finds files beside itself
 * (support/manifest.ts: features/) would look beside the bundle. Each of our sources gets its own.
 */
const ownImportMeta = (root) => ({
  name: 'own-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (relative(root, args.path).startsWith('node_modules')) return undefined;
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: 'ts' };
    });
  },
});

function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const s = statSync(file, { throwIfNoEntry: false });
    hash.update(`${file}\0${s ? `${s.size}:${s.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/**
 * The bundle's path, built first when it is missing or stale. `log` hears about a build (it takes
 * a second or two; a cached bundle costs a few milliseconds of stat calls).
 */
export async function supportBundle({ root = ROOT, log = () => undefined } = {}) {
  const dir = join(root, 'node_modules', '.cache', 'pod-conformance');
  const out = join(dir, 'support.mjs');
  const inputsFile = join(dir, 'support.inputs.json');
  const entries = entryFiles(root);
  const { build, version } = await import('esbuild');
  const key = JSON.stringify({ version, root, entries, external: EXTERNAL, node: process.versions.node });
  if (existsSync(out) && existsSync(inputsFile)) {
    const recorded = JSON.parse(readFileSync(inputsFile, 'utf8'));
    if (recorded.key === key && recorded.fingerprint === fingerprint(recorded.inputs)) return out;
  }
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const result = await build({
    stdin: {
      contents: entries.map((f) => `import './${f}';`).join('\n'),
      resolveDir: root,
      sourcefile: 'support-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    absWorkingDir: root,
    outfile: out,
    write: false,
    external: EXTERNAL,
    // Bundled CommonJS packages call require(): give the ES module one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // Stack traces and step locations name the TypeScript sources (support/source-maps.mjs).
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    plugins: [ownImportMeta(root)],
    logLevel: 'silent',
  });
  // Each file is written beside its final name and renamed: a concurrent cucumber never loads half a file.
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.startsWith('<'))
    .map((f) => resolve(root, f));
  writeFileSync(inputsFile, JSON.stringify({ key, fingerprint: fingerprint(inputs), inputs }));
  log(
    `support code bundled for the workers: ${inputs.length} files in ${Date.now() - started} ms (${relative(root, out)})`,
  );
  return out;
}
