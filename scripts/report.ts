/**
 * npm run report: Allure results (reports/allure-results) → one self-contained HTML file
 * (reports/html/index.html) with the analytics script Allure 3 always embeds removed, so the file
 * handed to auditors makes no outside calls.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

const ROOT = resolve(import.meta.dirname, '..');

/** Removes Allure's Google Tag Manager loader and its gtag() configuration script. */
export function stripAnalytics(html: string): string {
  const stripped = html
    .replace(/<script[^>]*src="https:\/\/www\.googletagmanager\.com\/[^"]*"[^>]*><\/script>\s*/g, '')
    .replace(/<script>\s*window\.dataLayer = window\.dataLayer \|\| \[\];[\s\S]*?<\/script>\s*/g, '');
  if (/googletagmanager|gtag\(/.test(stripped)) {
    throw new Error('the Allure report still contains analytics after stripping; update stripAnalytics()');
  }
  return stripped;
}

export async function generateReport(
  results = resolve(ROOT, 'reports/allure-results'),
  output = resolve(ROOT, 'reports/html'),
): Promise<string> {
  if (!existsSync(results) || readdirSync(results).length === 0) {
    throw new Error(`no Allure results in ${results}: run the scenarios first (npm test or npm run scenarios)`);
  }
  const allure = resolve(ROOT, 'node_modules/.bin/allure');
  const run = await execa(
    allure,
    ['generate', results, '--config', resolve(ROOT, 'allurerc.mjs'), '--output', output],
    {
      cwd: ROOT,
      reject: false,
      all: true,
    },
  );
  if (run.exitCode !== 0)
    throw new Error(`allure generate failed (exit ${run.exitCode}): ${run.all?.trim().split('\n').at(-1) ?? ''}`);
  const index = resolve(output, 'index.html');
  writeFileSync(index, stripAnalytics(readFileSync(index, 'utf8')));
  return index;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  generateReport().then(
    (index) => console.log(`report: ${index}`),
    (err: unknown) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
