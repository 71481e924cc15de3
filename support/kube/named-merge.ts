/**
 * A partial object merged into a whole one the way a strategic merge patch treats a pod: mappings
 * merge key by key, a `null` removes its key, and lists of named items (containers, ephemeral
 * containers, volumes, env) merge item by item on `name`, lists of typed items (conditions) on
 * `type`, new items appended; any other list or value replaces what was there. What a client does
 * to read, change and write back (PUT) a pod.
 */

type Json = unknown;

const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyed = (key: string) => (v: Json) => isMap(v) && typeof v[key] === 'string';

function mergeLists(base: Json[], partial: Json[]): Json[] {
  const key = ['name', 'type'].find((k) => partial.every(keyed(k)) && base.every(keyed(k)));
  if (!key) return partial;
  const merged: Json[] = [...base];
  for (const item of partial as Record<string, Json>[]) {
    const at = merged.findIndex((b) => (b as Record<string, Json>)[key] === item[key]);
    if (at >= 0) merged[at] = mergeNamed(merged[at], item);
    else merged.push(item);
  }
  return merged;
}

/** `base` with `partial` merged into it; neither is changed. */
export function mergeNamed(base: Json, partial: Json): Json {
  if (isMap(base) && isMap(partial)) {
    const merged: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(partial)) {
      if (value === null) delete merged[key];
      else merged[key] = key in base ? mergeNamed(base[key], value) : value;
    }
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(partial)) return mergeLists(base, partial);
  return partial;
}
