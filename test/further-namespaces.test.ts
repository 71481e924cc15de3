/**
 * A scenario's further namespaces (`Given another namespace "<alias>"`): their names and labels,
 * the cleanup that finds them, ${namespaces.<alias>} in manifests, the objects placed there, the
 * preflight's checks and the evidence collected from them.
 */
import { describe, expect, it } from 'vitest';
import { inNamespaceEvidence } from '../support/evidence/collect.ts';
import { ManifestCatalogue, inNamespace, parseManifest, placeholderProblems, substitute } from '../support/manifest.ts';
import {
  LABEL_PRIMARY,
  furtherNamespaceName,
  namespaceName,
  scenarioLabels,
  type ScenarioIdentity,
} from '../support/scenario/namespace.ts';
import { createdBySuite, staleNamespaces } from '../scripts/run/lease.ts';
import { furtherNamespaceProblems } from '../scripts/run/preflight.ts';

const identity: ScenarioIdentity = {
  runId: 'run-20261206-083000-aaaaaaaa',
  scenario: 'A secret volume holds the Secret of its own namespace',
  source: 'features/configuration-volumes.feature:400',
  behaviour: 'SECVOL-03',
  podSecurity: 'baseline',
};
const origin = 'features/x.feature:12 (scenario "S")';
const vars = {
  namespace: 'pc-secvol-03-abc123',
  images: { busybox: 'busybox' },
  namespaces: new Map([['other', 'pc-secvol-03-abc123-other']]),
};

describe('a further namespace', () => {
  it('is named after the scenario namespace and fits a namespace name even for the longest one', () => {
    expect(furtherNamespaceName('pc-secvol-03-abc123', 'other')).toBe('pc-secvol-03-abc123-other');
    const longest = namespaceName({ ...identity, behaviour: undefined, scenario: 'x'.repeat(80) }, 'abcdef');
    expect(longest).toHaveLength(50);
    expect(furtherNamespaceName(longest, 'twelve-chars')).toHaveLength(63);
  });

  it('refuses an alias that would not make a namespace name, in one line naming the rule', () => {
    for (const alias of ['', 'Other', 'thirteen-char', '-x', 'x-', 'a_b'])
      expect(() => furtherNamespaceName('pc-a-abc123', alias)).toThrow(
        /^namespace alias ".*": use 1 to 12 lower-case letters, digits and '-'/,
      );
  });

  it("carries the scenario's labels, so the cleanup of a dead run removes it, and never a live run's", () => {
    const labels = { ...scenarioLabels(identity), [LABEL_PRIMARY]: 'pc-secvol-03-abc123' };
    expect(labels).toMatchObject({
      'pod-conformance.io/run': 'run-20261206-083000-aaaaaaaa',
      'pod-conformance.io/scenario': 'a-secret-volume-holds-the-secret-of-its-own-namespace',
      'pod-conformance.io/behaviour': 'secvol-03',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    const now = new Date('2026-12-06T12:00:00Z');
    const info = {
      name: 'pc-secvol-03-abc123-other',
      labels,
      created: new Date('2026-12-06T08:31:00Z'),
      terminating: false,
    };
    expect(createdBySuite(info)).toBe(true);
    expect(staleNamespaces([info], new Map(), undefined, now).map((s) => s.name)).toEqual([
      'pc-secvol-03-abc123-other',
    ]);
    const live = new Map([[identity.runId, { renewed: now, durationSeconds: 60, terminating: false }]]);
    expect(staleNamespaces([info], live, undefined, now)).toEqual([]);
  });
});

describe('${namespaces.<alias>}', () => {
  it('is replaced by the namespace the scenario made', () => {
    expect(substitute('namespace: ${namespaces.other}', vars, origin)).toBe('namespace: pc-secvol-03-abc123-other');
  });

  it('naming no namespace made so far is one line naming the step that makes one', () => {
    expect(() => substitute('namespace: ${namespaces.othre}', vars, origin)).toThrow(
      `${origin}: unknown namespace placeholder \${namespaces.othre}; write \${namespaces.<alias>} after making the namespace with 'Given another namespace "<alias>"' (made so far: "other")`,
    );
    expect(() => substitute('${namespaces.other}', { namespace: 'n', images: {} }, origin)).toThrow(
      /\(made so far: none\)$/,
    );
  });

  it('passes the preflight, which still refuses a misspelt one', () => {
    expect(placeholderProblems('namespace: ${namespaces.other}', 'doc', ['busybox'])).toEqual([]);
    expect(placeholderProblems('namespace: ${namespace.other}', 'doc', ['busybox'])[0]).toMatch(
      /unknown placeholder \$\{namespace.other\}; manifests may use \$\{namespace\}, \$\{namespaces.<alias>\}/,
    );
  });
});

describe('objects in a further namespace', () => {
  const manifest = (namespace?: string) =>
    parseManifest(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: same-name${namespace ? `, namespace: ${namespace}` : ''}}\n`,
      origin,
    );

  it('stay in the further namespace the manifest names; the rest go to the scenario namespace', () => {
    const further = ['pc-a-abc123-other'];
    expect(inNamespace(manifest('pc-a-abc123-other'), 'pc-a-abc123', further)[0]?.metadata.namespace).toBe(
      'pc-a-abc123-other',
    );
    expect(inNamespace(manifest(), 'pc-a-abc123', further)[0]?.metadata.namespace).toBe('pc-a-abc123');
    expect(inNamespace(manifest('pc-a-abc123'), 'pc-a-abc123', further)[0]?.metadata.namespace).toBe('pc-a-abc123');
  });

  it('in a namespace the scenario did not make are refused in one line', () => {
    expect(() => inNamespace(manifest('default'), 'pc-a-abc123', [], origin)).toThrow(
      `${origin}: secret "same-name" names namespace "default", which this scenario did not create; leave metadata.namespace out (the scenario's namespace) or write \${namespaces.<alias>} after 'Given another namespace "<alias>"'`,
    );
  });

  it("leave the scenario namespace's object of the same name the one its steps address", () => {
    const catalogue = new ManifestCatalogue();
    const own = inNamespace(manifest(), 'pc-a-abc123');
    const other = inNamespace(manifest('pc-a-abc123-other'), 'pc-a-abc123', ['pc-a-abc123-other']);
    catalogue.add(own, 'pc-a-abc123');
    catalogue.add(other, 'pc-a-abc123');
    expect(catalogue.find('secret', 'same-name').metadata.namespace).toBe('pc-a-abc123');
    expect(catalogue.mostRecent[0]?.metadata.namespace).toBe('pc-a-abc123-other');
  });
});

describe('the preflight', () => {
  const step = (line: number, text: string, argument = '') => ({
    where: `features/a.feature:${line} (scenario "S")`,
    text,
    argument,
    makes: /^another namespace "([^"]*)"$/.exec(text)?.[1],
  });

  it('accepts a placeholder after the step that makes its namespace', () => {
    expect(
      furtherNamespaceProblems([
        step(3, 'another namespace "other"'),
        step(4, 'the manifest:', 'metadata: {name: s, namespace: ${namespaces.other}}'),
      ]),
    ).toEqual([]);
  });

  it('names a placeholder before its namespace is made, a bad alias and an alias made twice', () => {
    expect(
      furtherNamespaceProblems([
        step(3, 'the manifest:', 'namespace: ${namespaces.other}'),
        step(4, 'another namespace "other"'),
        step(5, 'another namespace "other"'),
        step(6, 'another namespace "Other_1"'),
      ]),
    ).toEqual([
      `features/a.feature:3 (scenario "S"): \${namespaces.other} names no namespace made before it; add 'Given another namespace "other"' before this step (made so far: none)`,
      'features/a.feature:5 (scenario "S"): namespace "other" is made twice; give each namespace its own alias',
      `features/a.feature:6 (scenario "S"): namespace alias "Other_1": use 1 to 12 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ]);
  });
});

describe('evidence from a further namespace', () => {
  it('is named after its alias, beside the scenario namespace’s own files', () => {
    expect(
      inNamespaceEvidence('other', [{ name: 'events.txt', mediaType: 'text/plain', body: '(no events)' }]),
    ).toEqual([{ name: 'namespace-other-events.txt', mediaType: 'text/plain', body: '(no events)' }]);
  });
});
