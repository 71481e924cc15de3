import { DataTable } from '@cucumber/cucumber';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { describe, expect, it } from 'vitest';
import { Duration } from '../support/duration.ts';
import { substitute } from '../support/manifest.ts';
import { oneOf, parseList, parseNumbers, parsePattern, resolvePlaceholders } from '../steps/arguments.ts';
import { PARAMETER_TYPES } from '../steps/parameter-types.ts';

const vars = {
  namespace: 'pc-abc',
  images: { busybox: 'registry.local/busybox:1.35' },
  nodes: new Map([['target', { name: 'node-1', hostname: 'node-1.local', ip: '10.0.0.7' }]]),
};
const resolve = (text: string) => substitute(text, vars, 'x.feature:3');

describe('placeholders in step arguments', () => {
  it('are resolved in every string, list item and table cell', () => {
    const table = new DataTable([
      ['field', 'value'],
      ['nodeName', '${nodes.target.name}'],
    ]);
    const [command, words, pattern, cells] = resolvePlaceholders(
      [
        'ps | grep marker-of-${namespace}',
        ['to ${nodes.target.name}', 'plain'],
        parsePattern('to ${nodes.target.name}$'),
        table,
      ],
      resolve,
    );
    expect(command).toBe('ps | grep marker-of-pc-abc');
    expect(words).toEqual(['to node-1', 'plain']);
    expect(pattern).toEqual(/to node-1$/);
    expect((cells as DataTable).rowsHash()).toEqual({ field: 'value', nodeName: 'node-1' });
  });

  it('leave shell variables, other values and text without placeholders as they are', () => {
    const duration = Duration.parse('10 seconds');
    const calls: string[] = [];
    const resolved = resolvePlaceholders(['[ "${1##*/}" = kubelet ]', 3, duration, ['a']], (t) => {
      calls.push(t);
      return t;
    });
    expect(resolved).toEqual(['[ "${1##*/}" = kubelet ]', 3, duration, ['a']]);
    expect(resolved[2]).toBe(duration);
    expect(calls).toEqual([]);
  });

  it('fail naming an unknown image or node', () => {
    expect(() => resolvePlaceholders(['${images.nginx}'], resolve)).toThrow(
      /x.feature:3: unknown image placeholder \$\{images.nginx\}/,
    );
    expect(() => resolvePlaceholders(['${nodes.other.ip}'], resolve)).toThrow(/unknown node placeholder/);
  });
});

describe('lists and kinds', () => {
  it('split a list on commas, trimmed, without empty items', () => {
    expect(parseList('Init:0/2, PodInitializing ,Running,')).toEqual(['Init:0/2', 'PodInitializing', 'Running']);
    expect(parseNumbers('0, 10, 20.5')).toEqual([0, 10, 20.5]);
    expect(() => parseNumbers('0, ten')).toThrow('"0, ten" is not a list of numbers: write them like "0, 10, 20, 40"');
    expect(() => parseNumbers('-1')).toThrow(/is not a list of numbers/);
  });

  it('compile a pattern, or say what is wrong with it', () => {
    expect(parsePattern('Liveness probe failed: .*').test('Liveness probe failed: exit 1')).toBe(true);
    expect(() => parsePattern('exit (1')).toThrow(/^"exit \(1" is not a regular expression: .*Unterminated group/);
  });

  it('name the choices for a kind that is not one', () => {
    expect(oneOf('hook', ['postStart', 'preStop'], 'preStop')).toBe('preStop');
    expect(() => oneOf('probe kind', ['liveness', 'readiness', 'startup'], 'livenes')).toThrow(
      'unknown probe kind "livenes": use liveness, readiness or startup',
    );
  });
});

describe('parameter types', () => {
  const registry = new ParameterTypeRegistry();
  for (const t of PARAMETER_TYPES) {
    const transform = t.transformer ?? ((s: string) => s);
    registry.defineParameterType(
      new ParameterType(t.name, t.regexp, null, transform, t.useForSnippets, t.preferForRegexpMatch),
    );
  }
  const match = (expression: string, text: string) => new CucumberExpression(expression, registry).match(text);
  const values = (expression: string, text: string) => match(expression, text)?.map((a) => a.getValue(null));
  /** The new expression accepts exactly the texts the old one did. */
  const sameText = (before: string, after: string, texts: string[]) => {
    for (const text of texts) expect(match(after, text) !== null, text).toBe(match(before, text) !== null);
  };

  it('{probeKind} and {hookKind} accept what {word} did, and refuse a bad kind by name', () => {
    const texts = ['the liveness probe of x', 'the livenes probe of x', 'the two words probe of x', 'the  probe of x'];
    sameText('the {word} probe of x', 'the {probeKind} probe of x', texts);
    expect(values('the {probeKind} probe of x', 'the startup probe of x')).toEqual(['startup']);
    expect(() => values('the {probeKind} probe of x', 'the livenes probe of x')).toThrow(
      'unknown probe kind "livenes": use liveness, readiness or startup',
    );
    expect(() => values('the {hookKind} handler', 'the postStop handler')).toThrow(
      'unknown hook "postStop": use postStart or preStop',
    );
  });

  it('{list}, {numbers} and {pattern} accept what {string} did, unescaped the same way', () => {
    const texts = ['went "A, B"', "went 'A, \\'B'", 'went "say \\"hi\\", B"', 'went A, B', 'went ""', 'went "A" "B"'];
    sameText('went {string}', 'went {list}', texts);
    sameText('went {string}', 'went {numbers}', ['went "0, 10"', "went '0'", 'went 0, 10']);
    sameText('went {string}', 'went {pattern}', texts);
    for (const text of texts.filter((t) => match('went {string}', t))) {
      expect(values('went {list}', text), text).toEqual([parseList(values('went {string}', text)![0] as string)]);
    }
    expect(values('delays of {numbers} seconds', 'delays of "0, 10, 20" seconds')).toEqual([[0, 10, 20]]);
  });

  it('{podSubresource} names the subresources a step writes: status, ephemeral containers and resources', () => {
    expect(
      values('I patch the {podSubresource} of pod {string} with:', 'I patch the ephemeral containers of pod "p" with:'),
    ).toEqual(['ephemeral containers', 'p']);
    expect(
      values('I patch the {podSubresource} of pod {string} with:', 'I patch the resources of pod "p" with:'),
    ).toEqual(['resources', 'p']);
    expect(values('I patch the {podSubresource} of pod {string} with:', 'I patch the status of pod "p" with:')).toEqual(
      ['status', 'p'],
    );
    expect(
      match('I patch the {podSubresource} of pod {string} with:', 'I patch the binding of pod "p" with:'),
    ).toBeNull();
  });

  it("{objectKind} is any kind word but pod, whose deletion is the termination steps'", () => {
    expect(values('I delete {objectKind} {string}', 'I delete configmap "c"')).toEqual(['configmap', 'c']);
    expect(values('I delete {objectKind} {string}', 'I delete runtimeclass "ns-gone"')).toEqual([
      'runtimeclass',
      'ns-gone',
    ]);
    expect(match('I delete {objectKind} {string}', 'I delete pod "p"')).toBeNull();
    expect(match('I delete {objectKind} {string}', 'I delete the pods matching label selector "a=b"')).toBeNull();
  });

  it('{heldState} accepts what the two probe-window steps did', () => {
    const texts = [
      'pod "p" stays Ready with 0 restarts for 20 seconds',
      'pod "p" stays Ready with 1 restart for 20 seconds',
      'pod "p" stays Running but not Ready, with 1 restart, for 30 seconds',
      'pod "p" stays Running but not Ready, with 2 restarts, for 30 seconds',
      'pod "p" stays Running but not Ready with 2 restarts for 30 seconds',
      'pod "p" stays Ready with restarts for 20 seconds',
    ];
    for (const text of texts) {
      const before =
        match('pod {string} stays Ready with {int} restart(s) for {duration}', text) ??
        match('pod {string} stays Running but not Ready, with {int} restart(s), for {duration}', text);
      expect(match('pod {string} stays {heldState} for {duration}', text) !== null, text).toBe(before !== null);
    }
    const [, held] = values('pod {string} stays {heldState} for {duration}', texts[2]!)!;
    expect(held).toMatchObject({ decidedBy: ['readiness', 'liveness'] });
  });
});
