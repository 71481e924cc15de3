/**
 * One run at a time per checkout: a second run would delete this run's Allure results and
 * overwrite its messages. The lock (reports/.run.lock) names its owner (PID, the PID's start time,
 * run id); a lock whose owner is gone (a recycled PID, an empty file) is taken over. Released only
 * by its owner (releaseOwnerFile checks the record), also when the run is interrupted.
 */
import { resolve } from 'node:path';
import { acquireOwnerFile, describeOwner, ownerRecord, releaseOwnerFile } from '../../clusters/index.ts';
import { REPORTS, ROOT } from '../shared/paths.ts';
import { StopRun } from './console.ts';

/** Takes the checkout's run lock for `runId`; returns the function that releases it. */
export function takeRunLock(runId: string): () => void {
  const lock = resolve(REPORTS, '.run.lock');
  const record = ownerRecord(runId, ROOT);
  const got = acquireOwnerFile(lock, record);
  if (got.held) {
    const owner = got.by ? `run ${describeOwner(got.by)}` : 'another run';
    const unknown = got.state.alive === 'unknown' ? ` (${got.state.why}, so this machine cannot check it)` : '';
    throw new StopRun(
      `${owner} holds reports/.run.lock${unknown}: wait for it to finish${got.by ? ` or stop it (kill ${got.by.pid})` : ''}, or run from another checkout; if that run is over, remove the lock: rm ${lock}`,
    );
  }
  return () => releaseOwnerFile(lock, record);
}
