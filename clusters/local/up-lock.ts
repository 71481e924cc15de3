/**
 * One cluster:up or restart at a time on this machine: a second cluster:up would tear down the
 * first one's start, and a cluster:up would see a component a restart has stopped as a cluster
 * partly running, and rebuild it. The lock is an owner file (shared/runs.ts), so a holder that
 * died leaves nothing that blocks the next one.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Progress } from '../provider.ts';
import { stateRoot } from '../shared/paths.ts';
import { poll } from '../shared/poll.ts';
import { acquireOwnerFile, describeOwner, ownerRecord, releaseOwnerFile, type OwnerRecord } from '../shared/runs.ts';

/** How long an up() waits for another one to finish (a cold build takes about 12 minutes). */
export const UP_LOCK_WAIT_MS = 30 * 60_000;
/** How long a restart waits for a cluster:up to finish (one that reuses the cluster takes seconds). */
export const RESTART_LOCK_WAIT_MS = 2 * 60_000;

/** Runs `job` holding the lock, once the holder before it (if any) is done; says every 30 s that it waits. */
export async function withUpLock<T>(
  purpose: 'cluster:up' | 'cluster:restart',
  progress: Progress,
  waitMs: number,
  job: () => Promise<T>,
): Promise<T> {
  const lock = join(stateRoot(), 'local-up.lock');
  const record = ownerRecord(purpose, process.cwd());
  await waitForLock(lock, record, progress, waitMs);
  try {
    return await job();
  } finally {
    releaseOwnerFile(lock, record);
  }
}

async function waitForLock(lock: string, record: OwnerRecord, progress: Progress, waitMs: number): Promise<void> {
  await mkdir(stateRoot(), { recursive: true });
  let holder: OwnerRecord | undefined;
  let saidAt = 0;
  await poll(
    () => {
      const got = acquireOwnerFile(lock, record);
      if (!got.held) return Promise.resolve(true);
      holder = got.by;
      return Promise.resolve(undefined);
    },
    {
      timeoutMs: waitMs,
      intervalMs: 2_000,
      beforePause: () => {
        if (Date.now() - saidAt <= 30_000) return;
        progress.step(`waiting for the cluster:up of ${holder ? describeOwner(holder) : 'another process'} to finish`);
        saidAt = Date.now();
      },
      timeout: () =>
        `another cluster:up or restart (${holder ? describeOwner(holder) : 'unknown owner'}) has held ${lock} for over ${waitMs / 60_000} minutes; if it is gone, remove the file`,
    },
  );
}
