/**
 * The drawing surface of a pod's timeline (support/evidence/timeline-svg.ts draws the lanes on it):
 * the picture's size and colours, a time-to-x scale from the pod's creation, SVG primitives that
 * escape their text, tick steps, second labels, and label rows that do not overlap.
 */
export const W = 1280;
export const LEFT = 230;
const RIGHT = 24;
const PLOT = W - LEFT - RIGHT;
export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export const COLORS = {
  running: '#2da44e',
  exit0: '#8c959f',
  failed: '#cf222e',
  waitFill: '#f6f8fa',
  waitLine: '#8c959f',
  trueFill: '#aceebb',
  falseFill: '#ffd8d3',
  warn: '#cf222e',
  normal: '#57606a',
  delete: '#0550ae',
  grace: '#ddf4ff',
  boundOk: '#2da44e',
  boundBad: '#cf222e',
  grid: '#eaeef2',
  hook: '#8250df',
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Seconds between ticks: the first step giving at most 14 ticks over the span. */
export function tickStep(spanSeconds: number): number {
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1800, 3600];
  return steps.find((s) => spanSeconds / s <= 14) ?? 3600;
}

export const secondsLabel = (s: number) =>
  Math.abs(s) >= 120 ? `${Math.round(s / 6) / 10} min` : `${Math.round(s * 10) / 10} s`;

export class Canvas {
  readonly parts: string[] = [];
  constructor(
    readonly origin: number,
    readonly end: number,
  ) {}

  x(t: number): number {
    const span = Math.max(this.end - this.origin, 1000);
    return LEFT + ((t - this.origin) / span) * PLOT;
  }

  rel(t: number): number {
    return (t - this.origin) / 1000;
  }

  /** Text kept inside the picture: moved left where it would run off the right edge. */
  text(x: number, y: number, body: string, attrs = ''): void {
    const size = Number(/font-size="([\d.]+)"/.exec(attrs)?.[1] ?? 11);
    const at = inside(x, textWidth(body, size));
    this.parts.push(`<text x="${at.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(body)}</text>`);
  }

  rect(x: number, y: number, w: number, h: number, attrs: string, title?: string): void {
    const inner = title ? `<title>${escapeXml(title)}</title>` : '';
    this.parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(w, 1.5).toFixed(1)}" height="${h}" ${attrs}>${inner}</rect>`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, attrs: string): void {
    this.parts.push(
      `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attrs}/>`,
    );
  }

  dot(x: number, y: number, color: string, title: string): void {
    this.parts.push(
      `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${color}"><title>${escapeXml(title)}</title></circle>`,
    );
  }

  label(y: number, body: string, sub?: string): void {
    this.text(8, y, clip(body, 34), 'font-size="12" font-weight="600" fill="#1f2328"');
    if (sub) this.text(8, y + 12, clip(sub, 40), 'font-size="10" fill="#57606a"');
  }
}

/** About how wide a text is drawn, in pixels (system-ui: 0.6 em a character, a little more for bold). */
export function textWidth(body: string, size = 11): number {
  return body.length * size * 0.6;
}

/** The x where a text of `width` starts so it ends inside the picture (and starts inside it). */
export function inside(x: number, width: number): number {
  return Math.max(2, Math.min(x, W - 4 - width));
}

/** Greedy rows for labels so that none overlap: returns the row of each item. */
export function stagger(items: { x: number; width: number }[], rows: number): number[] {
  const ends: number[] = Array.from({ length: rows }, () => -Infinity);
  return items.map((item) => {
    let row = ends.findIndex((e) => e + 6 <= item.x);
    if (row < 0) row = ends.indexOf(Math.min(...ends));
    ends[row] = item.x + item.width;
    return row;
  });
}
