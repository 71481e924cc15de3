/**
 * Watch sources over the API server. Pods are listed and watched with Table printing
 * (`as=Table`, `includeObject=Object`), so every observed state carries both the full pod and the
 * STATUS column `kubectl get pod` shows for exactly that state.
 */
import type { PodJson } from '../kube/json.ts';
import type { WatchEvent, WatchSource } from './resumable-watch.ts';
import type { ApiStatus } from '../kube/errors.ts';
import { isNotFound } from '../kube/errors.ts';
import type { KubeHttp, Query } from '../kube/http.ts';
import { TABLE_ACCEPT } from '../kube/http.ts';

/** What a pod watch delivers: the pod and, when the source uses Table printing, its STATUS column. */
export interface PodObservation {
  pod: PodJson;
  printedStatus?: string;
}

interface TableJson {
  kind?: string;
  metadata?: { resourceVersion?: string };
  columnDefinitions?: { name: string }[];
  rows?: { cells: unknown[]; object?: PodJson }[];
}

interface WatchLine<T> {
  type: string;
  object: T;
}

/** Server-side timeout of one watch request; the watch then resumes from where it was. */
const WATCH_SECONDS = 120;

class TableDecoder {
  private statusColumn = -1;

  decode(table: TableJson): PodObservation[] {
    if (table.columnDefinitions?.length) {
      this.statusColumn = table.columnDefinitions.findIndex((c) => c.name === 'Status');
    }
    return (table.rows ?? [])
      .filter((row) => row.object)
      .map((row) => {
        const cell = this.statusColumn >= 0 ? row.cells[this.statusColumn] : undefined;
        return { pod: row.object as PodJson, printedStatus: typeof cell === 'string' ? cell : undefined };
      });
  }
}

function parseLine<T>(line: string): WatchLine<T> | undefined {
  try {
    return JSON.parse(line) as WatchLine<T>;
  } catch {
    return undefined;
  }
}

export function podTableSource(http: KubeHttp, namespace: string): WatchSource<PodObservation> {
  const path = `/api/v1/namespaces/${namespace}/pods`;
  const decoder = new TableDecoder();
  return {
    description: `pods in namespace ${namespace}`,
    async list() {
      const table = await http.request<TableJson>('GET', path, {
        accept: TABLE_ACCEPT,
        query: { includeObject: 'Object' },
      });
      return { items: decoder.decode(table), resourceVersion: table.metadata?.resourceVersion ?? '' };
    },
    async watch(resourceVersion, onEvent) {
      const query: Query = { watch: 1, resourceVersion, includeObject: 'Object', timeoutSeconds: WATCH_SECONDS };
      return http.stream(path, query, TABLE_ACCEPT, (line) => {
        const event = parseLine<TableJson | ApiStatus>(line);
        if (!event) return;
        if (event.type === 'ERROR') return onEvent({ type: 'ERROR', status: event.object });
        if (event.type === 'BOOKMARK') return;
        for (const item of decoder.decode(event.object)) {
          onEvent({ type: event.type as 'ADDED' | 'MODIFIED' | 'DELETED', object: item });
        }
      });
    },
    resourceVersionOf: (item) => item.pod.metadata?.resourceVersion ?? '',
    timeoutSeconds: WATCH_SECONDS,
  };
}

/** One pod with its STATUS column, or undefined when it does not exist. */
export async function readPodObservation(
  http: KubeHttp,
  namespace: string,
  name: string,
): Promise<PodObservation | undefined> {
  try {
    const table = await http.request<TableJson>('GET', `/api/v1/namespaces/${namespace}/pods/${name}`, {
      accept: TABLE_ACCEPT,
      query: { includeObject: 'Object' },
    });
    return new TableDecoder().decode(table)[0];
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

interface ObjectWithMeta {
  metadata?: { resourceVersion?: string };
}

/** Plain JSON list+watch of any collection (events, service accounts, …). */
export function jsonSource<T extends ObjectWithMeta>(http: KubeHttp, path: string, query: Query = {}): WatchSource<T> {
  return {
    description: path,
    async list() {
      const list = await http.request<{ items?: T[]; metadata?: { resourceVersion?: string } }>('GET', path, { query });
      return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
    },
    async watch(resourceVersion, onEvent: (e: WatchEvent<T>) => void) {
      const q: Query = {
        ...query,
        watch: 1,
        resourceVersion,
        timeoutSeconds: WATCH_SECONDS,
        allowWatchBookmarks: true,
      };
      return http.stream(path, q, 'application/json', (line) => {
        const event = parseLine<T | ApiStatus>(line);
        if (!event) return;
        if (event.type === 'ERROR') return onEvent({ type: 'ERROR', status: event.object as ApiStatus });
        if (event.type === 'BOOKMARK') {
          return onEvent({ type: 'BOOKMARK', resourceVersion: (event.object as T).metadata?.resourceVersion ?? '' });
        }
        onEvent({ type: event.type as 'ADDED' | 'MODIFIED' | 'DELETED', object: event.object as T });
      });
    },
    resourceVersionOf: (item) => item.metadata?.resourceVersion ?? '',
    timeoutSeconds: WATCH_SECONDS,
  };
}
