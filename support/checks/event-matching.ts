/**
 * Reading Events the way the cluster writes them. The kubelet's recorder deduplicates: identical
 * events become one Event whose `count` (or `series.count`) grows, and after ten similar ones
 * within ten minutes it folds the rest into one "(combined from similar events): …" Event. An
 * exec probe's failure message often differs each time (it carries an exec ID), so one behaviour
 * can produce many Events. Hence: match by reason and an unanchored message pattern, count
 * occurrences across all matching Events, and take "when" from the earliest matching Event.
 */
import { patternText } from '../assert.ts';
import type { EventJson } from './events.ts';

export interface EventMatch {
  reason: string;
  /** Unanchored; tested against the message as stored (it may carry a "(combined …)" prefix). */
  message?: RegExp;
}

export function describeMatch(m: EventMatch): string {
  return `"${m.reason}"${m.message ? ` event matching ${patternText(m.message)}` : ' event'}`;
}

export function matches(e: EventJson, m: EventMatch): boolean {
  return e.reason === m.reason && (!m.message || m.message.test(e.message ?? ''));
}

/** How many times the event happened: series.count (events.k8s.io), else count, else once. */
export function occurrences(e: EventJson): number {
  return e.series?.count ?? e.count ?? 1;
}

/** When the event first happened, as the cluster recorded it. */
export function firstSeen(e: EventJson): string | undefined {
  return e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
}

/** When the event last happened. */
export function lastSeen(e: EventJson): string | undefined {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? firstSeen(e);
}

/** The latest version of every Event (by uid); a watch delivers several versions of one Event. */
export function latestVersions(events: EventJson[]): EventJson[] {
  const byUid = new Map<string, EventJson>();
  for (const e of events) byUid.set(e.metadata?.uid ?? `${e.metadata?.name ?? ''}`, e);
  return [...byUid.values()];
}

export function totalOccurrences(events: EventJson[], m: EventMatch): number {
  return latestVersions(events)
    .filter((e) => matches(e, m))
    .reduce((sum, e) => sum + occurrences(e), 0);
}

/** The earliest matching Event and its first time, or undefined when none matches. */
export function earliest(events: EventJson[], m: EventMatch): { event: EventJson; at: string } | undefined {
  let best: { event: EventJson; at: string } | undefined;
  for (const event of latestVersions(events)) {
    if (!matches(event, m)) continue;
    const at = firstSeen(event);
    if (at && (!best || Date.parse(at) < Date.parse(best.at))) best = { event, at };
  }
  return best;
}

/** One line per Event for messages: `Unhealthy ×3 (02:28:46Z–02:29:41Z): Liveness probe failed: …`. */
export function summarise(events: EventJson[], reason?: string): string {
  const shown = latestVersions(events).filter((e) => !reason || e.reason === reason);
  if (shown.length === 0) return reason ? `no "${reason}" event` : 'no event';
  return shown
    .sort((a, b) => (firstSeen(a) ?? '').localeCompare(firstSeen(b) ?? ''))
    .map((e) => {
      const n = occurrences(e);
      const first = firstSeen(e) ?? '?';
      const last = lastSeen(e) ?? first;
      const when = n > 1 && last !== first ? `${first}–${last}` : first;
      return `${e.reason ?? '?'}${n > 1 ? ` ×${n}` : ''} (${when}): ${(e.message ?? '').trim()}`;
    })
    .join('\n');
}
