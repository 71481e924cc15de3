import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import {
  contentDigest,
  describeFileReport,
  fileMismatches,
  goalArguments,
  lastSeen,
  parseFileReport,
  unescapeContent,
} from '../support/checks/files.ts';

/** What FILE_REPORT_SCRIPT prints for a configMap file (busybox stat, readlink, od). */
const configMapFile = [
  'exists yes',
  'stat 644 0 0',
  'type regular file',
  'link ..data/data-1',
  'filesystem ext2/ext3',
  'bytes',
  ' 76 61 6c 75 65 2d 31',
  '',
].join('\n');

describe('a file read by exec', () => {
  it('parses mode, owner, group, type, link, filesystem and bytes', () => {
    const report = parseFileReport(configMapFile);
    expect(report).toMatchObject({
      exists: true,
      mode: 0o644,
      owner: 0,
      group: 0,
      type: 'regular file',
      link: '..data/data-1',
      filesystem: 'ext2/ext3',
    });
    expect(report.bytes?.toString('utf8')).toBe('value-1');
  });

  it('holds every attribute of the table to the file, naming each that differs', () => {
    const report = parseFileReport(configMapFile);
    expect(
      fileMismatches(
        [
          ['content', 'value-1'],
          ['mode', '0644'],
          ['owner', '0'],
          ['link', '..data/data-1'],
          ['filesystem', 'not tmpfs'],
          ['content in hex', '76 61 6C 75 65 2d 31'],
        ],
        report,
      ),
    ).toEqual([]);
    expect(
      fileMismatches(
        [
          ['mode', '0400'],
          ['content', 'value-1\n'],
          ['filesystem', 'tmpfs'],
          ['group', '1001'],
        ],
        report,
      ),
    ).toEqual([
      'mode: expected 0400, observed 0644',
      'content: expected "value-1\\n", observed "value-1"',
      'filesystem: expected tmpfs, observed ext2/ext3',
      'group: expected 1001, observed 0',
    ]);
  });

  it('tells mode with special bits from permissions alone (a tmpfs root is 1777)', () => {
    const report = parseFileReport('exists yes\nstat 1777 0 0\ntype directory\nlink\nfilesystem tmpfs\n');
    expect(fileMismatches([['permissions', '0777']], report)).toEqual([]);
    expect(fileMismatches([['mode', '0777']], report)).toEqual(['mode: expected 0777, observed 01777']);
    expect(fileMismatches([['link', 'none']], report)).toEqual([]);
    expect(fileMismatches([['content', 'x']], report)).toEqual([
      'content: expected "x", observed no content (directory)',
    ]);
  });

  it('calls an empty regular file a regular file', () => {
    const empty = parseFileReport(
      'exists yes\nstat 644 0 0\ntype regular empty file\nlink\nfilesystem tmpfs\nbytes\n\n',
    );
    expect(
      fileMismatches(
        [
          ['type', 'regular file'],
          ['content', ''],
        ],
        empty,
      ),
    ).toEqual([]);
  });

  it('reports a file the user may not read, and one that does not exist', () => {
    const unreadable = parseFileReport(
      'exists yes\nstat 400 0 0\ntype regular file\nlink\nfilesystem tmpfs\nunreadable od: f: Permission denied\n',
    );
    expect(fileMismatches([['content', 'a']], unreadable)).toEqual([
      'content: expected "a", observed unreadable (od: f: Permission denied)',
    ]);
    const missing = parseFileReport('exists no\n');
    expect(fileMismatches([['mode', '0644']], missing)).toEqual(['expected the file to exist, observed no such file']);
    expect(describeFileReport(missing)).toBe('no such file');
  });

  it('refuses an unknown attribute and a mode that is not octal', () => {
    const report = parseFileReport(configMapFile);
    expect(() => fileMismatches([['colour', 'red']], report)).toThrow(ScenarioError);
    expect(() => fileMismatches([['mode', '644x']], report)).toThrow('write it in octal');
  });

  it('matches content against a regular expression written /…/', () => {
    const report = parseFileReport(
      'exists yes\nstat 644 0 0\ntype regular file\nlink\nfilesystem ext2/ext3\nbytes\n 61 3d 22 62 22 0a 6b 3d 22 76 22\n',
    );
    expect(fileMismatches([['content', '/a="b"(\\nk=".*")*/']], report)).toEqual([]);
    expect(fileMismatches([['content', '/a="c"(\\nk=".*")*/']], report)).toHaveLength(1);
  });

  it('gives a wait inside the container its goal', () => {
    expect(goalArguments({ how: 'content', text: 'value-1' })).toEqual(['content', '71baeedb0bbbbbb8237b15dcb601c7a1']);
    expect(goalArguments({ how: 'line', text: 'builder="foo"' })).toEqual(['line', 'builder="foo"']);
    expect(goalArguments({ how: 'absent' })).toEqual(['absent', '']);
  });

  it('names what a wait saw last', () => {
    expect(lastSeen('bytes\n 76 61 6c 75 65 2d 33\n')).toBe('"value-3"');
    expect(lastSeen('exists no\n')).toBe('no such file');
  });

  it('unescapes expected content and digests it as md5sum does', () => {
    expect(unescapeContent('value-1\\n')).toBe('value-1\n');
    expect(unescapeContent('a\\\\nb')).toBe('a\\nb');
    expect(contentDigest('value-1')).toBe('71baeedb0bbbbbb8237b15dcb601c7a1');
  });
});
