#!/usr/bin/env node
// The pod-conformance command. Plain JavaScript, so that it runs before anything is installed:
// in a checkout whose node_modules lacks a pinned dependency (a fresh clone, or a pull that
// changed package.json) it first runs `npm ci`, saying so; then it loads tsx and the CLI
// (scripts/cli.ts). An installed package gets its dependencies from npm install.
// POD_CONFORMANCE_NO_INSTALL=1 turns the install into a failure that names what is missing: for
// the unit tests (test/cli.test.ts), which must not change the checkout they test, and for CI
// that installs on its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

function fail(message) {
  console.error(`error: ${message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor] = manifest.engines.node.replace(/^>=/, '').split('.').map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor))
  fail(`pod-conformance needs Node.js ${manifest.engines.node}, this is ${process.version}; install a newer Node.js`);

/** Pinned dependencies that node_modules lacks or holds in another version. */
function notInstalled() {
  const pinned = { ...manifest.dependencies, ...manifest.devDependencies };
  return Object.entries(pinned).filter(([name, version]) => {
    const installed = resolve(root, 'node_modules', name, 'package.json');
    return !existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== version;
  });
}

// package-lock.json marks a checkout: npm pack leaves it out of the package.
if (existsSync(resolve(root, 'package-lock.json'))) {
  const missing = notInstalled();
  if (missing.length > 0) {
    const what =
      missing.length === 1 ? missing[0].join('@') : `${missing.length} of them, first ${missing[0].join('@')}`;
    if (process.env.POD_CONFORMANCE_NO_INSTALL === '1')
      fail(
        `node_modules in ${root} lacks ${what} and POD_CONFORMANCE_NO_INSTALL=1 forbids installing; run npm ci there`,
      );
    // stdout stays the command's own (`$(npm run -s …)` reads it): npm's lines go to stderr.
    console.error(`pod-conformance: installing the pinned dependencies (node_modules lacks ${what}): npm ci`);
    const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (npm.status !== 0)
      fail(`npm ci in ${root} failed (${npm.error?.message ?? `exit ${npm.status}`}); see its output above`);
  }
}

// The CLI as one bundle (scripts/cucumber/support-bundle.mjs, rebuilt when a source changes): loading it
// through tsx cost about 1.5 s of CPU before the first phase of a run.
const { cliBundle } = await import('../scripts/cucumber/support-bundle.mjs');
const cli = await cliBundle({ root, log: (line) => console.error(`pod-conformance: ${line}`) });
for (const vendor of cli.vendor) await import(pathToFileURL(vendor).href);
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(cli.bundle).href);
// Exit at once: a finished run leaves watchers and timers behind that would keep the process up.
process.exit(await main(process.argv.slice(2)));
