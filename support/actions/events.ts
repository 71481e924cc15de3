/**
 * Events about a pod: how many times something happened (summed over deduplicated Events), that
 * something did not happen, and which happened first, by the cluster's event times. Counting
 * waits end as soon as the count is reached.
 */
import { ConformanceAssertionError, fail } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { formatMs } from '../duration.ts';
import { AFTER_GRACE, REPORT_GRACE } from '../report-grace.ts';
import type { EventMatch } from '../checks/event-matching.ts';
import { describeMatch, earliest, summarise, totalOccurrences } from '../checks/event-matching.ts';
import type { EventJson } from '../checks/events.ts';
import { describeEvent, eventKey, eventsSource, waitForEvent } from '../checks/events.ts';
import type { ScenarioContext } from './context.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';

export class EventChecks {
  constructor(private readonly ctx: ScenarioContext) {}

  async list(kind: string, name: string): Promise<EventJson[]> {
    return (await eventsSource(this.ctx.clients.http, this.ctx.namespace, kind, name).list()).items;
  }

  /** The first Event with this reason (and a message matching, if given), once one exists. */
  async oneWithin(
    kind: string,
    name: string,
    reason: string,
    message: RegExp | undefined,
    within: Duration,
  ): Promise<void> {
    const subject = `${kind.toLowerCase()} "${name}"`;
    this.ctx.log(`waiting up to ${within.text} for event "${reason}" on ${subject}`);
    const started = Date.now();
    try {
      const event = await waitForEvent(
        this.ctx.clients.http,
        this.ctx.namespace,
        { kind, name, reason, message },
        within,
      );
      this.ctx.log(`event after ${formatMs(Date.now() - started)}: ${describeEvent(event)}`);
    } catch (err) {
      if (err instanceof ConformanceAssertionError) throw new ConformanceAssertionError(`${subject} ${err.message}`);
      throw err;
    }
  }

  async atLeastWithin(kind: string, name: string, count: number, match: EventMatch, within: Duration): Promise<void> {
    const subject = `${kind.toLowerCase()} "${name}"`;
    this.ctx.log(`waiting up to ${within.text} for ${count} × ${describeMatch(match)} on ${subject}`);
    const outcome = await waitForCollection(
      eventsSource(this.ctx.clients.http, this.ctx.namespace, kind, name),
      eventKey,
      {
        what: `${subject}: ${count} × ${describeMatch(match)}`,
        holds: (events) => totalOccurrences(events, match) >= count,
        observed: (events) => `${totalOccurrences(events, match)} occurrences; events:\n${summarise(events)}`,
        state: (events) => `${totalOccurrences(events, match)} occurrences in ${events.length} events`,
      },
      within,
    );
    const total = totalOccurrences(outcome.observed, match);
    this.ctx.log(`${subject}: ${total} × ${describeMatch(match)} after ${formatMs(outcome.elapsedMs)}`);
  }

  async expectNone(kind: string, name: string, match: EventMatch): Promise<void> {
    const events = await this.list(kind, name);
    const total = totalOccurrences(events, match);
    if (total > 0) {
      fail(
        `${kind.toLowerCase()} "${name}" events: expected no ${describeMatch(match)}, observed ${total}`,
        summarise(events, match.reason),
      );
    }
    this.ctx.log(`${kind.toLowerCase()} "${name}": no ${describeMatch(match)} (${events.length} events in all)`);
  }

  /**
   * The events, once each match has at least one, or after the report grace (support/report-grace.ts):
   * the kubelet's events go through a batching broadcaster and can lag the pod state the scenario
   * has just seen.
   */
  private async listHaving(kind: string, name: string, matches: EventMatch[]): Promise<EventJson[]> {
    const events = await this.list(kind, name);
    const all = (list: EventJson[]) => matches.every((m) => earliest(list, m));
    if (all(events)) return events;
    const subject = `${kind.toLowerCase()} "${name}"`;
    try {
      const outcome = await waitForCollection(
        eventsSource(this.ctx.clients.http, this.ctx.namespace, kind, name),
        eventKey,
        {
          what: `${subject}: ${matches.map(describeMatch).join(' and ')}`,
          holds: all,
          observed: (list) => summarise(list),
          state: (list) => `${list.length} events`,
        },
        REPORT_GRACE,
      );
      this.ctx.log(
        `${subject}: ${matches.map(describeMatch).join(' and ')} reported ${formatMs(outcome.elapsedMs)} after the check (a lagging report, within the ${REPORT_GRACE.text} grace)`,
      );
      return outcome.observed;
    } catch (err) {
      if (!(err instanceof ConformanceAssertionError)) throw err;
      return this.list(kind, name);
    }
  }

  /** The earliest matching Event's first time; fails when there is none (after the report grace). */
  async firstTime(kind: string, name: string, match: EventMatch): Promise<string> {
    const events = await this.listHaving(kind, name, [match]);
    const found = earliest(events, match);
    if (!found) {
      fail(
        `${kind.toLowerCase()} "${name}": expected a ${describeMatch(match)}, observed none ${AFTER_GRACE}`,
        summarise(events),
      );
    }
    return found.at;
  }

  /** `later` first happened no earlier than `earlier` first happened (whole-second event times). */
  async expectFirstNoEarlierThan(kind: string, name: string, later: EventMatch, earlier: EventMatch): Promise<void> {
    const events = await this.listHaving(kind, name, [earlier, later]);
    const a = earliest(events, earlier);
    const b = earliest(events, later);
    const subject = `${kind.toLowerCase()} "${name}" event order`;
    if (!a || !b) {
      throw new ConformanceAssertionError(
        `${subject}: expected both a ${describeMatch(earlier)} and a ${describeMatch(later)}, observed ${a ? '' : `no ${describeMatch(earlier)} `}${b ? '' : `no ${describeMatch(later)} `}${AFTER_GRACE}`,
        summarise(events),
      );
    }
    const gap = (Date.parse(b.at) - Date.parse(a.at)) / 1000;
    if (gap < 0) {
      fail(
        `${subject}: expected the first ${describeMatch(later)} no earlier than the first ${describeMatch(earlier)}, observed it ${-gap} s earlier (${b.at} < ${a.at})`,
        summarise(events),
      );
    }
    const line = `first ${describeMatch(earlier)} at ${a.at}, first ${describeMatch(later)} at ${b.at} (${gap} s later)`;
    this.ctx.log(line);
    this.ctx.attach(`timing-event-order-${later.reason}.txt`, `${subject}\n${line}\n\nevents:\n${summarise(events)}\n`);
  }
}
