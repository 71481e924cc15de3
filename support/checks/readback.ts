/**
 * Reading fields back from an object as the API server stored it, and matching a partial object
 * against it (chainsaw style), with failures that name the field path. Every read-back check of
 * the vocabulary (fields, objects, probes, hook handlers) compares here.
 *
 * Field paths are dot-separated names with three bracket forms:
 *   spec.containers[0].imagePullPolicy                      the item at an index
 *   spec.containers[name=app].image                         the one item whose `name` is "app"
 *   spec.tolerations[key=node.kubernetes.io/not-ready].tolerationSeconds
 *   metadata.labels[kubernetes.io/hostname]                 a map key that contains dots
 * A selection `[field=value]` compares the item's field as text and must match exactly one item
 * (an ambiguous or empty selection is a failure that lists what the list holds). This is a small
 * subset of JSONPath on purpose: one obvious way to address a field, no expressions.
 *
 * Expected values are YAML scalars: a string field matches the text as written ("Always",
 * "300" for an annotation), a number or boolean field matches the scalar (300, true), and `null`
 * (or `~`) matches a field that is absent or null.
 */
import { parse, stringify } from 'yaml';
import { ScenarioError, fail, quote } from '../assert.ts';
import { KUBECTL_YAML } from '../manifest.ts';

export type PathSegment =
  { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'select'; field: string; value: string };

/** Parses a field path; malformed text is a scenario error naming the position. */
export function parseFieldPath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const bad = (at: number, why: string): never => {
    throw new ScenarioError(
      `field path ${quote(text)}: ${why} at character ${at + 1}; write it like spec.containers[0].image, spec.containers[name=app].image or metadata.labels[kubernetes.io/hostname]`,
    );
  };
  let i = 0;
  let expectName = true;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) bad(i, 'unclosed "["');
      const inner = text.slice(i + 1, end);
      if (inner === '') bad(i, 'empty "[]"');
      const eq = inner.indexOf('=');
      if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (eq > 0) segments.push({ kind: 'select', field: inner.slice(0, eq), value: inner.slice(eq + 1) });
      else if (eq === 0) bad(i + 1, 'a selection needs a field name before "="');
      else segments.push({ kind: 'key', key: inner });
      i = end + 1;
      expectName = false;
    } else if (c === '.') {
      if (expectName) bad(i, 'a name is missing');
      i += 1;
      expectName = true;
    } else {
      if (!expectName) bad(i, 'expected "." or "[" before a name');
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end += 1;
      segments.push({ kind: 'key', key: text.slice(i, end) });
      i = end;
      expectName = false;
    }
  }
  if (segments.length === 0 || expectName) bad(text.length - 1, 'the path ends without a name');
  return segments;
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((s, i) => {
      if (s.kind === 'index') return `[${s.index}]`;
      if (s.kind === 'select') return `[${s.field}=${s.value}]`;
      return /[.[\]]/.test(s.key) ? `[${s.key}]` : i === 0 ? s.key : `.${s.key}`;
    })
    .join('');
}

export type Lookup =
  | { found: true; value: unknown; parent: unknown }
  | { found: false; resolved: string; reason: string; parent: unknown };

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a path; when it stops early, says how far it got and why. */
export function lookup(object: unknown, segments: readonly PathSegment[]): Lookup {
  let current: unknown = object;
  let parent: unknown = object;
  for (let n = 0; n < segments.length; n += 1) {
    const segment = segments[n]!;
    const here = formatPath(segments.slice(0, n)) || '(the object)';
    const missing = (reason: string): Lookup => ({ found: false, resolved: here, reason, parent: current });
    parent = current;
    if (segment.kind === 'key') {
      if (!isMap(current)) return missing(`${here} is ${describeType(current)}, not a mapping`);
      if (!(segment.key in current)) return missing(`${here} has no field ${quote(segment.key)}`);
      current = current[segment.key];
      continue;
    }
    if (!Array.isArray(current)) return missing(`${here} is ${describeType(current)}, not a list`);
    if (segment.kind === 'index') {
      if (segment.index >= current.length) {
        return missing(`${here} has ${current.length} item(s), no index ${segment.index}`);
      }
      current = current[segment.index];
      continue;
    }
    const matches = current.filter((item) => isMap(item) && textOf(item[segment.field]) === segment.value);
    if (matches.length !== 1) {
      const values = current.map((item) => (isMap(item) ? textOf(item[segment.field]) : undefined));
      return missing(
        `${here}: ${matches.length} items have ${segment.field}=${quote(segment.value)} (the list's ${segment.field} values: ${values.map(quote).join(', ') || 'none'})`,
      );
    }
    current = matches[0];
  }
  return { found: true, value: current, parent };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isMap(value)) return 'a mapping';
  return `the ${typeof value} ${quote(value)}`;
}

/** A scalar in a step's text ("Always", "300", "true", "null") as YAML reads it. */
export function parseScalar(text: string): unknown {
  let value: unknown;
  try {
    value = parse(text, KUBECTL_YAML);
  } catch {
    return text;
  }
  if (typeof value === 'object' && value !== null) {
    throw new ScenarioError(
      `expected value ${quote(text)} is not a scalar; compare structured values with "… reads back as:"`,
    );
  }
  return value;
}

/** Whether an observed value matches an expected scalar (see the file comment for the rules). */
export function scalarMatches(expected: unknown, observed: unknown, writtenAs?: string): boolean {
  if (typeof observed === 'string' && observed === writtenAs) return true;
  if (expected === null || expected === undefined) return observed === null || observed === undefined;
  if (observed === expected) return true;
  const scalar = typeof expected === 'number' || typeof expected === 'boolean';
  return scalar && typeof observed === 'string' && observed === String(expected);
}

export interface Difference {
  path: string;
  message: string;
  /** A difference inside the closest stored item of a list item that matched none. */
  nested?: boolean;
}

export function formatDifference(d: Difference): string {
  return `${d.nested ? '    ' : ''}${d.path}: ${d.message}`;
}

/** How a read-back compares: `contains` a partial object (the default), or `equals` it exactly. */
export type ReadBackMode = 'contains' | 'equals';

/**
 * Where `expected` is not contained in (`equals`: not equal to) `observed`. Mappings: every
 * expected key must be there and match (`equals`: and no other key). Lists: every expected item
 * must match a different stored item, in any order; pin a position with a field path and [N]
 * instead (`equals`: the same items in the same order). Scalars: as scalarMatches (`equals`: the
 * same value and type).
 */
export function differences(
  expected: unknown,
  observed: unknown,
  path = '',
  mode: ReadBackMode = 'contains',
): Difference[] {
  const at = path || '(the object)';
  const exact = mode === 'equals';
  if (isMap(expected)) {
    if (!isMap(observed)) return [{ path: at, message: `expected a mapping, observed ${describeType(observed)}` }];
    const extra = exact ? Object.keys(observed).filter((key) => !(key in expected)) : [];
    return [
      ...Object.entries(expected).flatMap(([key, value]) => {
        const child = joinKey(path, key);
        if (!(key in observed)) {
          return value === null && !exact
            ? []
            : [{ path: child, message: `expected ${brief(value)}, observed absent` }];
        }
        return differences(value, observed[key], child, mode);
      }),
      ...extra.map((key) => ({
        path: joinKey(path, key),
        message: `expected absent, observed ${brief(observed[key])}`,
      })),
    ];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(observed)) return [{ path: at, message: `expected a list, observed ${describeType(observed)}` }];
    if (!exact) return listDifferences(expected, observed, path);
    if (expected.length !== observed.length) {
      return [
        { path: at, message: `expected ${expected.length} item(s), observed ${observed.length}: ${brief(observed)}` },
      ];
    }
    return expected.flatMap((item, index) => differences(item, observed[index], `${path}[${index}]`, mode));
  }
  if (exact ? expected === observed : scalarMatches(expected, observed)) return [];
  return [{ path: at, message: `expected ${quote(expected)}, observed ${brief(observed)}` }];
}

/**
 * The read-back check: fails unless `observed` contains (or equals) `expected`, naming the first
 * differing field path on the message line (chainsaw style), then every difference and the stored
 * value under it.
 */
export function expectReadsBack(
  subject: string,
  expected: unknown,
  observed: unknown,
  mode: ReadBackMode = 'contains',
): void {
  const diffs = differences(expected, observed, '', mode);
  if (diffs.length === 0) return;
  const first = diffs[0]!;
  // A list item that matched nothing: its closest item's first difference completes the line.
  const inside = diffs[1]?.nested ? ` ${formatDifference({ ...diffs[1], nested: false })}` : '';
  const more = diffs.filter((d) => !d.nested).length - 1;
  fail(
    `${subject}: ${first.path}: ${first.message}${inside}${more > 0 ? ` (and ${more} more)` : ''}`,
    [...diffs.map(formatDifference), `stored:`, excerpt(observed, 120)].join('\n'),
  );
}

function joinKey(path: string, key: string): string {
  if (/[.[\]]/.test(key)) return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** A maximum matching of expected items to distinct stored items (augmenting paths; lists are short). */
function listDifferences(expected: unknown[], observed: unknown[], path: string): Difference[] {
  const fits = expected.map((e) => observed.map((o) => differences(e, o).length === 0));
  const owner: (number | undefined)[] = observed.map(() => undefined);
  const assign = (e: number, seen: Set<number>): boolean => {
    for (let o = 0; o < observed.length; o += 1) {
      if (!fits[e]![o] || seen.has(o)) continue;
      seen.add(o);
      const previous = owner[o];
      if (previous === undefined || assign(previous, seen)) {
        owner[o] = e;
        return true;
      }
    }
    return false;
  };
  const unmatched = expected.map((_, e) => e).filter((e) => !assign(e, new Set()));
  return unmatched.flatMap((e) => {
    const item = expected[e];
    const head = `no stored item matches expected item ${e} ${brief(item)}`;
    // The closest item is the one with the same identity (name, type or key) if any, else the one
    // with the fewest differences: the diff then reads as "this item, this field".
    const closest = observed
      .map((o, index) => ({ index, same: sameIdentity(item, o), diffs: differences(item, o, `${path}[${index}]`) }))
      .filter((c) => c.diffs.length > 0)
      .sort((a, b) => Number(b.same) - Number(a.same) || a.diffs.length - b.diffs.length)[0];
    if (observed.length === 0) return [{ path: path || '(the object)', message: `${head}: the stored list is empty` }];
    if (!closest) {
      return [
        { path: path || '(the object)', message: `${head} (the matching items are taken by other expected items)` },
      ];
    }
    return [
      { path: path || '(the object)', message: `${head}; closest is item ${closest.index}:` },
      ...closest.diffs.map((d) => ({ ...d, nested: true })),
    ];
  });
}

const IDENTITY_FIELDS = ['name', 'type', 'key'];

function sameIdentity(expected: unknown, observed: unknown): boolean {
  if (!isMap(expected) || !isMap(observed)) return false;
  const field = IDENTITY_FIELDS.find((f) => f in expected);
  return field !== undefined && expected[field] === observed[field];
}

function brief(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A value as YAML for a failure message, without managedFields and cut to a readable length. */
export function excerpt(value: unknown, maxLines = 60): string {
  const shown = isMap(value) && isMap(value.metadata) ? withoutManagedFields(value) : value;
  const lines = stringify(shown ?? null)
    .trimEnd()
    .split('\n');
  if (lines.length <= maxLines) return lines.join('\n');
  return [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join('\n');
}

function withoutManagedFields(object: Record<string, unknown>): Record<string, unknown> {
  const { managedFields: _dropped, ...metadata } = object.metadata as Record<string, unknown>;
  return { ...object, metadata };
}
