/**
 * What a failed scenario leaves for the person reading the report: every pod of the namespace as
 * YAML, the namespace's events in time order, current and previous logs of every container, and
 * the recorded timeline of each pod. Collected before the namespace is deleted.
 */
import { stringify } from 'yaml';
import { describeEvent, type EventJson } from '../checks/events.ts';
import type { KubeClients } from '../kube/clients.ts';
import { call } from '../kube/errors.ts';
import { MEASUREMENTS_FILE, MEASUREMENTS_MEDIA_TYPE, measurementsAttachment } from '../measurements.ts';
import { formatTimeline } from '../pods/history.ts';
import type { Failure } from './timeline-model.ts';
import { timelineModel } from './timeline-model.ts';
import { timelineSvg } from './timeline-svg.ts';
import type { PodRecorder } from '../pods/recorder.ts';
import type { HostPathRead } from '../actions/written-evidence.ts';
import type { PodJson } from '../kube/json.ts';
import { readContainerLog } from '../kube/logs.ts';

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

/** The timings the scenario's steps measured, as data (collected into reports/conformance.json). */
export function measurementEvidence(recorder: PodRecorder): EvidenceItem[] {
  if (recorder.measurements.length === 0) return [];
  return [
    {
      name: MEASUREMENTS_FILE,
      mediaType: MEASUREMENTS_MEDIA_TYPE,
      body: measurementsAttachment(recorder.measurements),
    },
  ];
}

/**
 * One SVG picture per recorded pod: runs, waiting reasons, events, hooks and markers, conditions,
 * deletion, asserted bounds.
 */
export function timelinePictures(
  recorder: PodRecorder,
  events: EventJson[],
  reads: HostPathRead[] = [],
  failure?: Failure,
): EvidenceItem[] {
  return recorder.podNames().flatMap((name) => {
    const model = timelineModel(name, recorder.timeline(name), events, recorder.measurements, reads, failure);
    return model ? [{ name: `timeline-${name}.svg`, mediaType: 'image/svg+xml', body: timelineSvg(model) }] : [];
  });
}

/**
 * What every scenario leaves, passed or failed: each pod's recorded timeline as text and as a
 * picture (with the failed step's moment, when one failed), and the measured timings. Read while
 * the namespace (and its events) still exist.
 */
export async function recordedEvidence(
  clients: KubeClients,
  namespace: string,
  recorder: PodRecorder,
  reads: HostPathRead[] = [],
  failure?: Failure,
): Promise<EvidenceItem[]> {
  const events =
    recorder.podNames().length === 0
      ? []
      : await clients.http
          .request<{ items: EventJson[] }>('GET', `/api/v1/namespaces/${namespace}/events`)
          .then((l) => l.items)
          .catch(() => [] as EventJson[]);
  return [
    ...timelineEvidence(recorder),
    ...timelinePictures(recorder, events, reads, failure),
    ...measurementEvidence(recorder),
  ];
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
            readContainerLog(clients, namespace, name, { container: c.name, previous, timestamps: true }),
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

/**
 * The same evidence from each further namespace of the scenario (`Given another namespace`), its
 * files named after the alias (`namespace-other-events.txt`) beside the scenario namespace's own.
 */
export async function collectFurtherEvidence(
  clients: KubeClients,
  namespaces: ReadonlyMap<string, string>,
): Promise<EvidenceItem[]> {
  const items: EvidenceItem[] = [];
  for (const [alias, namespace] of namespaces) {
    items.push(...inNamespaceEvidence(alias, await collectEvidence(clients, namespace)));
  }
  return items;
}

/** Evidence items of a further namespace, named so they cannot be taken for the scenario namespace's. */
export function inNamespaceEvidence(alias: string, items: EvidenceItem[]): EvidenceItem[] {
  return items.map((item) => ({ ...item, name: `namespace-${alias}-${item.name}` }));
}
