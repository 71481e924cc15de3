/**
 * The small HTML vocabulary the generated pages share (behaviours view, matrix): escaping, result
 * badges and one stylesheet. Every page is one self-contained file: inline CSS, no scripts from
 * elsewhere, no fonts or images fetched, so it opens from disk with no outside calls.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = string | number | undefined | null | false | Html | Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));
}

/** A result word as a coloured badge: passed, failed, skipped, not-run, pending, out-of-scope. */
export function badge(result: string, title?: string): Html {
  return html`<span class="badge ${result}" title="${title ?? ''}">${result.replace(/-/g, ' ')}</span>`;
}

export const STYLE = `
:root { --ok:#1a7f37; --bad:#cf222e; --skip:#9a6700; --muted:#57606a; --line:#d0d7de; --flag:#bc4c00; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: #f6f8fa; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { color: var(--muted); }
main { padding: 8px 24px 40px; }
a { color: #0969da; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: left; }
th { position: sticky; top: 0; background: #fff; font-weight: 600; z-index: 1; }
h2 { font-size: 16px; margin: 24px 0 6px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.passed { background: var(--ok); } .badge.failed { background: var(--bad); }
.badge.skipped { background: var(--skip); } .badge.not-run, .badge.pending, .badge.out-of-scope, .badge.absent { background: #8c959f; }
.id { font-weight: 700; white-space: nowrap; }
.must { max-width: 34em; }
.passage { font-size: 13px; max-width: 30em; }
.passage q { quotes: "「" "」"; }
.upstream { margin-top: 6px; }
.upstream ul { margin: 2px 0; padding-left: 16px; }
.upstream li { margin-bottom: 3px; }
.gloss, .reason, .small { color: var(--muted); font-size: 12px; }
.flag { border-left: 3px solid var(--flag); padding: 2px 8px; margin-top: 6px; font-size: 12px; background: #fff8f0; }
.flag b { color: var(--flag); }
.flag.contradicted b { color: var(--bad); }
.totals span { margin-right: 14px; }
details { margin: 2px 0; }
summary { cursor: pointer; }
.timeline { margin: 6px 0; border: 1px solid var(--line); background: #fff; overflow-x: auto; }
.timeline svg { display: block; max-width: 100%; height: auto; }
ul.scen { margin: 0; padding-left: 16px; }
.measure { font-size: 12px; }
.measure.out { color: var(--bad); font-weight: 600; }
tr.differs td:first-child { border-left: 3px solid var(--flag); }
.attention { margin: 6px 0; padding: 4px 10px; border-left: 4px solid var(--bad); background: #fff5f5; }
.attention.skipped { border-left-color: var(--skip); background: #fffbeb; }
.attention ul { margin: 2px 0; padding-left: 18px; }
.filter { margin: 6px 0; } .filter label { margin-right: 12px; cursor: pointer; }
.context { font-size: 12px; white-space: pre-wrap; background: #f6f8fa; padding: 4px 6px; }
li.scenario { margin-bottom: 4px; }
tr.evidence > td { border-top: none; padding-top: 0; }
tr.behaviour:has(+ tr.evidence) > td { border-bottom: none; }
.scenario-timelines { margin: 4px 0 10px; }
.scenario-timelines summary { font-size: 12px; }
li.scenario.failed > .reason { color: var(--bad); font-weight: 600; }
`;

/** A complete page: the shared stylesheet inline, the given header and main content. */
export function page(title: string, header: Html, main: Html, style = ''): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>pod-conformance: ${title}</title>
        <style>
          ${new Html(STYLE + style)}
        </style>
      </head>
      <body>
        <header>${header}</header>
        <main>${main}</main>
      </body>
    </html>`.value;
}
