import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import {
  differences,
  excerpt,
  expectReadsBack,
  formatDifference,
  formatPath,
  lookup,
  parseFieldPath,
  parseScalar,
  scalarMatches,
} from '../support/checks/readback.ts';

const pod = {
  metadata: { name: 'p', labels: { 'kubernetes.io/hostname': 'node-1' }, managedFields: [{ manager: 'x' }] },
  spec: {
    containers: [
      { name: 'app', image: 'busybox', imagePullPolicy: 'Always', ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'busybox:1.37', imagePullPolicy: 'IfNotPresent' },
    ],
    tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    enableServiceLinks: true,
  },
  status: { qosClass: 'BestEffort' },
};

const value = (path: string) => {
  const found = lookup(pod, parseFieldPath(path));
  return found.found ? found.value : `missing: ${found.reason}`;
};

describe('field paths', () => {
  it('parse names, indexes, selections and dotted map keys', () => {
    expect(parseFieldPath('spec.containers[0].imagePullPolicy')).toEqual([
      { kind: 'key', key: 'spec' },
      { kind: 'key', key: 'containers' },
      { kind: 'index', index: 0 },
      { kind: 'key', key: 'imagePullPolicy' },
    ]);
    expect(parseFieldPath('spec.tolerations[key=node.kubernetes.io/not-ready].tolerationSeconds')[2]).toEqual({
      kind: 'select',
      field: 'key',
      value: 'node.kubernetes.io/not-ready',
    });
    expect(parseFieldPath('metadata.labels[kubernetes.io/hostname]')[2]).toEqual({
      kind: 'key',
      key: 'kubernetes.io/hostname',
    });
  });

  it('print back as written', () => {
    for (const text of ['spec.containers[0].image', 'spec.tolerations[key=a.b].effect', 'metadata.labels[a.b/c]']) {
      expect(formatPath(parseFieldPath(text))).toBe(text);
    }
  });

  it('reject malformed paths with a scenario error saying how to write one', () => {
    for (const bad of ['', 'spec.', '.spec', 'spec..x', 'spec.containers[0', 'spec[]', 'spec[=x]', 'a[0]b']) {
      expect(() => parseFieldPath(bad), bad).toThrow(ScenarioError);
    }
    expect(() => parseFieldPath('spec.containers[0')).toThrow(/unclosed "\[" at character 16; write it like/);
  });

  it('follow indexes, selections (compared as text) and map keys', () => {
    expect(value('spec.containers[0].imagePullPolicy')).toBe('Always');
    expect(value('spec.containers[name=side].image')).toBe('busybox:1.37');
    expect(value('spec.tolerations[key=node.kubernetes.io/not-ready].tolerationSeconds')).toBe(300);
    expect(value('spec.containers[0].ports[containerPort=80]')).toEqual({ containerPort: 80 });
    expect(value('metadata.labels[kubernetes.io/hostname]')).toBe('node-1');
    expect(value('status.qosClass')).toBe('BestEffort');
  });

  it('say how far a path got and why it stopped', () => {
    expect(value('spec.containers[2].image')).toBe('missing: spec.containers has 2 item(s), no index 2');
    expect(value('spec.nodeName')).toBe('missing: spec has no field "nodeName"');
    expect(value('spec.containers[name=nope].image')).toBe(
      'missing: spec.containers: 0 items have name="nope" (the list\'s name values: "app", "side")',
    );
    expect(value('spec.tolerations[operator=Exists].key')).toMatch(/2 items have operator="Exists"/);
    expect(value('status.qosClass.x')).toBe('missing: status.qosClass is the string "BestEffort", not a mapping');
    expect(value('spec.enableServiceLinks[0]')).toBe(
      'missing: spec.enableServiceLinks is the boolean true, not a list',
    );
  });

  it('give the object around the value for the failure message', () => {
    const found = lookup(pod, parseFieldPath('spec.containers[1].imagePullPolicy'));
    expect(found.parent).toBe(pod.spec.containers[1]);
    const missing = lookup(pod, parseFieldPath('spec.containers[1].command[0]'));
    expect(missing).toMatchObject({ found: false, resolved: 'spec.containers[1]', parent: pod.spec.containers[1] });
  });
});

describe('expected scalars', () => {
  it('are read as YAML', () => {
    expect(parseScalar('Always')).toBe('Always');
    expect(parseScalar('300')).toBe(300);
    expect(parseScalar('true')).toBe(true);
    expect(parseScalar('null')).toBeNull();
    expect(parseScalar('"300"')).toBe('300');
    expect(() => parseScalar('{a: 1}')).toThrow(/not a scalar; compare structured values with "… reads back as:"/);
  });

  it('match strings as written, numbers and booleans as scalars, null as absent', () => {
    expect(scalarMatches('Always', 'Always', 'Always')).toBe(true);
    expect(scalarMatches(300, 300, '300')).toBe(true);
    expect(scalarMatches(300, '300', '300')).toBe(true);
    expect(scalarMatches(true, 'true', 'true')).toBe(true);
    expect(scalarMatches(1.0, '1.0', '1.0')).toBe(true);
    expect(scalarMatches(null, undefined, 'null')).toBe(true);
    expect(scalarMatches(null, null)).toBe(true);
    expect(scalarMatches('Always', 'IfNotPresent', 'Always')).toBe(false);
    expect(scalarMatches(300, 30, '300')).toBe(false);
    expect(scalarMatches('300', 300, '"300"')).toBe(false);
    expect(scalarMatches(null, '', 'null')).toBe(false);
    expect(scalarMatches('x', { a: 1 }, 'x')).toBe(false);
  });
});

describe('partial objects', () => {
  it('are contained when every given key matches, lists by distinct items in any order', () => {
    expect(
      differences(
        {
          spec: {
            containers: [{ name: 'side', imagePullPolicy: 'IfNotPresent' }, { imagePullPolicy: 'Always' }],
            tolerations: [{ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 300 }],
          },
          status: { qosClass: 'BestEffort' },
        },
        pod,
      ),
    ).toEqual([]);
  });

  it('find an assignment of list items when a greedy one would fail', () => {
    expect(differences([{ a: 1 }, { a: 1, b: 2 }], [{ a: 1, b: 2 }, { a: 1 }])).toEqual([]);
    expect(differences([{ a: 1 }, { a: 1 }], [{ a: 1, b: 2 }])).toHaveLength(1);
  });

  it('name every differing path, with the closest stored item of an unmatched list item', () => {
    const diffs = differences(
      {
        metadata: { labels: { 'kubernetes.io/hostname': 'node-2' } },
        spec: { nodeName: 'node-1', containers: [{ name: 'app', imagePullPolicy: 'Never' }] },
      },
      pod,
    ).map(formatDifference);
    expect(diffs).toEqual([
      'metadata.labels[kubernetes.io/hostname]: expected "node-2", observed "node-1"',
      'spec.nodeName: expected "node-1", observed absent',
      'spec.containers: no stored item matches expected item 0 {"name":"app","imagePullPolicy":"Never"}; closest is item 0:',
      '    spec.containers[0].imagePullPolicy: expected "Never", observed "Always"',
    ]);
  });

  it('take the closest stored item by identity (name, type, key) before the fewest differences', () => {
    const diffs = differences({ spec: { containers: [{ name: 'side', imagePullPolicy: 'Always' }] } }, pod);
    expect(diffs.map(formatDifference)).toEqual([
      'spec.containers: no stored item matches expected item 0 {"name":"side","imagePullPolicy":"Always"}; closest is item 1:',
      '    spec.containers[1].imagePullPolicy: expected "Always", observed "IfNotPresent"',
    ]);
  });

  it('report type mismatches, empty lists, and accept null for an absent field', () => {
    expect(differences({ spec: { containers: { name: 'x' } } }, pod).map(formatDifference)).toEqual([
      'spec.containers: expected a mapping, observed a list',
    ]);
    expect(differences({ items: [{ a: 1 }] }, { items: [] }).map(formatDifference)).toEqual([
      'items: no stored item matches expected item 0 {"a":1}: the stored list is empty',
    ]);
    expect(differences({ spec: { nodeName: null } }, pod)).toEqual([]);
  });
});

describe('exact read-backs (equals)', () => {
  it('also fail on a key the expectation does not name, and tell null from absent', () => {
    expect(differences({ tcpSocket: { port: 9000 } }, { tcpSocket: { port: 9000, host: 'h' } }, '', 'equals')).toEqual([
      { path: 'tcpSocket.host', message: 'expected absent, observed "h"' },
    ]);
    expect(differences({ a: null }, {}, '', 'equals')).toEqual([
      { path: 'a', message: 'expected null, observed absent' },
    ]);
  });

  it('compare lists item by item in order, and scalars by value and type', () => {
    expect(differences({ command: ['sh', '-c'] }, { command: ['-c', 'sh'] }, '', 'equals').map((d) => d.path)).toEqual([
      'command[0]',
      'command[1]',
    ]);
    expect(differences({ command: ['sh'] }, { command: ['sh', '-c'] }, '', 'equals')).toEqual([
      { path: 'command', message: 'expected 1 item(s), observed 2: ["sh","-c"]' },
    ]);
    expect(differences({ port: 9000 }, { port: '9000' }, '', 'equals')).toHaveLength(1);
    expect(differences({ port: 9000 }, { port: '9000' })).toEqual([]);
  });
});

describe('expectReadsBack', () => {
  it('names the first differing field path on the message line, every difference and the stored value below', () => {
    const failure = (() => {
      try {
        expectReadsBack(
          'liveness probe of container "web" of pod "p"',
          { periodSeconds: 5, timeoutSeconds: 1 },
          {
            periodSeconds: 10,
            timeoutSeconds: 2,
          },
        );
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    const lines = failure?.message.split('\n') ?? [];
    expect(lines[0]).toBe(
      'liveness probe of container "web" of pod "p": periodSeconds: expected 5, observed 10 (and 1 more)',
    );
    expect(lines.slice(1, 4)).toEqual([
      'periodSeconds: expected 5, observed 10',
      'timeoutSeconds: expected 1, observed 2',
      'stored:',
    ]);
  });

  it('passes when the stored value contains (or, asked to, equals) the expected one', () => {
    expect(() => expectReadsBack('x', { a: 1 }, { a: 1, b: 2 })).not.toThrow();
    expect(() => expectReadsBack('x', { a: 1 }, { a: 1, b: 2 }, 'equals')).toThrow('x: b: expected absent, observed 2');
  });
});

describe('excerpt', () => {
  it('shows the object as YAML without managedFields, cut to a readable length', () => {
    const text = excerpt(pod, 5);
    expect(text).not.toContain('managedFields');
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toMatch(/… \(\d+ more lines\)$/);
  });
});
