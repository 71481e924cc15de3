import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUILT_IMAGES,
  LOGICAL_IMAGES,
  UPSTREAM_IMAGES,
  imagesForRun,
  locallyBuiltImages,
  parseImageMap,
  registryImagesServed,
  registryPushes,
  resolveImageMap,
} from '../../clusters/images/index.ts';
import { ClusterError } from '../../clusters/provider.ts';

const FILE = '/etc/pc/images.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'image-map-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function mapFile(text: string): string {
  const path = join(mkdtempSync(join(scratch, 'map-')), 'images.yaml');
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('default image references', () => {
  it('are localhost/pod-conformance refs with a pinned tag', () => {
    expect(BUILT_IMAGES).toEqual({
      busybox: 'localhost/pod-conformance/busybox:1.35.0',
      pause: 'localhost/pod-conformance/pause:1.0',
      agnhost: 'localhost/pod-conformance/agnhost:2.59',
    });
  });

  it("stand in for upstream images of the versions v1.35.4's e2e uses, agnhost of the same tag", () => {
    expect(UPSTREAM_IMAGES).toEqual({
      busybox: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1',
      pause: 'registry.k8s.io/pause:3.10.1',
      agnhost: 'registry.k8s.io/e2e-test-images/agnhost:2.59',
    });
    expect(UPSTREAM_IMAGES.agnhost.split(':').at(-1)).toBe(LOGICAL_IMAGES.agnhost.split(':').at(-1));
  });

  it('serve busybox from the public and the private loopback registry, and from a closed port that must fail', () => {
    expect(LOGICAL_IMAGES).toMatchObject({
      registryBusybox: '127.0.0.1:15000/pod-conformance/busybox:1.35.0',
      privateRegistryBusybox: '127.0.0.1:15001/pod-conformance/busybox:1.35.0',
      invalidRegistryBusybox: '127.0.0.1:1/pod-conformance/busybox:1.35.0',
    });
    // Nothing names a host a resolver would be asked about: every registry image is on 127.0.0.1.
    for (const name of ['registryBusybox', 'privateRegistryBusybox', 'invalidRegistryBusybox'] as const) {
      expect(LOGICAL_IMAGES[name]).toMatch(/^127\.0\.0\.1:\d+\//);
    }
  });
});

describe('parseImageMap', () => {
  it('maps logical names to public images', () => {
    expect(parseImageMap('busybox: registry.k8s.io/e2e-test-images/busybox:1.37.0-1\n', FILE)).toEqual({
      busybox: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1',
    });
  });

  it('accepts digest references and an empty file', () => {
    const digest = `registry.k8s.io/pause@sha256:${'a'.repeat(64)}`;
    expect(parseImageMap(`pause: ${digest}`, FILE)).toEqual({ pause: digest });
    expect(parseImageMap('', FILE)).toEqual({});
    expect(parseImageMap('# only a comment\n', FILE)).toEqual({});
  });

  it.each([
    [
      'busybx: busybox:1.36\n',
      `image map ${FILE}: unknown key "busybx" (known: busybox, pause, agnhost, registryBusybox, privateRegistryBusybox, invalidRegistryBusybox, runner)`,
    ],
    ['busybox: 1.36\n', `image map ${FILE}: key "busybox" must be an image reference string, got number 1.36`],
    ['pause: [a, b]\n', `image map ${FILE}: key "pause" must be an image reference string, got a list`],
    ['pause:\n', `image map ${FILE}: key "pause" must be an image reference string, got null`],
    ['busybox: busybox:latest\n', `image map ${FILE}: key "busybox" reference "busybox:latest" uses :latest`],
    [
      'busybox: docker.io/library/busybox\n',
      `image map ${FILE}: key "busybox" reference "docker.io/library/busybox" has no tag`,
    ],
    ['- busybox\n', `image map ${FILE} must be a mapping of logical image name to reference, got a list`],
    ['busybox: [\n', `image map ${FILE} is not valid YAML`],
  ])('rejects %j with a one-line ClusterError naming file and key', (text, message) => {
    const error = errorOf(() => parseImageMap(text, FILE));
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.message).toContain(message);
    expect(error.message).toContain('POD_CONFORMANCE_IMAGE_MAP');
    expect(error.message).not.toContain('\n');
  });
});

describe('resolveImageMap', () => {
  it('returns the defaults without POD_CONFORMANCE_IMAGE_MAP', () => {
    expect(resolveImageMap({})).toEqual(LOGICAL_IMAGES);
  });

  it('overrides only the mapped names, and only the rest is built locally', () => {
    const file = mapFile('busybox: registry.k8s.io/e2e-test-images/busybox:1.37.0-1\n');
    const map = resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: file });
    expect(map).toEqual({ ...LOGICAL_IMAGES, busybox: 'registry.k8s.io/e2e-test-images/busybox:1.37.0-1' });
    expect(locallyBuiltImages(map)).toEqual(['pause', 'agnhost']);
    expect(locallyBuiltImages(resolveImageMap({}))).toEqual(['busybox', 'pause', 'agnhost']);
  });

  it("maps every image to upstream's with POD_CONFORMANCE_IMAGE_MAP=upstream, and builds none", () => {
    const map = resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: 'upstream' });
    expect(map).toEqual({ ...LOGICAL_IMAGES, ...UPSTREAM_IMAGES });
    expect(locallyBuiltImages(map)).toEqual([]);
  });

  it('names an unreadable file and the variable to fix', () => {
    const error = errorOf(() => resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: '/nonexistent/images.yaml' }));
    expect(error).toBeInstanceOf(ClusterError);
    expect(error.message).toBe(
      'cannot read image map /nonexistent/images.yaml (ENOENT); fix or unset POD_CONFORMANCE_IMAGE_MAP',
    );
  });

  it('reports the key of a bad value in a real file', () => {
    const file = mapFile('pause: 3\n');
    expect(() => resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: file })).toThrow(`image map ${file}: key "pause"`);
  });
});

describe('registry images', () => {
  const archives = { busybox: '/cache/busybox.tar', pause: '/cache/pause.tar' };

  it('are pushed from the built busybox archive into the public and the private registry', () => {
    expect(registryPushes(resolveImageMap({}), archives)).toEqual([
      { name: 'registryBusybox', ref: LOGICAL_IMAGES.registryBusybox, archive: '/cache/busybox.tar' },
      { name: 'privateRegistryBusybox', ref: LOGICAL_IMAGES.privateRegistryBusybox, archive: '/cache/busybox.tar' },
    ]);
  });

  it('are pushed nowhere when busybox was not built here, or when the map points them elsewhere', () => {
    expect(registryPushes(resolveImageMap({}), { pause: '/cache/pause.tar' })).toEqual([]);
    const file = mapFile('registryBusybox: registry.example:5000/busybox:1.36\n');
    expect(registryPushes(resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: file }), archives).map((p) => p.name)).toEqual([
      'privateRegistryBusybox',
    ]);
  });

  it("are in a run's images only when pushed or mapped; the invalid registry's always is", () => {
    const map = resolveImageMap({});
    const none = imagesForRun(map, [], {});
    expect(Object.keys(none)).toEqual(['busybox', 'pause', 'agnhost', 'invalidRegistryBusybox']);
    const pushed = imagesForRun(map, ['registryBusybox', 'privateRegistryBusybox'], {});
    expect(pushed).toEqual(LOGICAL_IMAGES);
    const file = mapFile('privateRegistryBusybox: registry.example:5000/busybox:1.36\n');
    const env = { POD_CONFORMANCE_IMAGE_MAP: file };
    expect(imagesForRun(resolveImageMap(env), [], env)).toMatchObject({
      privateRegistryBusybox: 'registry.example:5000/busybox:1.36',
    });
    expect(imagesForRun(resolveImageMap(env), [], env)).not.toHaveProperty('registryBusybox');
  });

  it('are named without a push by a run that starts no container: the ones a push would serve', () => {
    const map = resolveImageMap({});
    const pushed = registryPushes(map, archives).map((p) => p.name);
    expect(registryImagesServed(map, true)).toEqual(pushed);
    expect(imagesForRun(map, registryImagesServed(map, true), {})).toEqual(imagesForRun(map, pushed, {}));
    // no registries running: none, as no push would happen
    expect(registryImagesServed(map, false)).toEqual([]);
    // busybox mapped away (not built here): nothing to push it from
    const file = mapFile('busybox: registry.example:5000/busybox:1.36\n');
    expect(registryImagesServed(resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: file }), true)).toEqual([]);
    const elsewhere = mapFile('registryBusybox: registry.example:5000/busybox:1.36\n');
    expect(registryImagesServed(resolveImageMap({ POD_CONFORMANCE_IMAGE_MAP: elsewhere }), true)).toEqual([
      'privateRegistryBusybox',
    ]);
  });
});
