import { describe, expect, it } from 'vitest';
import { consoleProgress, LOG_UPDATE_INTERVAL_MS } from '../../clusters/index.ts';
import { MODULE_FETCHED, moduleCount } from '../../clusters/shared/go-build.ts';

function terminal(isTTY: boolean) {
  let t = 0;
  const written: string[] = [];
  const progress = consoleProgress('local', { write: (text) => written.push(text), isTTY }, () => t);
  return { progress, written, advance: (ms: number) => (t += ms) };
}

describe('cold-build progress', () => {
  it('rewrites one line on a terminal, and a plain line replaces it', () => {
    const c = terminal(true);
    c.progress.step('building etcd');
    c.advance(1_000);
    c.progress.update('etcd: 1 of 581 packages compiled, 1s');
    c.advance(1_000);
    c.progress.update('etcd: 2 of 581 packages compiled, 2s');
    c.progress.done('built etcd');
    expect(c.written).toEqual([
      '[local +0.0s] building etcd\n',
      '\r\x1b[K[local +1.0s] etcd: 1 of 581 packages compiled, 1s',
      '\r\x1b[K[local +2.0s] etcd: 2 of 581 packages compiled, 2s',
      '\r\x1b[K[local +2.0s] built etcd\n',
    ]);
  });

  it('prints plain lines in a log, at most one per interval', () => {
    const c = terminal(false);
    c.progress.update('1 of 9');
    c.advance(LOG_UPDATE_INTERVAL_MS - 1);
    c.progress.update('2 of 9');
    c.advance(1);
    c.progress.update('3 of 9');
    c.progress.done('built');
    expect(c.written).toEqual([
      '[local +0.0s] 1 of 9\n',
      `[local +${(LOG_UPDATE_INTERVAL_MS / 1000).toFixed(1)}s] 3 of 9\n`,
      `[local +${(LOG_UPDATE_INTERVAL_MS / 1000).toFixed(1)}s] built\n`,
    ]);
    expect(c.written.join('')).not.toContain('\r');
  });

  it('counts module downloads against the zips go.sum records', () => {
    const goSum = [
      'github.com/a/b v1.0.0 h1:abc=',
      'github.com/a/b v1.0.0/go.mod h1:def=',
      'golang.org/x/sys v0.1.0/go.mod h1:ghi=',
      'golang.org/x/sys v0.2.0 h1:jkl=',
      '',
    ].join('\n');
    expect(moduleCount(goSum)).toBe(2);
    expect(
      MODULE_FETCHED.test('# get https://proxy.golang.org/go.etcd.io/raft/v3/@v/v3.6.0.zip: 200 OK (0.027s)'),
    ).toBe(true);
    expect(MODULE_FETCHED.test('# get https://proxy.golang.org/go.etcd.io/raft/v3/@v/v3.6.0.zip')).toBe(false);
    expect(
      MODULE_FETCHED.test('# get https://proxy.golang.org/go.etcd.io/raft/v3/@v/v3.6.0.mod: 200 OK (0.002s)'),
    ).toBe(false);
  });
});
