/**
 * One field of a stored object as the text a container should hold for it: exactly as stored, or
 * as a resource quantity in whole units (the downward API's rendering with divisor 1). Shared by
 * the environment and file checks that compare what a pod was given with what the API stores.
 */
import { ScenarioError, fail, quote } from '../assert.ts';
import { wholeUnits } from '../kube/quantity.ts';
import { lookup, parseFieldPath } from '../checks/readback.ts';
import type { ObjectActions } from './objects.ts';

export interface FieldRef {
  kind: string;
  name: string;
  path: string;
}

/** `{ text: "2", shown: "\"2\" (1950m in whole units)", what: "field … of node \"n\" (GET)" }` */
export async function storedFieldText(
  objects: ObjectActions,
  field: FieldRef,
  inWholeUnits: boolean,
): Promise<{ text: string; shown: string; what: string }> {
  const { object, source } = await objects.stored(field.kind, field.name);
  const found = lookup(object, parseFieldPath(field.path));
  const what = `field ${field.path} of ${field.kind} "${field.name}" (${source})`;
  if (!found.found) fail(`${what}: expected a value to compare with, observed absent: ${found.reason}`);
  const stored = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
  if (!inWholeUnits) return { text: stored, shown: quote(stored), what };
  let units: number;
  try {
    units = wholeUnits(stored);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    fail(`${what}: expected a resource quantity, observed ${quote(found.value)}`);
  }
  return { text: String(units), shown: `${quote(String(units))} (${stored} in whole units)`, what };
}
