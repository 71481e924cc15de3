/**
 * A small file of remembered answers, each under the key of what it was worked out from: the
 * remembered dry runs (scripts/run/preflight.ts), the passed sanity gates (scripts/run/gate-cache.ts)
 * and the report's parsed inputs (cachedByFiles, scripts/report/conformance.ts). A JSON array,
 * newest first, one entry a key; a missing or unreadable file remembers nothing. Written whole,
 * then renamed over the old one, so that a run reading it never sees half a file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Remembered {
  key: string;
}

/** Every entry of the file, newest first; none when it is missing or not a JSON array. */
export function rememberedEntries<T extends Remembered>(file: string): T[] {
  try {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(entries) ? (entries as T[]) : [];
  } catch {
    return [];
  }
}

/** Puts `entry` first, in place of any older one under its key, and keeps the newest `keep`. */
export function remember<T extends Remembered>(file: string, entry: T, keep: number): void {
  const entries = [entry, ...rememberedEntries<T>(file).filter((e) => e.key !== entry.key)].slice(0, keep);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`);
  renameSync(temporary, file);
}

/**
 * Files as one key: every path with its size and modification time (a missing one as missing),
 * after `seed` (what else the answer depends on, such as a tag expression).
 */
export function filesKey(files: string[], seed = ''): string {
  const hash = createHash('sha256').update(seed);
  for (const file of [...files].sort()) {
    const s = statSync(file, { throwIfNoEntry: false });
    if (s?.isDirectory()) continue;
    hash.update(`${file}\0${s ? `${s.size}:${s.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/**
 * A value computed from files, remembered under their key (filesKey; the code that computes it
 * among them): the next call with none of them changed reads the value instead of computing it
 * again. Only a value that was computed is remembered, so an input that fails to load fails again
 * on every call until it is fixed. The key is taken before computing: a file saved meanwhile makes
 * the next call compute again. A cache that cannot be written is only slower.
 */
export function cachedByFiles<T>(cacheFile: string, files: string[], compute: () => T): T {
  const key = filesKey(files);
  const cached = rememberedEntries<Remembered & { value?: T }>(cacheFile).find((e) => e.key === key);
  if (cached?.value !== undefined) return cached.value;
  const value = compute();
  try {
    remember(cacheFile, { key, value }, 1);
  } catch {
    // only slower next time
  }
  return value;
}
