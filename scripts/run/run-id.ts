/**
 * Run ids label every namespace of a run (`pod-conformance.io/run=<id>`), so they must differ
 * between any two runs, also two started in the same second on two machines against one cluster:
 * the UTC start time for people, plus 32 random bits for uniqueness.
 * `run-20261201-215300-9f3a61c2`, a valid label value.
 */
import { randomBytes } from 'node:crypto';

export const RUN_ID = /^run-(\d{8})-(\d{6})-([0-9a-f]{8})$/;

export function newRunId(now = new Date(), random = randomBytes(4)): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `run-${stamp.slice(0, 8)}-${stamp.slice(9, 15)}-${random.toString('hex')}`;
}

/** Start time of a run from its id (undefined for ids of another form, such as older runs'). */
export function runStarted(id: string): Date | undefined {
  const m = RUN_ID.exec(id);
  if (!m) return undefined;
  const [, d = '', t = ''] = m;
  return new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}Z`);
}
