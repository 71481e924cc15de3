/**
 * Runs in progress on this machine, and the owner records behind every lock the suite takes.
 *
 * An owner is a process: PID plus the kernel's start time of that PID, so a recycled PID (or PID
 * 1, or an empty file) never counts as the owner still being there. Every run registers itself
 * under `${XDG_STATE_HOME:-~/.local/state}/pod-conformance/runs/` for as long as it lives, with the
 * cluster it uses once its provider is resolved; `cluster:down` and the local provider's `up()`
 * read the registry so that neither tears down a cluster another run is using. A run whose cluster
 * is not recorded (not resolved yet, or registered by an older checkout) counts for every cluster.
 */
import { hostname } from 'node:os';
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateRoot } from './paths.ts';
import { procStartTime } from './proc.ts';

export interface OwnerRecord {
  pid: number;
  /** Field 22 of /proc/PID/stat when the record was written. */
  startTime: string;
  host: string;
  /** The run id, or what the owner is doing ("cluster:up"). */
  runId: string;
  /** ISO time the record was written. */
  since: string;
  /** The checkout (or command) the owner runs from. */
  where: string;
  /** The cluster a run uses, once known (run registry only). */
  cluster?: RunCluster;
}

/** The cluster a run uses: its provider and the kubeconfig the provider keeps for it (one per cluster). */
export interface RunCluster {
  provider: string;
  kubeconfig: string;
}

export interface ProcessProbe {
  host: string;
  /** Start time of a live PID, undefined when it does not exist (or is a zombie). */
  startTimeOf(pid: number): string | undefined;
}

export const thisMachine: ProcessProbe = { host: hostname(), startTimeOf: procStartTime };

export function ownerRecord(runId: string, where: string, probe: ProcessProbe = thisMachine): OwnerRecord {
  return {
    pid: process.pid,
    startTime: probe.startTimeOf(process.pid) ?? 'unknown',
    host: probe.host,
    runId,
    since: new Date().toISOString(),
    where,
  };
}

/** A record read back from a file: undefined when empty or not one of ours. */
export function parseOwner(text: string): OwnerRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<OwnerRecord>;
    if (typeof r.pid !== 'number' || typeof r.startTime !== 'string' || typeof r.host !== 'string') return undefined;
    const { cluster, ...rest } = r;
    // A cluster that is not one (hand-edited, another version's shape) is not known: the run counts for every cluster.
    const known = typeof cluster?.provider === 'string' && typeof cluster.kubeconfig === 'string';
    return { runId: '?', since: '?', where: '?', ...rest, ...(known ? { cluster } : {}) } as OwnerRecord;
  } catch {
    return undefined;
  }
}

export type OwnerState =
  | { alive: true }
  | { alive: false; why: string }
  /** On another host (a shared filesystem): nothing here can tell, so it counts as alive. */
  | { alive: 'unknown'; why: string };

export function ownerState(r: OwnerRecord | undefined, probe: ProcessProbe = thisMachine): OwnerState {
  if (!r) return { alive: false, why: 'the file is empty or not a lock record' };
  if (r.host !== probe.host) return { alive: 'unknown', why: `it was written on host ${r.host}` };
  const now = probe.startTimeOf(r.pid);
  if (now === undefined) return { alive: false, why: `process ${r.pid} no longer exists` };
  if (now !== r.startTime) return { alive: false, why: `PID ${r.pid} now belongs to another process` };
  return { alive: true };
}

/**
 * Creates `path` holding `record`, atomically (written aside, then hard-linked: a reader never
 * sees a half-written lock). An existing file whose owner is gone is taken over. Returns the
 * record of the live owner when the lock is held.
 */
export function acquireOwnerFile(
  path: string,
  record: OwnerRecord,
  probe: ProcessProbe = thisMachine,
): { held: false } | { held: true; by: OwnerRecord | undefined; state: OwnerState } {
  const aside = `${path}.${record.pid}.tmp`;
  writeFileSync(aside, JSON.stringify(record) + '\n');
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(aside, path);
        return { held: false };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // released in between: try again
      }
      const by = parseOwner(text);
      const state = ownerState(by, probe);
      if (state.alive !== false) return { held: true, by, state };
      // Taken over only if it still holds what was judged stale (another run may have taken it).
      if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true });
    }
    const by = parseOwner(readFileSync(path, 'utf8'));
    return { held: true, by, state: ownerState(by, probe) };
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes `path` if it still holds `record` (never another owner's file). */
export function releaseOwnerFile(path: string, record: OwnerRecord): void {
  try {
    const current = parseOwner(readFileSync(path, 'utf8'));
    if (current?.pid === record.pid && current.startTime === record.startTime) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}

export function describeOwner(r: OwnerRecord): string {
  const against = r.cluster ? `, against the ${r.cluster.provider} cluster of ${r.cluster.kubeconfig}` : '';
  return `${r.runId} (pid ${r.pid} on ${r.host}, since ${r.since}, in ${r.where}${against})`;
}

/**
 * The runs that may be using `cluster`: those recorded against it, and those whose cluster is not
 * recorded (a run that has not resolved its provider yet, or one registered by an older checkout).
 */
export function runsAgainst(runs: OwnerRecord[], cluster: RunCluster): OwnerRecord[] {
  return runs.filter(
    (r) => !r.cluster || (r.cluster.provider === cluster.provider && r.cluster.kubeconfig === cluster.kubeconfig),
  );
}

const runsDir = (env: NodeJS.ProcessEnv = process.env) => join(stateRoot(env), 'runs');

/** A run's entry in the registry. */
export interface RunRegistration {
  /** Records the cluster the run uses (rewritten atomically: a reader sees the old or the new record). */
  uses(cluster: RunCluster): void;
  /** Removes the record. */
  release(): void;
}

/** Records this process as a run in progress, its cluster not known yet. */
export function registerRun(runId: string, where: string, env: NodeJS.ProcessEnv = process.env): RunRegistration {
  mkdirSync(runsDir(env), { recursive: true });
  let record = ownerRecord(runId, where);
  const file = join(runsDir(env), `${runId}.json`);
  writeFileSync(file, JSON.stringify(record) + '\n');
  return {
    uses(cluster) {
      record = { ...record, cluster };
      const aside = `${file}.${record.pid}.tmp`;
      writeFileSync(aside, JSON.stringify(record) + '\n');
      renameSync(aside, file);
    },
    release: () => releaseOwnerFile(file, record),
  };
}

/** Runs in progress on this machine other than this process; records of dead runs are removed. */
export function liveRuns(env: NodeJS.ProcessEnv = process.env, probe: ProcessProbe = thisMachine): OwnerRecord[] {
  let names: string[] = [];
  try {
    names = readdirSync(runsDir(env)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const live: OwnerRecord[] = [];
  for (const name of names) {
    const file = join(runsDir(env), name);
    let record: OwnerRecord | undefined;
    try {
      record = parseOwner(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (ownerState(record, probe).alive === false) rmSync(file, { force: true });
    else if (record && record.pid !== process.pid) live.push(record);
  }
  return live;
}
