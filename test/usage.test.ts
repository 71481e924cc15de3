import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, COMMANDS, parseCommandLine } from '../scripts/args.ts';
import { commandPage, completionScript, overview, PAGE_WIDTH, usage, wrap } from '../scripts/usage.ts';

const pages = (): [string, string][] => [
  ['overview', overview()],
  ...COMMANDS.map((c): [string, string] => [c, commandPage(c)]),
];

describe('the help pages', () => {
  it('fit in 80 columns, every one of them', () => {
    const long = pages().flatMap(([name, page]) =>
      page
        .split('\n')
        .filter((l) => l.length > PAGE_WIDTH)
        .map((l) => `${name}: ${l}`),
    );
    expect(long).toEqual([]);
  });

  it('give every command a page of its own, with its usage, its options and examples', () => {
    for (const command of COMMANDS) {
      const page = commandPage(command);
      expect(page.split('\n')[0]).toMatch(new RegExp(`^usage: pod-conformance ${command}\\b`));
      expect(page).toMatch(/^examples:\n {2}\S/m);
      expect(page).toMatch(/^ {2}-h, --help +print this page$/m);
      for (const option of COMMAND_SPECS[command].options) expect(page, command).toContain(`--${option}`);
    }
    // a page names only the options its command takes
    expect(commandPage('list')).not.toContain('--kubeconfig');
    expect(commandPage('run')).not.toContain('--output');
    expect(commandPage('report')).not.toContain('--tags');
  });

  it('name the report files and the exit codes', () => {
    const page = overview();
    for (const file of ['junit.xml', 'conformance.json', 'messages.ndjson', 'html/behaviours.html', 'html/index.html'])
      expect(page).toContain(file);
    expect(page).toMatch(/^exit codes:\n {2}0 +every selected scenario passed/m);
    expect(commandPage('run')).toContain('junit.xml');
    expect(page).toContain('pod-conformance help <command>');
  });

  it('are what help <command> and <command> --help print', () => {
    const help = parseCommandLine(['help', 'matrix'], {});
    const flag = parseCommandLine(['matrix', '--help'], {});
    expect(usage(help.topic)).toBe(commandPage('matrix'));
    expect(usage(flag.topic)).toBe(commandPage('matrix'));
    expect(usage(parseCommandLine(['--help'], {}).topic)).toBe(overview());
  });

  it('wrap words at the width, indenting the lines after the first', () => {
    expect(wrap('a '.repeat(50), 4, 0).map((l) => l.length)).toEqual([79, 23]);
    expect(wrap('one two', 2)).toEqual(['  one two']);
  });
});

describe('completion', () => {
  /** What the bash completion offers for each list of words typed so far (the last one being completed): one bash for all. */
  const completeAll = (shellScript: string, cases: string[][]): string[][] => {
    const calls = cases.map(
      (words) =>
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=()\n_pod_conformance; printf '%s\\n' "\${COMPREPLY[@]}"; echo '--end--'`,
    );
    const out = execFileSync('bash', ['-c', `${shellScript}\n${calls.join('\n')}`], { encoding: 'utf8', cwd: '/' });
    return out
      .split('--end--\n')
      .slice(0, cases.length)
      .map((block) => block.split('\n').filter(Boolean));
  };
  const bash = completionScript('bash');

  it('offers the commands, then each command its own options', () => {
    expect(
      completeAll(bash, [
        ['pod-conformance', ''],
        ['pod-conformance', 'c'],
        ['pod-conformance', 'list', '-'],
        ['pod-conformance', 'run', '--re'],
      ]),
    ).toEqual([
      [...COMMANDS, '--help', '--version'],
      ['cleanup', 'catalogue', 'cluster', 'completion'],
      ['--tags', '--output', '--help', '-o'],
      ['--report', '--repeat', '--reports-dir'],
    ]);
  }, 60_000);

  it("offers an option's choices, the shells, the commands help knows, cluster's subcommands", () => {
    expect(
      completeAll(bash, [
        ['pod-conformance', 'run', '--provider', ''],
        ['pod-conformance', 'list', '-o', ''],
        ['pod-conformance', 'completion', ''],
        ['pod-conformance', 'help', 'ma'],
        ['pod-conformance', 'cluster', 'st'],
        ['pod-conformance', 'run', '--tags', ''],
      ]),
    ).toEqual([['local', 'kind', 'existing'], ['json', 'wide'], ['--help', 'bash', 'zsh'], ['matrix'], ['status'], []]);
  }, 60_000);

  it('gives zsh the same function through bashcompinit', () => {
    const zsh = completionScript('zsh');
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('complete -F _pod_conformance pod-conformance');
  });
});
