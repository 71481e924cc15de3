/**
 * A file as a container sees it, read by exec with the image's own tools (busybox `stat`,
 * `readlink`, `od`): its mode, owner and group after following links, its type, the link it is
 * (a configMap, Secret or downward API file is `..data/<key>`, the kubelet's atomic-writer
 * layout), the filesystem it lives on, and its exact bytes. Pure functions: the script, its
 * parser and the comparison with what a scenario expects (a table of attribute and value).
 */
import { createHash } from 'node:crypto';
import { ScenarioError, quote } from '../assert.ts';

/**
 * Prints one `key value` line per fact about "$1", the bytes last (`od` hex, or `unreadable` and
 * the reason when the container's user may not read them). Run as `sh -c SCRIPT sh PATH`.
 */
export const FILE_REPORT_SCRIPT = [
  'f="$1"',
  'if [ ! -e "$f" ] && [ ! -L "$f" ]; then echo "exists no"; exit 0; fi',
  'echo "exists yes"',
  'echo "stat $(stat -L -c "%a %u %g" "$f")"',
  'echo "type $(stat -L -c "%F" "$f")"',
  'if [ -L "$f" ]; then echo "link $(readlink "$f")"; else echo "link"; fi',
  'echo "filesystem $(stat -f -c "%T" "$f")"',
  '[ -f "$f" ] || exit 0',
  'if bytes=$(od -An -v -tx1 "$f" 2>&1); then echo "bytes"; echo "$bytes"; else echo "unreadable $bytes"; fi',
].join('\n');

export interface FileReport {
  exists: boolean;
  /** Permission bits with setuid, setgid and sticky (`stat %a`), as a number. */
  mode?: number;
  owner?: number;
  group?: number;
  /** `regular file`, `directory`, … of the path after following links. */
  type?: string;
  /** The symbolic link's target as written (`readlink`), or undefined when the path is no link. */
  link?: string;
  /** `tmpfs`, `ext2/ext3`, `overlayfs` … (`stat -f %T`). */
  filesystem?: string;
  bytes?: Buffer;
  /** Why the bytes could not be read (a file the container's user may not read). */
  unreadable?: string;
}

export function parseFileReport(stdout: string): FileReport {
  const lines = stdout.split('\n');
  const report: FileReport = { exists: false };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    switch (key) {
      case 'exists':
        report.exists = value === 'yes';
        break;
      case 'stat': {
        const [mode, owner, group] = value.split(' ');
        report.mode = Number.parseInt(mode ?? '', 8);
        report.owner = Number(owner);
        report.group = Number(group);
        break;
      }
      case 'type':
        // stat says "regular empty file" for an empty one: its type is still a regular file.
        report.type = value === 'regular empty file' ? 'regular file' : value;
        break;
      case 'link':
        report.link = value === '' ? undefined : value;
        break;
      case 'filesystem':
        report.filesystem = value;
        break;
      case 'unreadable':
        report.unreadable = value;
        break;
      case 'bytes': {
        const hex = lines
          .slice(i + 1)
          .join(' ')
          .split(/\s+/)
          .filter(Boolean);
        report.bytes = Buffer.from(hex.map((h) => Number.parseInt(h, 16)));
        return report;
      }
    }
  }
  return report;
}

export const FILE_ATTRIBUTES = [
  'mode',
  'permissions',
  'owner',
  'group',
  'type',
  'link',
  'filesystem',
  'content',
  'content in hex',
] as const;
export type FileAttribute = (typeof FILE_ATTRIBUTES)[number];

/** `0644` → 0o644; refuses what is not an octal mode. */
export function parseMode(text: string): number {
  if (!/^[0-7]{3,4}$/.test(text)) throw new ScenarioError(`file mode ${quote(text)}: write it in octal, like 0644`);
  return Number.parseInt(text, 8);
}

export const formatMode = (mode: number | undefined) =>
  mode === undefined || Number.isNaN(mode) ? '(none)' : `0${mode.toString(8).padStart(3, '0')}`;

const hexOf = (bytes: Buffer) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** The attribute's value in the report as the table writes it, or why it has none. */
function observedText(report: FileReport, attribute: FileAttribute): string {
  switch (attribute) {
    case 'mode':
      return formatMode(report.mode);
    case 'permissions':
      return formatMode(report.mode === undefined ? undefined : report.mode & 0o777);
    case 'owner':
      return String(report.owner);
    case 'group':
      return String(report.group);
    case 'type':
      return report.type ?? '(none)';
    case 'link':
      return report.link ?? 'none';
    case 'filesystem':
      return report.filesystem ?? '(none)';
    case 'content':
    case 'content in hex':
      if (report.unreadable !== undefined) return `unreadable (${report.unreadable})`;
      if (!report.bytes) return `no content (${report.type ?? 'not a file'})`;
      return attribute === 'content' ? quote(report.bytes.toString('utf8')) : hexOf(report.bytes);
  }
}

function holds(report: FileReport, attribute: FileAttribute, expected: string): boolean {
  const negated = /^not (.+)$/.exec(expected);
  if (negated && (attribute === 'filesystem' || attribute === 'type' || attribute === 'link')) {
    return !holds(report, attribute, negated[1] ?? '');
  }
  switch (attribute) {
    case 'mode':
      return report.mode === parseMode(expected);
    case 'permissions':
      return report.mode !== undefined && (report.mode & 0o777) === parseMode(expected);
    case 'owner':
      return report.owner === Number(expected);
    case 'group':
      return report.group === Number(expected);
    case 'type':
      return report.type === expected;
    case 'link':
      return (report.link ?? 'none') === expected;
    case 'filesystem':
      return report.filesystem === expected;
    case 'content': {
      if (report.bytes === undefined) return false;
      const pattern = /^\/(.+)\/$/s.exec(expected);
      if (pattern) return new RegExp(`^(?:${pattern[1]})$`).test(report.bytes.toString('utf8'));
      return report.bytes.equals(Buffer.from(expected, 'utf8'));
    }
    case 'content in hex':
      return report.bytes !== undefined && hexOf(report.bytes) === expected.toLowerCase().trim().split(/\s+/).join(' ');
  }
}

export function parseAttribute(text: string): FileAttribute {
  const attribute = FILE_ATTRIBUTES.find((a) => a === text.trim());
  if (!attribute) {
    throw new ScenarioError(`unknown file attribute ${quote(text)}: use ${FILE_ATTRIBUTES.join(', ')}`);
  }
  return attribute;
}

/**
 * One line per expected attribute the file does not have: `mode: expected 0400, observed 0644`.
 * `filesystem`, `type` and `link` also take `not <value>` (`not tmpfs`: the node's disk, whatever
 * its filesystem); `link none` means the path is no symbolic link; a `content` written `/…/` is a
 * regular expression the whole content must match.
 */
export function fileMismatches(expected: [string, string][], report: FileReport): string[] {
  if (!report.exists) return ['expected the file to exist, observed no such file'];
  return expected.flatMap(([name, value]) => {
    const attribute = parseAttribute(name);
    if (holds(report, attribute, value)) return [];
    const shown = attribute === 'content' ? quote(value) : value;
    return [`${attribute}: expected ${shown}, observed ${observedText(report, attribute)}`];
  });
}

/** Every fact of the report on one line each, for the log and a failure's details. */
export function describeFileReport(report: FileReport): string {
  if (!report.exists) return 'no such file';
  return FILE_ATTRIBUTES.map((a) => `${a}: ${observedText(report, a)}`).join('\n');
}

/**
 * Waits inside the container, without a round trip per look, until "$1" holds what "$2" asks
 * for: `content` the exact bytes whose md5 is "$3", `line` a line equal to "$3", `absent` no such
 * path; for at most "$4" seconds on the container's clock. Prints `reached <seconds since the
 * epoch>` or, at the end, what the file held last as FILE_REPORT_SCRIPT prints bytes (`bytes` and
 * od hex, or `exists no`). The image's own tools only (busybox md5sum, grep, od, date, sleep): the
 * kubelet gives no signal when it rewrites a volume, so the container looks ten times a second.
 */
export const FILE_WAIT_SCRIPT = [
  'f="$1"; how="$2"; want="$3"; end=$(( $(date +%s) + $4 ))',
  'reached() {',
  '  case "$how" in',
  '    absent) [ ! -e "$f" ] && [ ! -L "$f" ] ;;',
  '    line) grep -qxF -- "$want" "$f" 2>/dev/null ;;',
  '    *) got=$(md5sum < "$f" 2>/dev/null) && [ "${got%% *}" = "$want" ] ;;',
  '  esac',
  '}',
  'while :; do',
  '  if reached; then echo "reached $(date +%s)"; exit 0; fi',
  '  [ "$(date +%s)" -ge "$end" ] && break',
  '  sleep 0.1',
  'done',
  'if [ -e "$f" ]; then echo "bytes"; od -An -v -tx1 "$f" 2>&1 | head -64; else echo "exists no"; fi',
  'exit 1',
].join('\n');

/** What a wait inside the container waits for (FILE_WAIT_SCRIPT's "$2" and "$3"). */
export type FileGoal = { how: 'content'; text: string } | { how: 'line'; text: string } | { how: 'absent' };

/** The script's arguments for a goal: the md5 of exact content, the line itself, or nothing. */
export function goalArguments(goal: FileGoal): [string, string] {
  if (goal.how === 'absent') return ['absent', ''];
  return [goal.how, goal.how === 'content' ? contentDigest(goal.text) : goal.text];
}

/** The md5 of the expected content, as `md5sum` prints it. */
export function contentDigest(text: string): string {
  return createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex');
}

/**
 * Expected content as a step writes it: `\n`, `\t` and `\\` stand for a newline, a tab and a
 * backslash (a Secret's value often ends with a newline).
 */
export function unescapeContent(text: string): string {
  return text.replace(/\\([nt\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

/** What the file held when a wait ended without reaching its goal: `"value-1"`, or `no such file`. */
export function lastSeen(waitOutput: string): string {
  const at = waitOutput.indexOf('bytes\n');
  if (at < 0) return waitOutput.includes('exists no') ? 'no such file' : quote(waitOutput.trim());
  const report = parseFileReport(`exists yes\n${waitOutput.slice(at)}`);
  return quote(report.bytes?.toString('utf8') ?? '');
}
