/**
 * Draws a TimelineModel as one plain SVG document (no scripts, no external fonts or ids, so it
 * can be inlined many times in one page): a time axis from the pod's creation, one lane per
 * container with its runs as bars (exit code and reason) and its waiting reasons, the events
 * (probe failures, kills, hook failures) as marks, when hooks ran (their failure events and the
 * markers they wrote) as marks across the container lanes, the conditions as True/False bands, the delete
 * request with its grace period and the removal, and every bound a step asserted as a band with
 * the measured moment inside (or outside) it.
 */
import type { Bound, ContainerLane, EventMark, Failure, HookMark, TimelineModel } from './timeline-model.ts';
import {
  W,
  LEFT,
  FONT,
  COLORS,
  escapeXml,
  clip,
  tickStep,
  secondsLabel,
  Canvas,
  stagger,
  inside,
  textWidth,
} from './timeline-canvas.ts';

function runColor(exitCode: number | undefined, finished: boolean): string {
  if (!finished) return COLORS.running;
  return exitCode === 0 ? COLORS.exit0 : COLORS.failed;
}

function drawContainer(c: Canvas, lane: ContainerLane, y: number): void {
  c.label(y + 14, lane.name, `${lane.kind} container · ${lane.runs.length} run(s)`);
  for (const w of lane.waiting) {
    const x1 = c.x(w.from);
    const width = c.x(w.to) - x1;
    c.rect(
      x1,
      y + 7,
      width,
      12,
      `fill="${COLORS.waitFill}" stroke="${COLORS.waitLine}" stroke-dasharray="3 2"`,
      `waiting: ${w.reason} (observed ${secondsLabel(c.rel(w.from))} … ${secondsLabel(c.rel(w.to))}, harness clock)`,
    );
    if (width > w.reason.length * 5.5 + 6)
      c.text(x1 + 4, y + 17, w.reason, 'font-size="9" font-style="italic" fill="#57606a"');
  }
  for (const r of lane.runs) {
    const finished = r.finishedAt !== undefined;
    const x1 = c.x(r.startedAt);
    const x2 = c.x(r.finishedAt ?? c.end);
    const outcome = finished ? `exit ${r.exitCode ?? '?'}${r.reason ? ` ${r.reason}` : ''}` : 'running';
    const span = finished ? `${secondsLabel(((r.finishedAt ?? 0) - r.startedAt) / 1000)}` : 'still running';
    const title =
      `run ${r.index}: started ${secondsLabel(c.rel(r.startedAt))}` +
      (finished
        ? `, finished ${secondsLabel(c.rel(r.finishedAt ?? 0))} (${span}), ${outcome}`
        : ', running at the end');
    c.rect(x1, y + 3, x2 - x1, 20, `rx="3" fill="${runColor(r.exitCode, finished)}"`, title);
    const body = `run ${r.index} · ${outcome} · ${span}`;
    if (x2 - x1 > body.length * 6 + 8) c.text(x1 + 5, y + 17, body, 'font-size="11" fill="#fff" font-weight="600"');
    else if (x2 - x1 > 40) c.text(x1 + 4, y + 17, `run ${r.index}`, 'font-size="11" fill="#fff" font-weight="600"');
    if (r.index > 1) {
      c.line(x1, y, x1, y + 26, `stroke="#1f2328" stroke-width="1.5"`);
      c.text(x1 + 2, y - 1, `↻ restart ${r.index - 1}`, 'font-size="10" fill="#1f2328"');
    }
  }
}
function drawBound(c: Canvas, b: Bound, y: number): void {
  const color = b.withinBounds ? COLORS.boundOk : COLORS.boundBad;
  c.label(
    y + 14,
    'asserted bound',
    b.unfinished ? 'never came: waited until ✗' : b.withinBounds ? 'measured inside it' : 'measured OUTSIDE it',
  );
  const x0 = c.x(b.from);
  const xe = c.x(b.earliest);
  const xl = c.x(b.latest);
  c.text(x0 + 3, y + 9, clip(`${b.subject}: ${b.derivation}`, 150), 'font-size="10" fill="#57606a"');
  c.line(x0, y + 21, xe, y + 21, `stroke="${color}" stroke-dasharray="2 3"`);
  c.line(x0, y + 13, x0, y + 29, `stroke="${color}" stroke-width="1.5"`);
  c.rect(xe, y + 13, xl - xe, 16, `fill="${color}" fill-opacity="0.18" stroke="${color}"`, `asserted: ${b.derivation}`);
  if (b.measuredAt !== undefined) {
    const xm = c.x(b.measuredAt);
    if (b.unfinished) {
      // The wait ran on past the band without the moment: a dotted line to where it gave up, and a cross.
      c.line(xl, y + 21, xm, y + 21, `stroke="${color}" stroke-dasharray="2 3"`);
      c.text(xm - 6, y + 26, '✗', `font-size="15" font-weight="700" fill="${color}"`);
    } else c.line(xm, y + 11, xm, y + 31, `stroke="${color}" stroke-width="3"`);
  }
  const bounds = `bounds ${secondsLabel((b.earliest - b.from) / 1000)} … ${secondsLabel((b.latest - b.from) / 1000)}`;
  const text = b.unfinished
    ? `✗ not yet after ${b.seconds} s, ${bounds}`
    : `${b.withinBounds ? '✓' : '✗'} measured ${b.seconds} s, ${bounds}`;
  // Right of the band (and of the end of the wait) when it fits, else left of it on a white ground.
  const width = textWidth(text, 11) + 6;
  const after = Math.max(xl, b.unfinished && b.measuredAt !== undefined ? c.x(b.measuredAt) + 8 : xl) + 6;
  const tx = after + width < W - 4 ? after : inside(Math.max(LEFT, xe - width - 8), width);
  c.rect(tx - 2, y + 14, width + 4, 14, 'fill="#ffffff"');
  c.text(tx, y + 25, text, `font-size="11" font-weight="600" fill="${color}"`);
}

/** The failed step at its moment: a red line across every lane, the step and the message beside it. */
function drawFailure(c: Canvas, f: Failure, y: number): void {
  const x = c.x(f.at);
  c.label(y + 14, 'failed step', 'its end, harness clock');
  c.line(x, 40, x, y + 30, `stroke="${COLORS.boundBad}" stroke-width="2.5"`);
  // Beside the line where it fits, else from the left edge of the plot, clipped to the picture.
  const room = (size: number) => Math.floor((W - 4 - LEFT) / (size * 0.6));
  const first = clip(`✗ ${secondsLabel(c.rel(f.at))}: ${f.step}`, room(11));
  const second = clip(f.message, room(10));
  const width = Math.max(textWidth(first, 11), textWidth(second, 10));
  const tx = x + 6 + width < W - 4 ? x + 6 : x - width - 6 >= LEFT ? x - width - 6 : LEFT;
  c.rect(tx - 2, y + 3, width + 4, 30, 'fill="#ffffff"');
  c.text(tx, y + 15, first, `font-size="11" font-weight="700" fill="${COLORS.boundBad}"`);
  c.text(tx, y + 29, second, `font-size="10" fill="${COLORS.boundBad}"`);
}

/**
 * What the pod is in its scenario, in one line (the picture's caption, shown by the report
 * instead of a file name): its containers and runs, its deletion, and what failed.
 */
export function roleCaption(m: TimelineModel): string {
  const kinds = (['init', 'app', 'ephemeral'] as const).flatMap((kind) => {
    const lanes = m.containers.filter((c) => c.kind === kind);
    if (lanes.length === 0) return [];
    const names = lanes.map((l) => `"${l.name}"${l.runs.length > 1 ? ` ×${l.runs.length} runs` : ''}`).join(', ');
    return [`${kind} ${names}`];
  });
  const parts = [`pod "${m.pod}"`, kinds.join('; ') || 'no container started'];
  const d = m.deletion;
  if (d)
    parts.push(
      `deleted${d.graceSeconds > 0 ? ` (grace ${d.graceSeconds} s)` : ' (forced)'}${
        d.removedAt !== undefined ? `, removed +${secondsLabel((d.removedAt - d.requestedAt) / 1000)}` : ', not removed'
      }`,
    );
  const out = m.bounds.filter((b) => !b.withinBounds);
  if (out.length > 0) parts.push(`✗ ${out.map((b) => b.subject).join('; ')}`);
  else if (m.bounds.length > 0) parts.push(`✓ ${m.bounds.length} timing(s) within bounds`);
  if (m.failure) parts.push(`✗ failed at ${secondsLabel((m.failure.at - m.origin) / 1000)}`);
  return parts.join(' · ');
}

/** The hooks lane: one mark per hook event or marker, labels staggered; a hook's mark runs up through the container lanes. */
function drawHooks(c: Canvas, hooks: HookMark[], y: number, containersBottom: number): number {
  const aligned = hooks.some((h) => h.clock === 'marker');
  c.label(y + 12, 'hooks & markers', aligned ? 'markers aligned to a container start' : 'hook events');
  const labels = hooks.map((h) => `${h.hook && h.clock === 'marker' ? '◆ ' : ''}${h.label}`);
  const rows = stagger(
    hooks.map((h, i) => {
      const width = (labels[i] ?? '').length * 6.2;
      return { x: inside(c.x(h.at) - 3, width), width };
    }),
    4,
  );
  hooks.forEach((h, i) => {
    const color = h.failed ? COLORS.warn : h.hook ? COLORS.hook : COLORS.normal;
    const x = c.x(h.at);
    const top = y + (rows[i] ?? 0) * 22;
    if (h.hook)
      c.line(x, 40, x, containersBottom, `stroke="${color}" stroke-width="1" stroke-dasharray="2 2" opacity="0.7"`);
    const clock = h.clock === 'event' ? 'event time' : 'node uptime, aligned to a container start';
    c.dot(x, top + 16, color, `${h.label} at ${secondsLabel(c.rel(h.at))} (${clock}): ${h.detail}`);
    c.text(x - 3, top + 9, labels[i] ?? '', `font-size="11" fill="${color}"`);
  });
  return Math.max((Math.max(...rows) + 1) * 22, 26) + 12;
}

/** Events of the same kind (warning or not) at the same second share one mark: "Pulled · Created · Started". */
export function groupEvents(events: EventMark[]): EventMark[] {
  const groups: EventMark[] = [];
  for (const e of events) {
    const last = groups.at(-1);
    if (last && !e.warning && !last.warning && last.at === e.at && last.lastAt === e.lastAt && last.count === e.count) {
      groups[groups.length - 1] = {
        ...last,
        reason: `${last.reason} · ${e.reason}`,
        message: `${last.message}; ${e.message}`,
      };
    } else {
      groups.push(e);
    }
  }
  return groups;
}

export function timelineSvg(m: TimelineModel): string {
  const c = new Canvas(m.origin, m.end);
  let y = 52;
  for (const lane of m.containers) {
    drawContainer(c, lane, y);
    y += 34;
  }
  const containersBottom = y - 6;
  if (m.hooks.length > 0) y += drawHooks(c, m.hooks, y, containersBottom);

  // Events: marks on one lane, labels staggered over up to six rows so none overlap.
  const events = groupEvents(m.events);
  if (events.length > 0) {
    const labels = events.map(
      (e) => `${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}${e.warning ? `: ${clip(e.message, 38)}` : ''}`,
    );
    const rows = stagger(
      events.map((e, i) => {
        const width = (labels[i] ?? '').length * 6.2;
        return { x: inside(c.x(e.at) - 3, width), width };
      }),
      6,
    );
    const depth = Math.max(...rows) + 1;
    c.label(y + 12, 'events', 'kubelet and scheduler, first … last');
    events.forEach((e, i) => {
      const color = e.warning ? COLORS.warn : COLORS.normal;
      const x = c.x(e.at);
      const top = y + (rows[i] ?? 0) * 22;
      if (e.warning || e.reason === 'Killing')
        c.line(x, 40, x, containersBottom, `stroke="${color}" stroke-width="1" stroke-dasharray="4 3" opacity="0.7"`);
      const title = `${e.reason}${e.count > 1 ? ` ×${e.count}` : ''}${e.container ? ` (${e.container})` : ''} at ${secondsLabel(c.rel(e.at))}${e.lastAt ? ` … ${secondsLabel(c.rel(e.lastAt))}` : ''}: ${e.message}`;
      if (e.lastAt !== undefined) c.line(x, top + 16, c.x(e.lastAt), top + 16, `stroke="${color}" stroke-width="2"`);
      c.dot(x, top + 16, color, title);
      if (e.lastAt !== undefined) c.dot(c.x(e.lastAt), top + 16, color, title);
      c.text(x - 3, top + 9, labels[i] ?? '', `font-size="11" fill="${color}"`);
    });
    y += Math.max(depth * 22, 26) + 12;
  }

  if (m.conditions.length > 0) c.text(8, y - 2, 'conditions', 'font-size="10" fill="#57606a"');
  for (const lane of m.conditions) {
    c.text(8, y + 13, lane.type, 'font-size="11" font-weight="600" fill="#1f2328"');
    lane.changes.forEach((ch, i) => {
      const next = lane.changes[i + 1]?.at ?? m.deletion?.removedAt ?? m.end;
      const x1 = c.x(ch.at);
      const width = c.x(next) - x1;
      const fill = ch.status === 'True' ? COLORS.trueFill : COLORS.falseFill;
      const title = `${lane.type}=${ch.status}${ch.reason ? ` (${ch.reason})` : ''} from ${secondsLabel(c.rel(ch.at))}`;
      c.rect(x1, y + 2, width, 14, `fill="${fill}"`, title);
      const body = `${ch.status}${ch.reason ? ` ${ch.reason}` : ''}`;
      if (width > body.length * 5.6 + 6) c.text(x1 + 3, y + 13, body, 'font-size="10" fill="#1f2328"');
      c.line(x1, y, x1, y + 18, `stroke="#1f2328" stroke-width="1"`);
    });
    y += 21;
  }

  if (m.deletion) {
    const d = m.deletion;
    y += 6;
    c.label(y + 12, 'deletion', d.graceSeconds > 0 ? `grace period ${d.graceSeconds} s` : 'forced (grace 0)');
    const xr = c.x(d.requestedAt);
    c.rect(
      xr,
      y + 2,
      c.x(d.deadline) - xr,
      20,
      `fill="${COLORS.grace}" stroke="${COLORS.delete}" stroke-dasharray="3 2"`,
      `grace period: ${d.graceSeconds} s until the kubelet kills what still runs`,
    );
    c.line(xr, 40, xr, y + 24, `stroke="${COLORS.delete}" stroke-width="2"`);
    const request = `DELETE requested${d.graceSeconds > 0 ? ` · grace ${d.graceSeconds} s` : ''}`;
    const rx = xr + 4 + request.length * 6.5 < W ? xr + 4 : xr - request.length * 6.5 - 4;
    c.text(rx, y + 15, request, `font-size="11" font-weight="600" fill="${COLORS.delete}"`);
    if (d.removedAt !== undefined) {
      const xx = c.x(d.removedAt);
      c.line(xx, 40, xx, y + 24, `stroke="#1f2328" stroke-width="2.5"`);
      const text = `removed +${secondsLabel((d.removedAt - d.requestedAt) / 1000)}`;
      const tx = xx + 4 + text.length * 6.5 < W ? xx + 4 : xx - text.length * 6.5 - 4;
      c.text(tx, y + 34, text, 'font-size="11" font-weight="700" fill="#1f2328"');
    }
    y += 40;
  }

  for (const b of m.bounds) {
    drawBound(c, b, y);
    y += 38;
  }

  if (m.failure) {
    drawFailure(c, m.failure, y);
    y += 40;
  }

  // The axis and grid span every lane, so they are drawn once the height is known, below the lanes.
  const height = y + 48;
  const step = tickStep((m.end - m.origin) / 1000);
  const axis: string[] = [];
  for (let s = 0; m.origin + s * 1000 <= m.end + 1; s += step) {
    const x = c.x(m.origin + s * 1000);
    axis.push(
      `<line x1="${x.toFixed(1)}" y1="40" x2="${x.toFixed(1)}" y2="${y}" stroke="${COLORS.grid}"/>`,
      `<text x="${x.toFixed(1)}" y="36" font-size="10" fill="#57606a" text-anchor="middle">${escapeXml(secondsLabel(s))}</text>`,
    );
  }
  const title = `pod "${m.pod}": ${secondsLabel((m.end - m.origin) / 1000)} from creation (${new Date(m.origin).toISOString()}), cluster timestamps`;
  const legend = [
    'bars: container runs (green running, grey exit 0, red non-zero) · dashed: waiting reason as observed (harness clock) · ' +
      'dots: events (red = warning), hooks (purple; ◆ a marker the hook wrote)',
    'bands: conditions, grace period, asserted bounds (thick tick = measured, ✗ = never came) · red line: the failed step',
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" ${FONT}>`,
    `<desc>${escapeXml(roleCaption(m))}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${height}" fill="#ffffff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="700" fill="#1f2328">${escapeXml(clip(title, 140))}</text>`,
    ...axis,
    ...c.parts,
    ...legend.map(
      (line, i) => `<text x="8" y="${height - 26 + i * 14}" font-size="10" fill="#57606a">${escapeXml(line)}</text>`,
    ),
    '</svg>',
  ].join('\n');
}
