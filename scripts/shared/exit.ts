/**
 * How a command ends, for every part of scripts/: the exit codes `pod-conformance --help`
 * documents, and bad usage (exit 2), which any command can find in its input.
 */

/** Exit codes, as `pod-conformance --help` documents them. */
export const EXIT = {
  /** Every selected scenario passed or was skipped with its reason. */
  passed: 0,
  /** A scenario, a static check or a unit test failed (or the run stopped on a problem of its own). */
  failed: 1,
  /** Bad usage or input: an option, a tag expression, a feature file, a manifest. Nothing ran. */
  usage: 2,
  /** No usable cluster: it could not be brought up, reached, or given the run's namespaces. */
  cluster: 3,
} as const;

/** Bad usage: its message is one line naming the input and the fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}
