/**
 * What a selection needs of the cluster, from the preflight's tags: a selection whose every
 * scenario is tagged @api-level (what it asserts is the API server's doing: validation,
 * defaulting, admission, a forced delete) starts no container, so it needs neither the sanity
 * gate (scripts/run/sanity-gate.ts) nor the test images on the nodes (scripts/run/cluster.ts).
 */
export const API_LEVEL_TAG = '@api-level';

/** Whether a selection needs no node to run a container: every scenario of it is tagged @api-level. */
export function needsNoNode(selection: { tags: string[] }[]): boolean {
  return selection.length > 0 && selection.every((s) => s.tags.includes(API_LEVEL_TAG));
}
