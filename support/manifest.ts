/**
 * Manifests come from docstrings or from YAML files under features/. Before parsing, three kinds of
 * placeholders are replaced:
 *   ${namespace}       the scenario's namespace (for FQDNs such as myservice.${namespace}.svc.cluster.local)
 *   ${namespaces.<alias>}  a further namespace the scenario made with `Given another namespace
 *                      "<alias>"`: as an object's metadata.namespace it places the object there
 *   ${images.<name>}   the cluster's reference for a logical test image (${images.busybox})
 *   ${images.<name>.registry}  the registry host (and port) of that reference, for what must name
 *                      the registry itself, such as a pull Secret's Docker config (docker.io for a
 *                      reference without one, as the runtime reads it)
 *   ${nodes.<alias>.<fact>}  a node the scenario named with `Given a schedulable node "<alias>"`:
 *                      name, hostname (its kubernetes.io/hostname label) or ip (its InternalIP), so
 *                      a scenario can target the cluster's own nodes without labelling them
 *   ${pods.<name>.ip}  the IP a pod of the scenario reported last (create it and wait for it to run
 *                      first), for a field that must name another pod's address (a hook's host)
 *   ${pods.<name>.node}  the node a pod of the scenario was bound to (spec.nodeName)
 *   ${pods.<alias>.name}  the generated name of a pod named by `Then a new pod matching label
 *                      selector "…" appears within …, called "<alias>"` (a controller's pod)
 *   ${runtimeHandler}  a RuntimeClass handler the nodes' runtime has configured (the run's
 *                      POD_CONFORMANCE_RUNTIME_HANDLER; tag the scenario @capability:runtimeHandler)
 * Any other ${…} is left alone: manifests embed shell scripts, and `${line:-none}` is shell. The
 * preflight (placeholderProblems) still rejects what can only be a mistyped placeholder.
 * Every object is created in the scenario's namespace, or in one of its further namespaces when
 * its metadata.namespace names one; a manifest naming any other namespace is refused (the suite
 * never touches a namespace it did not create).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseAllDocuments, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { ScenarioError } from './assert.ts';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** What a scenario may put into a manifest about a node it named (see `${nodes.<alias>.<fact>}`). */
export interface NodeFacts {
  name: string;
  hostname: string;
  ip: string;
}

export const NODE_FACTS = ['name', 'hostname', 'ip'] as const;

/** `nodes.<alias>.<fact>` with a known fact: whether the alias was named is known only at run time. */
const NODE_PLACEHOLDER = new RegExp(`^nodes\\.[\\w-]+\\.(${NODE_FACTS.join('|')})$`);

/** `namespaces.<alias>`: whether the alias was named is known only at run time. */
const NAMESPACE_PLACEHOLDER = /^namespaces\.[a-z0-9-]+$/;

/** What a scenario may put into a manifest about one of its pods (see `${pods.<name>.<fact>}`). */
export const POD_FACTS = ['ip', 'node', 'name'] as const;
export type PodFacts = Partial<Record<(typeof POD_FACTS)[number], string>>;

/** `pods.<name>.<fact>`: a pod's name is a DNS subdomain (lower case, digits, "-" and "."). */
const POD_PLACEHOLDER = new RegExp(`^pods\\.([a-z0-9][a-z0-9.-]*)\\.(${POD_FACTS.join('|')})$`);

export interface Substitutions {
  namespace: string;
  images: Record<string, string>;
  /** Nodes named so far in the scenario, by alias (a live map: nodes named later are seen too). */
  nodes?: ReadonlyMap<string, NodeFacts>;
  /** Further namespaces the scenario made, by alias (a live map: namespaces made later are seen too). */
  namespaces?: ReadonlyMap<string, string>;
  /** What the scenario's watch last saw of a pod (undefined: never seen). */
  pods?: (name: string) => PodFacts | undefined;
  /** A RuntimeClass handler the nodes' runtime has, when the run knows one. */
  runtimeHandler?: string;
}

export const FEATURES_DIR = resolve(import.meta.dirname, '..', 'features');

const PLACEHOLDER =
  /\$\{\s*(namespace|runtimeHandler|images\.[^}]*?|nodes\.[^}]*?|pods\.[^}]*?|namespaces\.[^}]*?)\s*\}/g;

/** Whether the text holds a placeholder that substitute() replaces. */
export function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** Replaces placeholders; an unknown image or node is a scenario error naming where it was found. */
export function substitute(text: string, vars: Substitutions, origin: string): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    const name = key.trim();
    if (name === 'namespace') return vars.namespace;
    if (name === 'runtimeHandler') {
      if (vars.runtimeHandler) return vars.runtimeHandler;
      throw new ScenarioError(
        `${origin}: \${runtimeHandler}: the run knows no RuntimeClass handler of the nodes' runtime; tag the scenario @capability:runtimeHandler, or name one in POD_CONFORMANCE_RUNTIME_HANDLER`,
      );
    }
    if (name.startsWith('nodes.')) return nodeFact(whole, name.slice('nodes.'.length), vars, origin);
    if (name.startsWith('pods.')) return podFact(whole, name, vars, origin);
    if (name.startsWith('namespaces.')) return furtherNamespace(whole, name.slice('namespaces.'.length), vars, origin);
    const logical = name.slice('images.'.length);
    const image = vars.images[logical];
    if (image !== undefined) return image;
    const registryOf = REGISTRY_OF.exec(logical)?.[1];
    const imageOfRegistry = registryOf === undefined ? undefined : vars.images[registryOf];
    if (imageOfRegistry !== undefined) return registryHost(imageOfRegistry);
    const known = Object.keys(vars.images).map((k) => `\${images.${k}}`);
    throw new ScenarioError(
      `${origin}: unknown image placeholder ${whole}; the cluster provides ${known.join(', ') || 'no images (is POD_CONFORMANCE_IMAGES set?)'}`,
    );
  });
}

/** `<logical image>.registry`. */
const REGISTRY_OF = /^([\w-]+)\.registry$/;

/**
 * The registry of an image reference as a container runtime reads it: the first path component
 * when it looks like a host (it has a dot or a port, or is localhost), else Docker Hub.
 */
export function registryHost(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

function nodeFact(whole: string, key: string, vars: Substitutions, origin: string): string {
  const dot = key.lastIndexOf('.');
  const [alias, fact] = [key.slice(0, dot), key.slice(dot + 1)];
  const node = vars.nodes?.get(alias);
  if (dot > 0 && node && (NODE_FACTS as readonly string[]).includes(fact)) return node[fact as keyof NodeFacts];
  const named = [...(vars.nodes?.keys() ?? [])].map((a) => `"${a}"`).join(', ') || 'none';
  throw new ScenarioError(
    `${origin}: unknown node placeholder ${whole}; write \${nodes.<alias>.<${NODE_FACTS.join('|')}>} after naming the node with 'Given a schedulable node "<alias>"' (named so far: ${named})`,
  );
}

function furtherNamespace(whole: string, alias: string, vars: Substitutions, origin: string): string {
  const name = vars.namespaces?.get(alias);
  if (name) return name;
  const named = [...(vars.namespaces?.keys() ?? [])].map((a) => `"${a}"`).join(', ') || 'none';
  throw new ScenarioError(
    `${origin}: unknown namespace placeholder ${whole}; write \${namespaces.<alias>} after making the namespace with 'Given another namespace "<alias>"' (made so far: ${named})`,
  );
}

function podFact(whole: string, key: string, vars: Substitutions, origin: string): string {
  const m = POD_PLACEHOLDER.exec(key);
  if (!m) {
    throw new ScenarioError(
      `${origin}: unknown pod placeholder ${whole}; write \${pods.<name>.<${POD_FACTS.join('|')}>} naming a pod of the scenario`,
    );
  }
  const [, pod = '', fact = 'ip'] = m;
  const facts = vars.pods?.(pod);
  const value = facts?.[fact as keyof PodFacts];
  if (value) return value;
  throw new ScenarioError(
    facts
      ? `${origin}: ${whole}: pod "${pod}" has reported no ${fact} yet; wait for it to run first ("Then pod \"${pod}\" becomes Running within …")`
      : `${origin}: ${whole}: the scenario has seen no pod "${pod}"; create it first`,
  );
}

/** Edit distance, for telling a typo of `namespace` from a shell variable. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Placeholders a manifest gets wrong, one line each, found before any cluster work:
 *   ${images.<name>} naming no logical image;
 *   a `${…}` name with a dot in it (no shell variable has one: `${image.busybox}`);
 *   a plain name within two edits of `namespace` (`${namspace}`, `${Namespace}`, `${namespaces}`).
 * Shell expansions stay allowed: `${line}`, `${line:-none}`, `${#list}`, `${path%/*}`.
 */
export function placeholderProblems(
  text: string,
  origin: string,
  imageNames: readonly string[],
  lineOffset = 0,
): string[] {
  const images = imageNames.map((n) => `\${images.${n}}`).join(', ');
  const problems: string[] = [];
  for (const m of text.matchAll(/\$\{\s*([^}]*?)\s*\}/g)) {
    const [whole, name = ''] = m;
    if (
      name === 'namespace' ||
      name === 'runtimeHandler' ||
      NODE_PLACEHOLDER.test(name) ||
      POD_PLACEHOLDER.test(name) ||
      NAMESPACE_PLACEHOLDER.test(name)
    )
      continue;
    const at = `${origin} at line ${text.slice(0, m.index).split('\n').length + lineOffset}`;
    const image = /^images\.(.*?)(?:\.registry)?$/.exec(name)?.[1];
    if (image !== undefined) {
      if (!imageNames.includes(image)) problems.push(`${at}: unknown image ${whole}; the test images are ${images}`);
    } else if (/^[A-Za-z_][\w-]*\.[\w.-]*$/.test(name)) {
      problems.push(
        `${at}: unknown placeholder ${whole}; manifests may use \${namespace}, \${namespaces.<alias>}, \${runtimeHandler}, ${images}, \${nodes.<alias>.<${NODE_FACTS.join('|')}>} and \${pods.<name>.<${POD_FACTS.join('|')}>}`,
      );
    } else if (/^[A-Za-z_]\w*$/.test(name) && editDistance(name.toLowerCase(), 'namespace') <= 2) {
      problems.push(`${at}: unknown placeholder ${whole}; did you mean \${namespace}?`);
    }
  }
  return problems;
}

/**
 * YAML as kubectl reads it (sigs.k8s.io/yaml: YAML 1.1), so a manifest means here what it means to
 * `kubectl apply`: `defaultMode: 0400` is octal (256), `yes`/`on` are booleans. Dates stay text, as
 * they do in the JSON kubectl sends.
 */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

/**
 * Parses YAML documents; invalid YAML gives one line naming the origin, line and column.
 * `lineOffset` turns a docstring's line numbers into the feature file's (the line of its opening
 * delimiter).
 */
export function parseYamlDocuments(text: string, origin: string, lineOffset = 0): unknown[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text, KUBECTL_YAML)) {
    const error = doc.errors[0];
    if (error) {
      const where = error.linePos?.[0];
      const at = where ? ` at line ${where.line + lineOffset}, column ${where.col}` : '';
      const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
      throw new ScenarioError(`${origin}: invalid YAML${at}: ${reason}. Fix the manifest and run again.`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * Parses one or more YAML documents into Kubernetes objects. Invalid YAML, or a document that is
 * not an object with apiVersion, kind and metadata.name, gives one line naming the origin.
 */
export function parseManifest(text: string, origin: string, lineOffset = 0): KubeObject[] {
  const objects = parseYamlDocuments(text, origin, lineOffset).map((value, i) => checkObject(value, origin, i + 1));
  if (objects.length === 0) throw new ScenarioError(`${origin}: the manifest holds no object. Add one.`);
  return objects;
}

/** A patch: exactly one YAML (or JSON) mapping. */
export function parsePatch(text: string, origin: string, lineOffset = 0): Record<string, unknown> {
  const values = parseYamlDocuments(text, origin, lineOffset);
  const [value] = values;
  if (values.length !== 1 || typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new ScenarioError(`${origin}: a patch must be exactly one YAML mapping.`);
  }
  return value as Record<string, unknown>;
}

function checkObject(value: unknown, origin: string, index: number): KubeObject {
  const o = value as Partial<KubeObject> | null;
  const missing = [
    typeof o?.apiVersion === 'string' ? undefined : 'apiVersion',
    typeof o?.kind === 'string' ? undefined : 'kind',
    typeof o?.metadata?.name === 'string' ? undefined : 'metadata.name',
  ].filter(Boolean);
  if (typeof value !== 'object' || Array.isArray(value) || missing.length > 0) {
    throw new ScenarioError(`${origin}: document ${index} is not a Kubernetes object (missing ${missing.join(', ')}).`);
  }
  return value as KubeObject;
}

/** Reads a manifest file given relative to features/ (the only place manifests live). */
export function readManifestFile(relativePath: string): { text: string; origin: string } {
  const path = resolve(FEATURES_DIR, relativePath);
  const rel = relative(FEATURES_DIR, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ScenarioError(`manifest "${relativePath}" is outside features/; keep manifests under features/`);
  }
  try {
    return { text: readFileSync(path, 'utf8'), origin: `features/${rel}` };
  } catch {
    throw new ScenarioError(`manifest file features/${rel} not found; check the path in the step`);
  }
}

/**
 * Places every object in the scenario's namespace, or leaves it in a further namespace of the
 * scenario that its metadata.namespace names; any other namespace is a scenario error.
 */
export function inNamespace(
  objects: KubeObject[],
  namespace: string,
  further: Iterable<string> = [],
  origin = 'the manifest',
): KubeObject[] {
  const own = new Set([namespace, ...further]);
  return objects.map((o) => {
    const given = o.metadata.namespace;
    if (given !== undefined && !own.has(given)) {
      throw new ScenarioError(
        `${origin}: ${o.kind.toLowerCase()} "${o.metadata.name}" names namespace "${given}", which this scenario did not create; leave metadata.namespace out (the scenario's namespace) or write \${namespaces.<alias>} after 'Given another namespace "<alias>"'`,
      );
    }
    return { ...o, metadata: { ...o.metadata, namespace: given ?? namespace } };
  });
}

/** The objects a scenario has declared so far, addressed by kind and name. */
export class ManifestCatalogue {
  private readonly objects: KubeObject[] = [];
  /** The objects added by the most recent manifest step ("When I create it"). */
  private latest: KubeObject[] = [];
  /** The scenario's namespace: a name there wins over the same name in a further namespace. */
  private home: string | undefined;

  add(objects: KubeObject[], home?: string): void {
    this.objects.push(...objects);
    this.latest = objects;
    this.home ??= home;
  }

  get mostRecent(): KubeObject[] {
    if (this.latest.length === 0) throw new ScenarioError('no manifest given yet; start with "Given the manifest …"');
    return this.latest;
  }

  find(kind: string, name: string): KubeObject {
    const found = this.objects.filter((o) => o.kind.toLowerCase() === kind.toLowerCase() && o.metadata.name === name);
    const last = found.findLast((o) => o.metadata.namespace === this.home) ?? found.at(-1);
    if (last) return last;
    const known = this.objects.map((o) => `${o.kind.toLowerCase()} "${o.metadata.name}"`).join(', ');
    throw new ScenarioError(`no ${kind} named "${name}" in this scenario's manifests (known: ${known || 'none'})`);
  }
}
