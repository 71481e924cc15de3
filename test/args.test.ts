import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseRunArgs } from '../scripts/args.ts';
import { UsageError } from '../scripts/shared/exit.ts';
import { placeholderProblems } from '../support/manifest.ts';

/** The one-line refusal `parser` gives `argv`. */
function refusedBy(parser: (argv: string[], env: NodeJS.ProcessEnv) => unknown) {
  return (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
    try {
      parser(argv, env);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error(`accepted ${argv.join(' ')}`);
  };
}

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseRunArgs(argv, env);
const refusal = refusedBy(parseRunArgs);
const commandRefusal = refusedBy(parseCommandLine);

describe('pod-conformance options', () => {
  it('accept the documented options', () => {
    expect(parse(['--tags', '@INIT-01 or @INIT-02', '--keep', 'failed', '--parallel', '3', '--report'])).toEqual({
      help: false,
      report: true,
      tags: '@INIT-01 or @INIT-02',
      keep: 'failed',
      parallel: 3,
    });
    expect(parse([]).parallel).toBeUndefined();
    expect(parse([], { POD_CONFORMANCE_PARALLEL: '1' }).parallel).toBe(1);
    expect(parse(['-h']).help).toBe(true);
  });

  it('name an unknown option and list the known ones', () => {
    expect(refusal(['--tag', '@X'])).toBe(
      'unknown option --tag; run takes --tags, --kubeconfig, --context, --provider, --keep, --parallel, --report, --repeat, --reports-dir, --in-cluster (pod-conformance help run)',
    );
    expect(refusal(['--scenarios-only'])).toMatch(/^unknown option --scenarios-only;/);
  });

  it('refuse worker counts that are not whole numbers from 1 up', () => {
    for (const value of ['abc', '0', '-3', '1.5', '2x', '65']) {
      expect(refusal(['--parallel', value])).toBe(
        `--parallel must be a whole number of workers from 1 to 64 (got "${value}"); for example --parallel 2`,
      );
    }
    expect(refusal([], { POD_CONFORMANCE_PARALLEL: 'two' })).toMatch(
      /^POD_CONFORMANCE_PARALLEL must be a whole number/,
    );
  });

  it('refuse malformed values, naming the option', () => {
    expect(refusal(['--keep', 'sometimes'])).toMatch(/^--keep takes "failed" or "always" \(got "sometimes"\)/);
    expect(refusal(['--provider', 'kind2'])).toMatch(/^--provider takes "local" or "kind" or "existing"/);
    expect(refusal(['--tags'])).toMatch(/^--tags needs a value/);
    expect(refusal(['--tags', '--keep', 'failed'])).toMatch(/^--tags needs a value/);
    expect(refusal(['--tags', ' '])).toMatch(/^--tags needs a value \(got " "\)/);
    expect(refusal(['--report=yes'])).toMatch(/^--report takes no value/);
    expect(refusal(['--kubeconfig', '/nonexistent/kubeconfig'])).toMatch(/no such file/);
    expect(refusal([], { POD_CONFORMANCE_PROVIDER: 'docker' })).toMatch(/^POD_CONFORMANCE_PROVIDER takes/);
  });

  it('refuse an unfinished tag expression before cucumber sees it', () => {
    expect(refusal(['--tags', '@INIT-01 and ('])).toMatch(/^--tags "@INIT-01 and \(" is not a valid tag expression/);
    expect(refusal(['--tags', '@INIT-01 and'])).toMatch(/is not a valid tag expression/);
  });

  it('say that "--" is missing when npm took an option for itself', () => {
    const npm = { npm_lifecycle_event: 'scenarios', npm_config_tags: 'true' };
    expect(refusal(['@INIT-01'], npm)).toBe(
      'npm took --tags as its own option because "--" is missing; put "--" before the suite\'s options: npm run scenarios -- --tags …',
    );
    // The same variable outside an npm script is somebody else's.
    expect(parse([], { npm_config_tags: 'true' }).tags).toBeUndefined();
    expect(refusal(['@INIT-01'])).toMatch(/^unexpected argument "@INIT-01"/);
  });
});

describe('the command line', () => {
  it('takes a command, then its options', () => {
    expect(parseCommandLine(['run', '--tags', '@POD-09', '--report'], {})).toEqual({
      command: 'run',
      options: { help: false, report: true, tags: '@POD-09' },
    });
    expect(parseCommandLine(['test'], {}).command).toBe('test');
    expect(parseCommandLine(['list', '--tags', '@INIT-02'], {}).options.tags).toBe('@INIT-02');
  });

  it('prints the usage for help, --help and -h, wherever it stands', () => {
    for (const argv of [['help'], ['--help'], ['-h'], ['run', '--help'], ['list', '-h']])
      expect(parseCommandLine(argv, {}).command).toBe('help');
  });

  it("gives each command its own page: help <command> and <command> --help, the cluster's too", () => {
    expect(parseCommandLine(['help'], {}).topic).toBeUndefined();
    expect(parseCommandLine(['--help'], {}).topic).toBeUndefined();
    for (const argv of [
      ['help', 'run'],
      ['run', '--help'],
      ['run', '--tags', '@A', '-h'],
    ]) {
      expect(parseCommandLine(argv, {})).toMatchObject({ command: 'help', topic: 'run' });
    }
    expect(parseCommandLine(['cluster', '--help'], {})).toMatchObject({ command: 'help', topic: 'cluster' });
    expect(parseCommandLine(['cluster', 'up', '-h'], {})).toMatchObject({ command: 'help', topic: 'cluster' });
    expect(parseCommandLine(['help', 'cluster'], {}).topic).toBe('cluster');
    expect(commandRefusal(['help', 'runn'])).toBe(
      'help: unknown command "runn"; the commands are run, test, list, report, cleanup, catalogue, matrix, bench, cluster, version, completion, help',
    );
    expect(commandRefusal(['help', 'run', 'list'])).toMatch(/^help takes at most one command \(got 2/);
  });

  it('prints the version for --version and version, and a completion script for bash or zsh', () => {
    expect(parseCommandLine(['--version'], {}).command).toBe('version');
    expect(parseCommandLine(['version', '-o', 'json'], {})).toMatchObject({ command: 'version', output: 'json' });
    expect(commandRefusal(['version', '-o', 'wide'])).toMatch(/^version takes -o json only/);
    expect(commandRefusal(['run', '--version'])).toMatch(/^--version stands alone/);
    expect(parseCommandLine(['completion', 'zsh'], {})).toMatchObject({ command: 'completion', shell: 'zsh' });
    expect(commandRefusal(['completion'])).toBe(
      'completion needs one shell, bash or zsh (got none); for example source <(pod-conformance completion bash)',
    );
    expect(commandRefusal(['completion', 'fish'])).toMatch(/^completion needs one shell, bash or zsh \(got "fish"\)/);
  });

  it('takes --reports-dir where a command writes or reads reports, and refuses it elsewhere', () => {
    expect(parseCommandLine(['run', '--reports-dir', '/tmp/r'], {}).reportsDir).toBe('/tmp/r');
    expect(parseCommandLine(['report', '--reports-dir=out'], {}).reportsDir).toBe('out');
    expect(parseCommandLine(['bench', '--reports-dir', 'out'], {}).runArgv).toEqual(['--reports-dir', 'out']);
    expect(commandRefusal(['run', '--reports-dir'])).toMatch(/^--reports-dir needs a value/);
    expect(commandRefusal(['run', '--reports-dir', ' '])).toMatch(/^--reports-dir needs a value \(got " "\)/);
    expect(commandRefusal(['list', '--reports-dir', 'x'])).toMatch(
      /^list takes only --tags, -o\/--output .*not --reports-dir/,
    );
  });

  it('refuses a missing or unknown command, naming the commands', () => {
    expect(commandRefusal([])).toMatch(
      /^no command given; the commands are run, test, list, report, cleanup, catalogue, matrix, bench, cluster, version, completion, help/,
    );
    expect(commandRefusal(['--tags', '@POD-09'])).toMatch(/^no command given/);
    expect(commandRefusal(['conformance'])).toBe(
      'unknown command "conformance"; the commands are run, test, list, report, cleanup, catalogue, matrix, bench, cluster, version, completion, help (pod-conformance --help)',
    );
  });

  it('hands cluster its own arguments (clusters/cli.ts parses them)', () => {
    expect(parseCommandLine(['cluster', 'kubeconfig', '--provider', 'local'], {})).toEqual({
      command: 'cluster',
      options: { help: false, report: false },
      clusterArgs: ['kubeconfig', '--provider', 'local'],
    });
  });

  it('lets list take --tags and -o only: it touches no cluster', () => {
    expect(commandRefusal(['list', '--kubeconfig', '/etc/hostname'])).toBe(
      'list takes only --tags, -o/--output (it needs no cluster), not --kubeconfig; pod-conformance help list',
    );
    // not the run options: the ones list takes, and the -o it was after
    expect(commandRefusal(['list', '--json'])).toBe(
      'unknown option --json; list takes --tags, -o/--output; for json output use -o json (pod-conformance help list)',
    );
    expect(parseCommandLine(['list', '-o', 'json'], {}).output).toBe('json');
    expect(parseCommandLine(['list', '--output=wide', '--tags', '@A'], {})).toEqual({
      command: 'list',
      options: { help: false, report: false, tags: '@A' },
      output: 'wide',
    });
    expect(commandRefusal(['list', '-o', 'yaml'])).toBe('-o takes "json" or "wide" (got "yaml"); for example -o json');
    expect(commandRefusal(['list', '-o'])).toMatch(/^-o needs a value/);
    expect(commandRefusal(['list', '--parallel=2'])).toMatch(/not --parallel/);
    expect(commandRefusal(['cleanup', '--tags', '@X'])).toMatch(
      /^cleanup takes only --kubeconfig, --context, --provider \(it only picks a cluster\), not --tags/,
    );
    expect(commandRefusal(['report', '--report'])).toMatch(/^report takes only --reports-dir .*not --report/);
    expect(parseCommandLine(['cleanup', '--provider', 'local'], {}).options.provider).toBe('local');
  });

  it('gives catalogue at most one reports directory and --upstream only', () => {
    expect(parseCommandLine(['catalogue'], {})).toEqual({
      command: 'catalogue',
      options: { help: false, report: false },
      paths: [],
    });
    expect(parseCommandLine(['catalogue', 'runs/a'], {}).paths).toEqual(['runs/a']);
    expect(parseCommandLine(['catalogue', '--help'], {}).command).toBe('help');
    expect(commandRefusal(['catalogue', 'a', 'b'])).toMatch(/^catalogue takes at most one reports directory \(got 2/);
    expect(commandRefusal(['catalogue', '--tags', '@X'])).toMatch(/^catalogue takes only --upstream, .*not --tags/);
    expect(commandRefusal(['catalogue', '--out', 'x'])).toMatch(/^catalogue takes only --upstream, .*not --out/);
    expect(parseCommandLine(['catalogue', '-o', 'json'], {}).output).toBe('json');
    expect(commandRefusal(['catalogue', '--upstream', '-o', 'wide'])).toMatch(/^catalogue --upstream has no wide form/);
    expect(parseCommandLine(['catalogue', '--upstream', 'runs/a'], {})).toEqual({
      command: 'catalogue',
      options: { help: false, report: false },
      paths: ['runs/a'],
      upstream: true,
    });
    expect(commandRefusal(['catalogue', '--upstream=yes'])).toMatch(/^--upstream takes no value/);
    expect(commandRefusal(['matrix', 'a', 'b', '--upstream'])).toMatch(/^matrix takes only --out, .*not --upstream/);
  });

  it('gives matrix two runs or more and --out only', () => {
    expect(parseCommandLine(['matrix', 'a/', 'b/conformance.json', '--out', '/tmp/m.html'], {})).toEqual({
      command: 'matrix',
      options: { help: false, report: false },
      paths: ['a/', 'b/conformance.json'],
      out: '/tmp/m.html',
    });
    expect(parseCommandLine(['matrix', 'a', 'b'], {}).out).toBeUndefined();
    expect(commandRefusal(['matrix', 'a'])).toMatch(/^matrix needs at least two runs to put side by side \(got 1\)/);
    expect(commandRefusal(['matrix'])).toMatch(/\(got 0\)/);
    expect(commandRefusal(['matrix', 'a', 'b', '--out'])).toMatch(/^--out needs a value/);
    expect(commandRefusal(['matrix', 'a', 'b', '--tags', '@X'])).toMatch(/^matrix takes only --out, .*not --tags/);
    // npm run matrix a b --out x (no "--") hands --out to npm
    expect(
      commandRefusal(['matrix', 'a', 'b', 'x'], { npm_lifecycle_event: 'matrix', npm_config_out: 'true' }),
    ).toMatch(/^npm took --out as its own option because "--" is missing/);
  });

  it('checks the run options of bench and hands them on as given', () => {
    expect(parseCommandLine(['bench', '--tags', '@POD-09', '--parallel', '2'], {})).toEqual({
      command: 'bench',
      options: { help: false, report: false, tags: '@POD-09', parallel: 2 },
      runArgv: ['--tags', '@POD-09', '--parallel', '2'],
    });
    expect(parseCommandLine(['bench', '-h'], {}).command).toBe('help');
    expect(commandRefusal(['bench', '--keep', 'sometimes'])).toMatch(/^--keep takes "failed" or "always"/);
    expect(commandRefusal(['bench', '--tags', '@A and'])).toMatch(/is not a valid tag expression/);
  });

  it('checks option values before any command runs', () => {
    expect(commandRefusal(['run', '--parallel', '0'])).toMatch(/^--parallel must be a whole number/);
    expect(commandRefusal(['list', '--tags', '@A and'])).toMatch(/is not a valid tag expression/);
    expect(commandRefusal(['run', 'extra'])).toMatch(/^unexpected argument "extra"/);
  });

  it('names the help the way the command was started', () => {
    expect(commandRefusal(['run', '--bogus'], { npm_lifecycle_event: 'test' })).toMatch(/\(npm test -- --help\)$/);
    expect(commandRefusal(['run', '--bogus'], { npm_lifecycle_event: 'scenarios' })).toMatch(
      /\(npm run scenarios -- --help\)$/,
    );
    expect(commandRefusal(['run', '--bogus'])).toMatch(/\(pod-conformance help run\)$/);
    expect(commandRefusal(['--bogus'])).toMatch(/\(pod-conformance --help\)$/);
    // npx and npm exec run the command, not a script called "npx"
    expect(commandRefusal(['bogus'], { npm_lifecycle_event: 'npx' })).toMatch(/\(npx pod-conformance --help\)$/);
    expect(commandRefusal(['run', '--bogus'], { npm_lifecycle_event: 'exec' })).toMatch(
      /\(npx pod-conformance run --help\)$/,
    );
    expect(() =>
      parseCommandLine(['run', '--tags', '@A'], { npm_lifecycle_event: 'npx', npm_config_tags: 'x' }),
    ).not.toThrow();
  });
});

describe('manifest placeholders', () => {
  const images = ['busybox', 'pause'];
  const check = (text: string) => placeholderProblems(text, 'features/a.feature:4 (scenario "S")', images, 10);

  it('accept the known ones and shell expansions', () => {
    expect(
      check(
        'image: ${images.busybox}\nhost: svc.${namespace}.svc\nx: ${ namespace }\nargs: ["echo ${line:-none} ${HOME} ${#list} ${path%/*} ${name_space_id}"]',
      ),
    ).toEqual([]);
  });

  it('name a mistyped namespace with the line in the feature file', () => {
    expect(check('a: 1\nhost: svc.${namspace}.svc')).toEqual([
      'features/a.feature:4 (scenario "S") at line 12: unknown placeholder ${namspace}; did you mean ${namespace}?',
    ]);
    expect(check('${Namespace} ${namespaces} ${NAMESPACE}')).toHaveLength(3);
  });

  it('name an unknown image and the images there are', () => {
    expect(check('image: ${images.nginx}')).toEqual([
      'features/a.feature:4 (scenario "S") at line 11: unknown image ${images.nginx}; the test images are ${images.busybox}, ${images.pause}',
    ]);
  });

  it('treat a dotted name as a placeholder (no shell variable has a dot)', () => {
    expect(check('${image.busybox}')[0]).toMatch(/unknown placeholder \$\{image\.busybox\}; manifests may use/);
  });

  it('accept node facts (the alias is named at run time) and reject an unknown fact', () => {
    expect(check('${nodes.target.hostname} ${nodes.first.name} ${nodes.n-2.ip}')).toEqual([]);
    expect(check('${nodes.target.uid}')[0]).toMatch(
      /unknown placeholder \$\{nodes\.target\.uid\}; .*\$\{nodes\.<alias>\.<name\|hostname\|ip>\}/,
    );
  });
});
