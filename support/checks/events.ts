/**
 * Events about an object, matched by reason and a message pattern. Events are best-effort and
 * deduplicated by the cluster (one Event with a growing count or series), so a match means "at
 * least one occurrence", and waits allow for the delay with which events are recorded.
 */
import { patternText } from '../assert.ts';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Duration } from '../duration.ts';
import type { KubeHttp } from '../kube/http.ts';
import { jsonSource } from '../watch/sources.ts';
import type { Jsonified } from '../kube/json.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';

export type EventJson = Jsonified<CoreV1Event>;

export interface EventQuery {
  kind: string;
  name: string;
  reason: string;
  message?: RegExp;
}

export function eventsSource(http: KubeHttp, namespace: string, kind: string, name: string) {
  return jsonSource<EventJson>(http, `/api/v1/namespaces/${namespace}/events`, {
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
}

/** What tells one Event from another in a watched collection of them. */
export const eventKey = (e: EventJson): string => e.metadata?.uid ?? e.metadata?.name ?? '';

export function describeEvent(e: EventJson): string {
  const count = e.series?.count ?? e.count ?? 1;
  return `${e.reason ?? '?'}${count > 1 ? ` ×${count}` : ''}: ${e.message ?? ''}`;
}

/** The first Event that matches, once one exists. */
export async function waitForEvent(
  http: KubeHttp,
  namespace: string,
  query: EventQuery,
  within: Duration,
): Promise<EventJson> {
  const pattern = query.message ? ` with a message matching ${patternText(query.message)}` : '';
  const matches = (e: EventJson) =>
    e.reason === query.reason && (!query.message || query.message.test(e.message ?? ''));
  const outcome = await waitForCollection(
    eventsSource(http, namespace, query.kind, query.name),
    eventKey,
    {
      what: `event "${query.reason}"${pattern} for ${query.kind.toLowerCase()} "${query.name}"`,
      holds: (events) => events.some(matches),
      observed: (events) => (events.length === 0 ? 'nothing' : events.map((e) => `"${describeEvent(e)}"`).join('; ')),
    },
    within,
  );
  return outcome.observed.find(matches)!;
}
