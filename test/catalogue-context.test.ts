/**
 * Every citation can be followed without the reference articles: each article-sourced behaviour's
 * passage ships with its context (scripts/report/article-context.yaml), and the context holds the passage.
 */
import { describe, expect, it } from 'vitest';
import { fromArticle, loadArticleContext, loadCatalogue } from '../scripts/report/catalogue.ts';

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('article passages in their context', () => {
  const catalogue = loadCatalogue();
  const context = loadArticleContext();
  const cited = catalogue.behaviours.filter(fromArticle);

  it('has the context of all but a few paraphrased passages', () => {
    const missing = cited.filter((b) => !context[b.id]).map((b) => b.id);
    expect(missing.length, `no context for ${missing.join(', ')}`).toBeLessThanOrEqual(2);
  });

  it('holds each passage (its longest piece between ellipses) in its context', () => {
    for (const b of cited.filter((x) => context[x.id])) {
      const pieces = squeeze(b.passage ?? '')
        .split(/…|\.\.\./)
        .filter(Boolean);
      const longest = pieces.sort((x, y) => y.length - x.length)[0] ?? '';
      expect(squeeze(context[b.id]!), b.id).toContain(longest);
    }
  });

  it('names no behaviour the catalogue lacks', () => {
    const ids = new Set(cited.map((b) => b.id));
    expect(Object.keys(context).filter((id) => !ids.has(id))).toEqual([]);
  });
});
