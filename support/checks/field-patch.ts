/**
 * A patch that sets one field, built from a field path of plain names
 * (`spec.activeDeadlineSeconds` → `{"spec":{"activeDeadlineSeconds":…}}`). List items have no
 * name a merge patch could address reliably, so paths with `[…]` selections are refused.
 */
import { ScenarioError, quote } from '../assert.ts';
import { parseFieldPath } from './readback.ts';

export function patchSettingField(pathText: string, value: unknown): Record<string, unknown> {
  const segments = parseFieldPath(pathText);
  let body: unknown = value;
  for (const segment of [...segments].reverse()) {
    if (segment.kind !== 'key') {
      throw new ScenarioError(
        `field path ${quote(pathText)}: a repeated patch can only set a field named by plain names (spec.activeDeadlineSeconds), not a list item`,
      );
    }
    body = { [segment.key]: body };
  }
  return body as Record<string, unknown>;
}

/** N, N − 1, …: the values of `count` patches counting down from `from` (all must stay above 0). */
export function countdown(from: number, count: number): number[] {
  if (!Number.isInteger(from) || !Number.isInteger(count) || count < 1 || from - count + 1 < 1) {
    throw new ScenarioError(
      `counting down from ${from} ${count} times would reach ${from - count + 1}: choose a start above the number of patches`,
    );
  }
  return Array.from({ length: count }, (_, i) => from - i);
}
