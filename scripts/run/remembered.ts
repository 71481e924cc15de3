/**
 * A small file of remembered answers, each under the key of what it was worked out from: the
 * remembered dry runs (preflight.ts) and the passed sanity gates (gate-cache.ts). A JSON array,
 * newest first, one entry a key; a missing or unreadable file remembers nothing. Written whole,
 * then renamed over the old one, so that a run reading it never sees half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
