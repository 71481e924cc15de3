/**
 * What a failed scenario leaves for the person reading the report: every pod of the namespace as
 * YAML, the namespace's events in time order, current and previous logs of every container, and
 * the recorded timeline of each pod. Collected before the namespace is deleted.
 */
import { stringify } from 'yaml';
import { describeEvent, type EventJson } from './events.ts';
import type { KubeClients } from './kube/clients.ts';
import { call } from './kube/errors.ts';
import { formatTimeline } from './pods/history.ts';
import type { PodRecorder } from './pods/recorder.ts';
import type { PodJson } from './pods/snapshot.ts';

export interface EvidenceItem {
  name: string;
  mediaType: string;
  body: string;
}

export function timelineEvidence(recorder: PodRecorder): EvidenceItem[] {
  return recorder.podNames().map((name) => ({
    name: `timeline-${name}.txt`,
    mediaType: 'text/plain',
    body: [formatTimeline(name, recorder.timeline(name)), '', ...recorder.notices].join('\n'),
  }));
}

async function safely(what: string, fn: () => Promise<string>): Promise<string> {
  try {
    return await fn();
  } catch (err) {
    return `(could not read ${what}: ${err instanceof Error ? err.message : String(err)})`;
  }
}

export async function collectEvidence(clients: KubeClients, namespace: string): Promise<EvidenceItem[]> {
  const items: EvidenceItem[] = [];
  const pods = await clients.http
    .request<{ items: PodJson[] }>('GET', `/api/v1/namespaces/${namespace}/pods`)
    .then((l) => l.items)
    .catch(() => [] as PodJson[]);
  items.push({
    name: 'pods.yaml',
    mediaType: 'text/yaml',
    body: pods.map((p) => stringify(p)).join('---\n') || '# no pods',
  });

  const events = await safely('events', async () => {
    const list = await clients.http.request<{ items: EventJson[] }>('GET', `/api/v1/namespaces/${namespace}/events`);
    const time = (e: EventJson) =>
      e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '';
    return list.items
      .sort((a, b) => time(a).localeCompare(time(b)))
      .map((e) => `${time(e)} ${e.type ?? ''} ${e.involvedObject.kind}/${e.involvedObject.name}: ${describeEvent(e)}`)
      .join('\n');
  });
  items.push({ name: 'events.txt', mediaType: 'text/plain', body: events || '(no events)' });

  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const c of statuses) {
      const log = (previous: boolean) =>
        safely(`${previous ? 'previous ' : ''}log of ${name}/${c.name}`, () =>
          call('read log', () =>
            clients.core.readNamespacedPodLog({ namespace, name, container: c.name, previous, timestamps: true }),
          ),
        );
      items.push({ name: `log-${name}-${c.name}.txt`, mediaType: 'text/plain', body: (await log(false)) || '(empty)' });
      if (c.restartCount > 0 || c.lastState?.terminated) {
        items.push({
          name: `log-${name}-${c.name}-previous.txt`,
          mediaType: 'text/plain',
          body: (await log(true)) || '(empty)',
        });
      }
    }
  }
  return items;
}
