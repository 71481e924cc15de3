/**
 * The narrowest ClusterRole the selected scenarios need, derived from the selection (the host's
 * preflight dry run): what every run needs (its lease, the scenarios' namespaces and pods, the
 * sanity gate's probes), plus what the selected scenarios' steps and manifests add (a kind a
 * manifest declares, a pod subresource a step writes). Each rule says why it is there; the host
 * prints them, and a refusal in the runner's log names the missing one.
 *
 * Cluster-wide because the scenarios create their own namespaces, one each, whose names are not
 * known in advance: a RoleBinding cannot be made for a namespace that does not exist yet.
 */
import { parseYamlDocuments } from '../../support/manifest.ts';
import type { Envelope } from '../report/messages.ts';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface DerivedRule extends PolicyRule {
  why: string;
}

const READ = ['get', 'list', 'watch'];
const OWN = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** What every run needs, whatever it selects. */
export const BASE_RULES: DerivedRule[] = [
  {
    apiGroups: [''],
    resources: ['namespaces'],
    verbs: OWN,
    why: 'each scenario creates, labels and deletes its own namespace; the run finds what ended runs left',
  },
  {
    apiGroups: [''],
    resources: ['pods'],
    verbs: [...OWN, 'deletecollection'],
    why: 'the pods the scenarios and the sanity gate create, watch and delete',
  },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'], why: 'container logs: steps, evidence' },
  {
    apiGroups: [''],
    resources: ['pods/exec'],
    // A WebSocket exec is a GET upgraded; since Kubernetes 1.31 it is authorized as create too.
    verbs: ['get', 'create'],
    why: 'commands in containers: files, cgroups, printed values; the sanity gate tries exec',
  },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['get'], why: 'the status read back' },
  { apiGroups: [''], resources: ['events'], verbs: READ, why: 'the events a scenario expects, and evidence' },
  {
    apiGroups: [''],
    resources: ['serviceaccounts'],
    verbs: READ,
    why: "a scenario's namespace is ready once its default ServiceAccount exists",
  },
  { apiGroups: [''], resources: ['nodes'], verbs: READ, why: 'schedulable nodes, capacity, runtime handlers' },
  {
    apiGroups: [''],
    resources: ['nodes/proxy'],
    verbs: ['get'],
    why: "the kubelet's /configz (volume sync bounds) and /metrics (runtime errors): read only",
  },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'create', 'patch'],
    why: "the run's lease, which tells other runs it is alive",
  },
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews'],
    verbs: ['create'],
    why: 'the sanity gate asks whether it may exec',
  },
];

/** What a step adds, by its text. */
export const STEP_RULES: Array<{ step: RegExp; rule: DerivedRule }> = [
  {
    step: /\bthe status of pod\b/,
    rule: {
      apiGroups: [''],
      resources: ['pods/status'],
      verbs: ['get', 'patch', 'update'],
      why: 'a step writes a pod status',
    },
  },
  {
    step: /\bthe ephemeral containers of pod\b/,
    rule: {
      apiGroups: [''],
      resources: ['pods/ephemeralcontainers'],
      verbs: ['get', 'patch', 'update'],
      why: 'a step adds ephemeral containers',
    },
  },
  {
    step: /\bthe resources of pod\b/,
    rule: {
      apiGroups: [''],
      resources: ['pods/resize'],
      verbs: ['get', 'patch', 'update'],
      why: 'a step resizes a pod in place',
    },
  },
  {
    step: /\bbind pod\b/,
    rule: { apiGroups: [''], resources: ['pods/binding'], verbs: ['create'], why: 'a step binds a pod to a node' },
  },
  {
    step: /through the API server proxy$/,
    rule: { apiGroups: [''], resources: ['pods/proxy'], verbs: ['get'], why: 'a step GETs a pod through the proxy' },
  },
  {
    step: /\bin service\b/,
    rule: {
      apiGroups: ['discovery.k8s.io'],
      resources: ['endpointslices'],
      verbs: READ,
      why: "a step reads a service's endpoints",
    },
  },
];

/** Kinds whose resource name is not the lower-case kind plus "s". */
const IRREGULAR: Record<string, string> = { Endpoints: 'endpoints', NetworkPolicy: 'networkpolicies' };

/** The API group and resource of a manifest's kind: `node.k8s.io/v1 RuntimeClass` → node.k8s.io runtimeclasses. */
export function resourceOf(apiVersion: string, kind: string): { group: string; resource: string } {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const lower = kind.toLowerCase();
  const resource =
    IRREGULAR[kind] ??
    (lower.endsWith('s') ? `${lower}es` : lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`);
  return { group, resource };
}

/** What the selected scenarios read: their steps' texts and the objects their manifests declare. */
export interface Selection {
  steps: string[];
  objects: Array<{ apiVersion: string; kind: string }>;
}

/** Steps matching `the manifest:` carry a manifest in their docstring. */
const MANIFEST_STEP = /^the manifest:$/;

/** The selected scenarios (cucumber's dry run: every test case's pickle) as steps and declared objects. */
export function selectionOf(envelopes: Envelope[], manifestFiles: Map<string, string> = new Map()): Selection {
  const pickles = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle] as const] : [])));
  const steps: string[] = [];
  const objects: Selection['objects'] = [];
  const declare = (text: string, origin: string) => {
    for (const doc of parseYamlDocuments(text, origin)) {
      const object = doc as { apiVersion?: unknown; kind?: unknown } | null;
      if (object && typeof object.apiVersion === 'string' && typeof object.kind === 'string')
        objects.push({ apiVersion: object.apiVersion, kind: object.kind });
    }
  };
  for (const e of envelopes) {
    if (!e.testCase) continue;
    for (const step of pickles.get(e.testCase.pickleId)?.steps ?? []) {
      steps.push(step.text);
      const doc = step.argument?.docString?.content;
      if (doc !== undefined && MANIFEST_STEP.test(step.text)) declare(doc, 'a manifest docstring');
      const file = /^the manifest "([^"]+)"$/.exec(step.text)?.[1];
      const text = file === undefined ? undefined : manifestFiles.get(file);
      if (text !== undefined) declare(text, `features/${file}`);
    }
  }
  return { steps, objects };
}

/** The rules for `selection`: the base, the steps', the declared kinds'; merged by group and verbs. */
export function deriveRules(selection: Selection): DerivedRule[] {
  const rules: DerivedRule[] = [...BASE_RULES];
  for (const { step, rule } of STEP_RULES) {
    if (selection.steps.some((text) => step.test(text))) rules.push(rule);
  }
  const kinds = new Map<string, { group: string; resource: string; kind: string }>();
  for (const object of selection.objects) {
    const { group, resource } = resourceOf(object.apiVersion, object.kind);
    if (resource === 'pods' && group === '') continue;
    kinds.set(`${group}/${resource}`, { group, resource, kind: object.kind });
  }
  for (const { group, resource, kind } of [...kinds.values()].sort((a, b) => a.resource.localeCompare(b.resource))) {
    rules.push({ apiGroups: [group], resources: [resource], verbs: OWN, why: `a manifest declares a ${kind}` });
  }
  return mergeRules(rules);
}

/** One rule per API group and resource, with every verb any rule gives it and every reason. */
export function mergeRules(rules: DerivedRule[]): DerivedRule[] {
  const merged = new Map<string, DerivedRule>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        const key = `${group}\0${resource}`;
        const known = merged.get(key);
        if (!known) {
          merged.set(key, { apiGroups: [group], resources: [resource], verbs: [...rule.verbs], why: rule.why });
          continue;
        }
        known.verbs = [...new Set([...known.verbs, ...rule.verbs])];
        if (!known.why.includes(rule.why)) known.why = `${known.why}; ${rule.why}`;
      }
    }
  }
  return [...merged.values()];
}

/** A rule as a line: `create,get pods/exec (core): why`. */
export function describeRule(rule: DerivedRule): string {
  const group = rule.apiGroups[0] || 'core';
  return `${rule.verbs.join(',')} ${rule.resources.join(',')} (${group}): ${rule.why}`;
}

/**
 * The permission a refusal names, from the API's message: `pods "x" is forbidden: User "…"
 * cannot create resource "pods/exec" in API group "" in the namespace "y"` → `create pods/exec`.
 */
export function refusedPermission(line: string): string | undefined {
  const m = /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?/.exec(line);
  if (!m) return undefined;
  const group = m[3] ? ` in API group ${m[3]}` : '';
  return `${m[1]} ${m[2]}${group}`;
}

/** Environment: resources to leave out of the derived ClusterRole (`nodes/proxy,pods/exec`). */
export const RBAC_WITHOUT_ENV = 'POD_CONFORMANCE_RBAC_WITHOUT';

/**
 * The rules less the resources `without` names (an administrator who refuses the kubelet's proxy):
 * the scenarios that need one then fail or skip, naming it. A name no rule has is bad input.
 */
export function withoutResources(rules: DerivedRule[], without: string | undefined): DerivedRule[] {
  const names = (without ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(rules.flatMap((r) => r.resources));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    throw new Error(
      `${RBAC_WITHOUT_ENV} names ${unknown.join(', ')}, which the derived ClusterRole does not have (it has ${[...known].join(', ')})`,
    );
  return rules.filter((r) => !r.resources.some((res) => names.includes(res)));
}
