/**
 * Every link inside the repository from README.md, ARCHITECTURE.md and docs/*.md resolves: the
 * file it names exists inside the repository, and its #anchor is a heading of that file (GitHub's
 * slugs). Links to the web are left alone. Links are read from the Markdown outside code (fenced
 * blocks and `inline code`), inline `[text](target)` and reference definitions `[label]: target`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** The Markdown without its code: fenced blocks, inline code spans and HTML comments blanked. */
export function withoutCode(markdown: string): string {
  let fenced = false;
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return '';
      }
      return fenced ? '' : line.replace(/(`+)[\s\S]*?\1/g, '');
    })
    .join('\n');
}

/** The link targets of a Markdown text, with their line numbers. */
export function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((text, i) => {
      for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
        links.push({ target: m[1]!, line: i + 1 });
      const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(text);
      if (definition) links.push({ target: definition[1]!, line: i + 1 });
    });
  return links;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown.replace(/`([^`]*)`/g, '$1')).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with the links of `file` (relative to `root`), one line each. */
export function brokenLinks(file: string, root = ROOT): string[] {
  const path = resolve(root, file);
  const problems: string[] = [];
  for (const { target, line } of linksOf(readFileSync(path, 'utf8'))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    const [rawPath = '', anchor] = target.split('#');
    const where = `${file}:${line}: ${target}`;
    const targetPath = rawPath === '' ? path : resolve(dirname(path), decodeURIComponent(rawPath));
    const inside = relative(root, targetPath);
    if (inside.startsWith('..')) {
      problems.push(`${where}: outside the repository`);
      continue;
    }
    if (!existsSync(targetPath)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor !== undefined && anchor !== '') {
      if (statSync(targetPath).isDirectory() || !targetPath.endsWith('.md')) {
        problems.push(`${where}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!headingAnchors(readFileSync(targetPath, 'utf8')).has(anchor.toLowerCase()))
        problems.push(`${where}: no heading #${anchor} in ${inside}`);
    }
  }
  return problems;
}

const DOCUMENTS = [
  'README.md',
  'ARCHITECTURE.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('the documentation', () => {
  it('links only to files and headings that exist inside the repository', () => {
    expect(DOCUMENTS.flatMap((f) => brokenLinks(f))).toEqual([]);
  });

  it('keeps the README to about one screen, and links every page of docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
    const linked = new Set(linksOf(readme).map((l) => l.target.split('#')[0]));
    expect(DOCUMENTS.filter((f) => f.startsWith('docs/') && !linked.has(f))).toEqual([]);
  });

  it('finds a broken file, a broken anchor and a link out of the repository', () => {
    const text = [
      '# A title',
      '## Two: words `code`',
      'See [one](#a-title), [two](#two-words-code), [bad](#nothing) and [gone](missing.md).',
      '[out]: ../elsewhere.md',
      '```',
      '[in code](ignored.md)',
      '```',
      'And `[inline](ignored.md)`, [web](https://example.com/x#y).',
    ].join('\n');
    expect(linksOf(text).map((l) => l.target)).toEqual([
      '#a-title',
      '#two-words-code',
      '#nothing',
      'missing.md',
      '../elsewhere.md',
      'https://example.com/x#y',
    ]);
    expect(headingAnchors(text)).toEqual(new Set(['a-title', 'two-words-code']));
    const root = mkdtempSync(join(tmpdir(), 'pc-links-'));
    writeFileSync(join(root, 'a.md'), text);
    expect(brokenLinks('a.md', root)).toEqual([
      'a.md:3: #nothing: no heading #nothing in a.md',
      'a.md:3: missing.md: no such file',
      'a.md:4: ../elsewhere.md: outside the repository',
    ]);
    expect(headingAnchors('## Measuring stability: `--repeat`\n## x\n## x')).toEqual(
      new Set(['measuring-stability---repeat', 'x', 'x-1']),
    );
  });
});
