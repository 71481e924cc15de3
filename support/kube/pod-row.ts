/**
 * One pod's row as `kubectl get pod` prints it (READY, STATUS, RESTARTS …), read from the API
 * server's Table printing, so the assertion is on what the server prints, not on our own
 * re-computation of it.
 */
import type { KubeHttp } from './http.ts';
import { TABLE_ACCEPT } from './http.ts';

interface RowTable {
  columnDefinitions?: { name: string }[];
  rows?: { cells: unknown[] }[];
}

export type PodRow = Record<string, string>;

export function rowOf(table: RowTable): PodRow | undefined {
  const row = table.rows?.[0];
  if (!row) return undefined;
  const cells: PodRow = {};
  (table.columnDefinitions ?? []).forEach((c, i) => {
    const value = row.cells[i];
    cells[c.name] = typeof value === 'string' ? value : String(value);
  });
  return cells;
}

/** RESTARTS prints as `1 (12s ago)`; the count is its leading number. */
export function restartsOf(cell: string | undefined): number | undefined {
  const m = /^(\d+)/.exec(cell ?? '');
  return m ? Number(m[1]) : undefined;
}

export async function readPodRow(http: KubeHttp, namespace: string, name: string): Promise<PodRow | undefined> {
  const table = await http.request<RowTable>('GET', `/api/v1/namespaces/${namespace}/pods/${name}`, {
    accept: TABLE_ACCEPT,
  });
  return rowOf(table);
}
