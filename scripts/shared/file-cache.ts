/**
 * A value computed from files, remembered in a JSON file under the size and modification time of
 * every file it is computed from (the code that computes it among them): the next call with none
 * of them changed reads the value instead of computing it again. Only a value that was computed
 * is remembered, so an input that fails to load fails again on every call until it is fixed. The
 * key is taken before computing: a file saved meanwhile makes the next call compute again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

/** Every file's path, size and modification time, as one key. */
export function filesKey(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    const s = statSync(file, { throwIfNoEntry: false });
    hash.update(`${file}\0${s ? `${s.size}:${s.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

export function cachedByFiles<T>(cacheFile: string, files: string[], compute: () => T): T {
  const key = filesKey(files);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key?: string; value?: T };
    if (cached.key === key && cached.value !== undefined) return cached.value;
  } catch {
    // none yet, or unreadable: computed below
  }
  const value = compute();
  try {
    // Written beside its name and renamed: a concurrent reader never sees half a file.
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key, value }));
    renameSync(temp, cacheFile);
  } catch {
    // A cache that cannot be written is only slower.
  }
  return value;
}
