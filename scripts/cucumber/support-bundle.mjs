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
 * list, the build options). Only our own code and the two largest packages are bundled (see
 * VENDORED); cucumber and allure stay outside: the support code must register its steps with the
 * very instance of cucumber that runs them.
 *
 * Plain JavaScript: cucumber loads its configuration before any TypeScript loader exists.
 */
import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');

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
    'support/scenario/world.ts',
    'support/scenario/hooks.ts',
    'support/scenario/speed-hooks.ts', // after hooks.ts: its After hook runs before the slower cleanup
    ...steps,
  ];
}

/** vendor/<file>.mjs of a package our sources import. */
const vendorFile = (spec) => `${spec.replace(/[@/]/g, '_')}.mjs`;

/**
 * The two packages that hold most of the code (@kubernetes/client-node with its ~1000 files, and
 * yaml) go to vendor/, one file per package, built without a source map: a source map is decoded
 * in every worker at its first stack trace, and one covering the packages cost about 0.25 s of
 * CPU per worker. Our own code keeps its map. Every other package is imported from node_modules
 * as it is (some find their own files beside them). Collects the names it redirects in `vendored`.
 */
const VENDORED = ['@kubernetes/client-node', 'yaml'];
const vendorImports = (vendored) => ({
  name: 'vendor-imports',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!VENDORED.includes(args.path)) return isBuiltin(args.path) ? undefined : { path: args.path, external: true };
      vendored.add(args.path);
      return { path: `./vendor/${vendorFile(args.path)}`, external: true };
    });
  },
});

/**
 * The names our bundle imports from each vendor file, read from esbuild's output
 * (`import { a, b as c } from "./vendor/x.mjs"`): re-exporting only those keeps the packages
 * tree-shaken (all of @kubernetes/client-node is 14 MB, what we use 5 MB).
 */
export function importedNames(code) {
  const names = new Map();
  for (const m of code.matchAll(/import\s*(\*\s*as\s+\w+|\{([^}]*)\})\s*from\s*"\.\/vendor\/([^"]+)"/g)) {
    const file = m[3];
    const set = names.get(file) ?? new Set();
    if (m[1].startsWith('*')) set.add('*');
    for (const part of (m[2] ?? '').split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name) set.add(name);
    }
    names.set(file, set);
  }
  return names;
}

/** The vendor build's entries: each re-exports from one package the names our bundle imports. */
const vendorEntries = (root, names) => ({
  name: 'vendor-entries',
  setup(build) {
    build.onResolve({ filter: /^vendor-entry:/ }, (args) => ({
      path: args.path.slice('vendor-entry:'.length),
      namespace: 'vendor-entry',
    }));
    build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, (args) => {
      const wanted = names.get(vendorFile(args.path)) ?? new Set(['*']);
      const spec = JSON.stringify(args.path);
      const contents = wanted.has('*')
        ? `export * from ${spec};`
        : `export { ${[...wanted].join(', ')} } from ${spec};`;
      return { contents, resolveDir: root, loader: 'js' };
    });
  },
});

/**
 * esbuild gives a bundle one import.meta: a source that finds files beside itself
 * (support/manifest.ts: features/) would look beside the bundle. Each of our sources gets its own.
 */
const ownImportMeta = (root, targetRoot = root) => ({
  name: 'own-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (relative(root, args.path).startsWith('node_modules')) return undefined;
      // Where the source will be when the bundle runs: here, or under the runner image's root.
      const path = targetRoot === root ? args.path : join(targetRoot, relative(root, args.path));
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
        .replaceAll('import.meta.filename', JSON.stringify(path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href));
      return { contents: text, loader: 'ts' };
    });
  },
});

/** The inputs saved from `from` to `to` (ms): what a build that ran then may have read half-way. */
export function savedBetween(files, from, to) {
  return (
    files.filter((file) => {
      const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
      return mtime !== undefined && mtime >= from && mtime <= to;
    }).length > 0
  );
}

function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const s = statSync(file, { throwIfNoEntry: false });
    hash.update(`${file}\0${s ? `${s.size}:${s.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/** In a bundle's directory: it was built elsewhere and is used as it is (the runner image's). */
const PREBUILT = 'prebuilt.json';

/**
 * Where a bundle is cached: node_modules/.cache/pod-conformance/<name>-<checkout>. Checkouts that
 * share one node_modules (git worktrees linked to one install) each get their own bundle: one
 * checkout's build never replaces the bundle another's workers are loading. A bundle for another
 * root (the runner image's) gets a directory of its own too.
 */
function bundleDir(root, name, targetRoot = root) {
  const checkout = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const suffix =
    targetRoot === root ? '' : `-for-${createHash('sha256').update(targetRoot).digest('hex').slice(0, 12)}`;
  return join(root, 'node_modules', '.cache', 'pod-conformance', `${name}-${checkout}${suffix}`);
}

/**
 * Builds `entry` (esbuild's stdin or entryPoints) into node_modules/.cache/pod-conformance/<name>-<checkout>/
 * unless the recorded inputs are unchanged; resolves to the main output file and the vendor files
 * (to import before source maps are enabled).
 */
async function cachedBundle({
  root,
  name,
  entry,
  main,
  key: extraKey,
  splitting = false,
  log,
  label,
  targetRoot = root,
}) {
  const dir = bundleDir(root, name, targetRoot);
  const out = join(dir, main);
  const inputsFile = join(dir, 'inputs.json');
  // The runner image ships its bundles built (imageBundles below) and no esbuild.
  const prebuilt = join(dir, PREBUILT);
  if (existsSync(prebuilt)) {
    const recorded = JSON.parse(readFileSync(prebuilt, 'utf8'));
    return { bundle: join(dir, recorded.bundle), vendor: recorded.vendor.map((v) => join(dir, v)) };
  }
  const { build, version } = await import('esbuild');
  // This file is part of the key: a bundle built by an older bundler (another output layout) is rebuilt.
  const builder = fingerprint([fileURLToPath(import.meta.url)]);
  const key = JSON.stringify({
    version,
    builder,
    root,
    targetRoot,
    extraKey,
    vendored: VENDORED,
    node: process.versions.node,
  });
  if (existsSync(out) && existsSync(inputsFile)) {
    const recorded = JSON.parse(readFileSync(inputsFile, 'utf8'));
    if (recorded.key === key && recorded.fingerprint === fingerprint(recorded.inputs))
      return { bundle: out, vendor: recorded.vendor };
  }
  const started = Date.now();
  const vendored = new Set();
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', absWorkingDir: root };
  const own = await build({
    ...common,
    ...entry,
    ...(splitting ? { outdir: dir, splitting: true, outExtension: { '.js': '.mjs' } } : { outfile: out }),
    write: false,
    // Stack traces and step locations name the TypeScript sources (support/scenario/source-maps.mjs).
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    plugins: [vendorImports(vendored), ownImportMeta(root, targetRoot)],
    logLevel: 'silent',
  });
  const names = new Map();
  for (const file of own.outputFiles) {
    for (const [vendorName, wanted] of importedNames(file.text)) {
      names.set(vendorName, new Set([...(names.get(vendorName) ?? []), ...wanted]));
    }
  }
  const vendor = await build({
    ...common,
    entryPoints: Object.fromEntries(
      [...vendored].map((spec) => [vendorFile(spec).slice(0, -4), `vendor-entry:${spec}`]),
    ),
    outdir: join(dir, 'vendor'),
    outExtension: { '.js': '.mjs' },
    // One copy of what two packages share.
    splitting: true,
    write: false,
    // Bundled CommonJS packages call require(): give the ES modules one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    metafile: true,
    plugins: [vendorEntries(root, names)],
    logLevel: 'silent',
  });
  // A bundle for another root is copied whole into an image: no chunk of an earlier build may stay.
  if (targetRoot !== root) rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  // Each file is written beside its final name and renamed: a concurrent run never loads half a file.
  for (const file of [...vendor.outputFiles, ...own.outputFiles]) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  const inputs = [...Object.keys(own.metafile.inputs), ...Object.keys(vendor.metafile.inputs)]
    .filter((f) => !f.startsWith('<') && !f.startsWith('vendor-entry:'))
    .map((f) => resolve(root, f));
  const vendorEntryFiles = [...vendored].map((spec) => join(dir, 'vendor', vendorFile(spec)));
  // A source saved while esbuild read it may be in the bundle in its older form: then record no
  // fingerprint, so the next run builds again instead of serving that bundle as current.
  const changedDuringBuild = savedBetween(inputs, started, Date.now());
  writeFileSync(
    inputsFile,
    JSON.stringify({
      key,
      fingerprint: changedDuringBuild ? 'changed during the build' : fingerprint(inputs),
      inputs,
      vendor: vendorEntryFiles,
    }),
  );
  log(`${label}: ${inputs.length} files bundled in ${Date.now() - started} ms (${relative(root, out)})`);
  return { bundle: out, vendor: vendorEntryFiles };
}

/**
 * The support bundle for cucumber (cucumber.mjs): its path and its vendor files', built first
 * when missing or stale. `log` hears about a build (a second or two; a cached bundle costs a few
 * milliseconds of stat calls).
 */
export function supportBundle({ root = ROOT, log = () => undefined, targetRoot = root } = {}) {
  const entries = entryFiles(root);
  return cachedBundle({
    root,
    targetRoot,
    name: 'support',
    main: 'support.mjs',
    key: entries,
    entry: {
      stdin: {
        contents: entries.map((f) => `import './${f}';`).join('\n'),
        resolveDir: root,
        sourcefile: 'support-entry.ts',
        loader: 'ts',
      },
    },
    log,
    label: 'support code for the workers',
  });
}

/**
 * The command line (scripts/cli.ts) as a bundle, for bin/pod-conformance.mjs: loading it through
 * tsx cost the runner about 1.5 s of CPU before its first phase (the same resolution of
 * @kubernetes/client-node's files through tsx's loader thread). Its commands stay in chunks of
 * their own, loaded when called.
 */
export function cliBundle({ root = ROOT, log = () => undefined, targetRoot = root } = {}) {
  return cachedBundle({
    root,
    targetRoot,
    name: 'cli',
    main: 'cli.mjs',
    key: 'scripts/cli.ts',
    entry: { entryPoints: { cli: 'scripts/cli.ts' } },
    splitting: true,
    log,
    label: 'the pod-conformance command',
  });
}

/**
 * Both bundles as the runner image carries them (clusters/images/runner.ts): built here for a
 * package root at `targetRoot` (their import.meta paths point there), each with a prebuilt.json
 * instead of the record of its inputs, at the directory a run under `targetRoot` looks in. Files
 * relative to the package root, with their bytes.
 */
export async function imageBundles({ root = ROOT, targetRoot, log = () => undefined }) {
  const files = [];
  for (const [name, make] of [
    ['support', supportBundle],
    ['cli', cliBundle],
  ]) {
    const built = await make({ root, targetRoot, log });
    const from = dirname(built.bundle);
    const to = relative(targetRoot, bundleDir(targetRoot, name));
    for (const file of readdirSync(from, { recursive: true }).map(String)) {
      const path = join(from, file);
      if (file === 'inputs.json' || !statSync(path).isFile()) continue;
      files.push({ path: join(to, file), bytes: readFileSync(path) });
    }
    const prebuilt = { bundle: relative(from, built.bundle), vendor: built.vendor.map((v) => relative(from, v)) };
    files.push({ path: join(to, PREBUILT), bytes: Buffer.from(JSON.stringify(prebuilt)) });
  }
  return files;
}
