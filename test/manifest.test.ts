import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../support/assert.ts';
import {
  parseYamlDocuments,
  ManifestCatalogue,
  inNamespace,
  parseManifest,
  parsePatch,
  placeholderProblems,
  readManifestFile,
  substitute,
} from '../support/manifest.ts';

const vars = { namespace: 'pc-init-02-abc123', images: { busybox: 'localhost/pod-conformance/busybox:1.35.0' } };
const origin = 'features/x.feature:12 (scenario "S")';

describe('substitute', () => {
  it('replaces the namespace and logical images', () => {
    expect(substitute('image: ${images.busybox}\nhost: db.${namespace}.svc', vars, origin)).toBe(
      'image: localhost/pod-conformance/busybox:1.35.0\nhost: db.pc-init-02-abc123.svc',
    );
  });

  it("replaces a logical image's registry host, as the runtime reads the reference", () => {
    const images = {
      busybox: 'localhost/pod-conformance/busybox:1.35.0',
      privateRegistryBusybox: '127.0.0.1:15001/pod-conformance/busybox:1.35.0',
      hub: 'library/busybox:1.36',
      mirror: 'registry.example.org/e2e/agnhost:2.59',
    };
    const r = (name: string) => substitute(`\${images.${name}.registry}`, { ...vars, images }, origin);
    expect(r('privateRegistryBusybox')).toBe('127.0.0.1:15001');
    expect(r('busybox')).toBe('localhost');
    expect(r('mirror')).toBe('registry.example.org');
    expect(r('hub')).toBe('docker.io');
    expect(() => r('nginx')).toThrow(/unknown image placeholder \$\{images.nginx.registry\}/);
    expect(placeholderProblems('${images.busybox.registry}', origin, ['busybox'])).toEqual([]);
    expect(placeholderProblems('${images.nginx.registry}', origin, ['busybox'])).toHaveLength(1);
  });

  it('names the origin and the known images for an unknown image', () => {
    expect(() => substitute('image: ${images.nginx}', vars, origin)).toThrow(
      'features/x.feature:12 (scenario "S"): unknown image placeholder ${images.nginx}; the cluster provides ${images.busybox}',
    );
  });

  it("replaces a pod's IP as the scenario's watch last saw it, and says why it cannot", () => {
    const seen: Record<string, { ip: string | undefined }> = {
      'hook-server': { ip: '10.213.0.7' },
      starting: { ip: undefined },
    };
    const withPods = { ...vars, pods: (name: string) => seen[name] };
    expect(substitute("host: '${pods.hook-server.ip}'", withPods, origin)).toBe("host: '10.213.0.7'");
    expect(() => substitute('${pods.starting.ip}', withPods, origin)).toThrow(
      /\$\{pods.starting.ip\}: pod "starting" has reported no ip yet; wait for it to run first/,
    );
    expect(() => substitute('${pods.never.ip}', withPods, origin)).toThrow(/the scenario has seen no pod "never"/);
    expect(() => substitute('${pods.hook-server.uid}', withPods, origin)).toThrow(
      /unknown pod placeholder \$\{pods.hook-server.uid\}; write \$\{pods.<name>.<ip\|node\|name>\}/,
    );
  });

  it('the preflight accepts a pod placeholder and refuses a misspelt one', () => {
    expect(placeholderProblems("host: '${pods.hook-server.ip}'", 'doc', ['busybox'])).toEqual([]);
    expect(placeholderProblems("host: '${pod.hook-server.ip}'", 'doc', ['busybox'])[0]).toMatch(
      /unknown placeholder \$\{pod.hook-server.ip\}; manifests may use .* and \$\{pods.<name>.<ip\|node\|name>\}/,
    );
  });

  it('leaves shell variables and parameter expansions alone', () => {
    expect(substitute('echo "$up $1 ${line:-nothing sent} ${HOME}"', vars, origin)).toBe(
      'echo "$up $1 ${line:-nothing sent} ${HOME}"',
    );
  });
});

describe('parseManifest', () => {
  it('reads several documents', () => {
    const objects = parseManifest(
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
      origin,
    );
    expect(objects.map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('reports invalid YAML on one line with its position', () => {
    let message = '';
    try {
      parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\nspec: {}\n', origin);
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioError);
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /^features\/x\.feature:12 \(scenario "S"\): invalid YAML at line \d+, column \d+: .+\. Fix the manifest and run again\.$/,
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses documents that are not Kubernetes objects', () => {
    expect(() => parseManifest('kind: Pod\n', origin)).toThrow(
      /document 1 is not a Kubernetes object \(missing apiVersion, metadata\.name\)/,
    );
    expect(() => parseManifest('# nothing\n', origin)).toThrow(/holds no object/);
  });
});

describe('YAML as kubectl reads it', () => {
  it('reads modes in octal, yes/on as booleans and dates as text, as kubectl apply does (YAML 1.1)', () => {
    const [volume] = parseYamlDocuments(
      'defaultMode: 0400\nmode: 0644\nenabled: on\nsince: 2001-12-14\nquoted: "0400"',
      'x',
    );
    expect(volume).toEqual({ defaultMode: 256, mode: 420, enabled: true, since: '2001-12-14', quoted: '0400' });
  });
});

describe('parsePatch', () => {
  it('reads one mapping', () => {
    expect(parsePatch('spec:\n  activeDeadlineSeconds: 5\n', origin)).toEqual({ spec: { activeDeadlineSeconds: 5 } });
  });
  it('refuses lists and several documents', () => {
    expect(() => parsePatch('- a\n', origin)).toThrow(/exactly one YAML mapping/);
    expect(() => parsePatch('a: 1\n---\nb: 2\n', origin)).toThrow(/exactly one YAML mapping/);
  });
});

describe('manifest files and the catalogue', () => {
  it('reads files under features/ only', () => {
    expect(readManifestFile('init/myapp-pod.yaml').origin).toBe('features/init/myapp-pod.yaml');
    expect(() => readManifestFile('../package.json')).toThrow(/outside features/);
    expect(() => readManifestFile('init/missing.yaml')).toThrow(/not found/);
  });

  it('the seed manifest parses once substituted', () => {
    const { text, origin: file } = readManifestFile('init/myapp-pod.yaml');
    const [pod] = parseManifest(substitute(text, vars, file), file);
    expect(pod?.metadata.name).toBe('myapp-pod');
    expect(JSON.stringify(pod)).toContain('myservice.pc-init-02-abc123.svc.cluster.local');
  });

  it('places objects in the scenario namespace and finds them by kind and name', () => {
    const catalogue = new ManifestCatalogue();
    const objects = inNamespace(
      parseManifest('apiVersion: v1\nkind: Service\nmetadata: {name: mydb}\n', origin),
      'ns1',
    );
    catalogue.add(objects);
    expect(catalogue.find('service', 'mydb').metadata.namespace).toBe('ns1');
    expect(() => catalogue.find('pod', 'mydb')).toThrow(
      'no pod named "mydb" in this scenario\'s manifests (known: service "mydb")',
    );
    expect(catalogue.mostRecent).toHaveLength(1);
  });
});
