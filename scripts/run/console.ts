/**
 * How the run speaks: a heading per phase, a phase's end with its time, and the problem that ends
 * the run (one line starting with "error:", and its exit code).
 */
import { formatMs } from '../../support/duration.ts';
import { EXIT } from '../shared/exit.ts';

/** A problem that ends the run: printed as one line starting with "error:". */
export class StopRun extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export function heading(text: string): void {
  console.log(`\n▶ ${text}`);
}

/** Runs `fn`, then prints `label` with the time it took. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  console.log(`  ${label} (${formatMs(Date.now() - started)})`);
  return result;
}
