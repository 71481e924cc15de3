/**
 * Files as a container sees them (what the kubelet wrote into configMap, secret, downwardAPI,
 * projected and emptyDir volumes, or what a container wrote there), read by exec with the image's
 * own tools, and the kubelet's rewrite of a volume after its source changed.
 */
import type { DataTable } from '@cucumber/cucumber';
import { ScenarioError } from '../support/assert.ts';
import { unescapeContent } from '../support/checks/files.ts';
import { Then } from './define.ts';

/** Rows of exactly two cells, `| mode | 0644 |`. */
function attributes(table: DataTable): [string, string][] {
  return table.raw().map((row) => {
    if (row.length !== 2) throw new ScenarioError(`each row needs two cells (attribute and value), got ${row.length}`);
    return [row[0] ?? '', row[1] ?? ''];
  });
}

/**
 * One exec reads the file's facts; each row names one: `mode` (octal with setuid, setgid and
 * sticky bits, after following links, as `0644` or `1777`), `permissions` (the read, write and
 * execute bits alone, as `0777` for a sticky `1777`), `owner` and `group` (numeric ids), `type` (`regular file`, `directory`), `link` (the
 * symbolic link's target as written, `..data/data-1` for a configMap key, or `none`),
 * `filesystem` (`tmpfs`; `not tmpfs` for the node's disk), `content` (exact, `\n` a newline; `/…/` a
 * regular expression the whole content must match)
 * and `content in hex` (`de ca fe`).
 */
Then('file {string} in container {string} of pod {string} has:', function (path, c, pod, t: DataTable) {
  return this.files.expectFile(pod, c, path, attributes(t));
});

/**
 * The file holds exactly what the API server stores in the field (`field … of … is …` paths), as
 * a downward API file does: `file "/etc/podinfo/uid" in container "c" of pod "p" holds field
 * "metadata.uid" of pod "p"`.
 */
Then(
  'file {string} in container {string} of pod {string} holds field {string} of {word} {string}',
  function (path, c, pod, field, kind, name) {
    return this.files.expectHoldsField(pod, c, path, { kind, name, path: field }, false);
  },
);

/** As above for a resource quantity, rounded up to whole units as the downward API writes it (divisor 1). */
Then(
  'file {string} in container {string} of pod {string} holds field {string} of {word} {string} in whole units',
  function (path, c, pod, field, kind, name) {
    return this.files.expectHoldsField(pod, c, path, { kind, name, path: field }, true);
  },
);

/**
 * Waits until the file holds exactly the text (`\n` is a newline): the container looks ten times
 * a second within one exec (the kubelet signals no volume rewrite), so the wait ends with the change.
 */
Then(
  'file {string} in container {string} of pod {string} reads {string} within {duration}',
  function (path, c, pod, text, d) {
    return this.files.readsWithin(pod, c, path, unescapeContent(text), d);
  },
);

/** The path does not exist in the container (a key a volume's items leave out); no wait. */
Then('there is no file {string} in container {string} of pod {string}', function (path, c, pod) {
  return this.files.expectAbsent(pod, c, path);
});

/**
 * Waits until one line of the file is exactly the text (a downward API labels or annotations file
 * also lists what the kubelet adds): checked inside the container, like "reads … within".
 */
Then(
  'file {string} in container {string} of pod {string} has the line {string} within {duration}',
  function (path, c, pod, text, d) {
    return this.files.hasLineWithin(pod, c, path, text, d);
  },
);

/** Waits until the path no longer exists in the container (a key removed from a volume's source). */
Then('file {string} in container {string} of pod {string} is gone within {duration}', function (path, c, pod, d) {
  return this.files.goneWithin(pod, c, path, d);
});

/**
 * The kubelet wrote the volume's current `..data` between the object's last change (its latest
 * managedFields time) and the bound the kubelet's own settings give (`/configz`: 1.5 × syncFrequency
 * + TTL with the Cache strategy + 5 s): read in a running container that mounts the volume; the
 * measurement is attached to the report.
 */
Then(
  'volume {string} of pod {string} was rewritten within the sync bound of its kubelet after the last change to {word} {string}',
  function (volume, pod, kind, name) {
    return this.files.expectRewrittenWithinSyncBound(pod, volume, kind, name);
  },
);
