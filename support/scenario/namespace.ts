/**
 * One namespace per scenario: labelled with the run and the scenario so leftovers can be found
 * (`kubectl get ns -l pod-conformance.io/run=<id>`), ready once its default ServiceAccount exists
 * (the API rejects pods before that), deleted afterwards unless the run keeps it. A scenario that
 * needs a second namespace (`Given another namespace "other"`: a Secret of the same name that its
 * pod must not see) gets one named after its own, `<scenario namespace>-<alias>`, with the same
 * labels (so `pod-conformance cleanup` finds it after an interrupted run) plus the scenario
 * namespace it belongs to, and the same end.
 */
import { randomBytes } from 'node:crypto';
import { PatchStrategy, setHeaderOptions, type V1ServiceAccount } from '@kubernetes/client-node';
import { ScenarioError } from '../assert.ts';
import { Duration } from '../duration.ts';
import type { KubeClients } from '../kube/clients.ts';
import { call, isNotFound } from '../kube/errors.ts';
import { jsonSource } from '../watch/sources.ts';
import type { Jsonified } from '../kube/json.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';

export const LABEL_RUN = 'pod-conformance.io/run';
export const LABEL_SCENARIO = 'pod-conformance.io/scenario';
export const LABEL_BEHAVIOUR = 'pod-conformance.io/behaviour';
/** On a namespace kept by `--keep`: cleanups of stale runs leave it for the user to delete. */
export const LABEL_KEPT = 'pod-conformance.io/kept';
/** What a suite's namespace that is no scenario's is for: `run` (a run's Lease, scripts/run/lease.ts), `in-cluster` (scripts/in-cluster/manifests.ts). */
export const LABEL_ROLE = 'pod-conformance.io/role';
/** On a scenario's further namespace: the scenario namespace it belongs to. */
export const LABEL_PRIMARY = 'pod-conformance.io/scenario-namespace';

export interface ScenarioIdentity {
  runId: string;
  /** Scenario name as written in the feature. */
  scenario: string;
  /** `features/init-containers.feature:42` */
  source: string;
  /** Behaviour ID from the tags (`INIT-02`), if any. */
  behaviour?: string;
  /** Pod Security Admission level the scenario needs. */
  podSecurity: 'baseline' | 'privileged';
}

/** A label value: at most 63 characters of [a-z0-9._-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .slice(0, 63)
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'unnamed'
  );
}

export function namespaceName(id: ScenarioIdentity, suffix = randomBytes(3).toString('hex')): string {
  const prefix = labelValue(id.behaviour ?? id.scenario)
    .replace(/[._]/g, '-')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `pc-${prefix}-${suffix}`;
}

const SERVICE_ACCOUNT_WAIT = Duration.parse('60 seconds');

/** The labels every namespace of a scenario carries: the run, the scenario, its behaviour, its Pod Security level. */
export function scenarioLabels(id: ScenarioIdentity): Record<string, string> {
  return {
    [LABEL_RUN]: labelValue(id.runId),
    [LABEL_SCENARIO]: labelValue(id.scenario),
    ...(id.behaviour ? { [LABEL_BEHAVIOUR]: labelValue(id.behaviour) } : {}),
    'pod-security.kubernetes.io/enforce': id.podSecurity,
  };
}

/** What a scenario may call a further namespace: short, so that `<scenario namespace>-<alias>` stays a namespace name. */
export const NAMESPACE_ALIAS = /^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/;

/** A further namespace of a scenario: `<scenario namespace>-<alias>` (at most 50 + 1 + 12 characters). */
export function furtherNamespaceName(primary: string, alias: string): string {
  if (!NAMESPACE_ALIAS.test(alias)) {
    throw new ScenarioError(
      `namespace alias "${alias}": use 1 to 12 lower-case letters, digits and '-' (starting and ending with a letter or digit), as in 'Given another namespace "other"'`,
    );
  }
  return `${primary}-${alias}`;
}

export async function createScenarioNamespace(clients: KubeClients, id: ScenarioIdentity): Promise<string> {
  const name = namespaceName(id);
  await createLabelledNamespace(clients, name, scenarioLabels(id), id);
  return name;
}

/**
 * A further namespace of the scenario whose namespace is `primary`, labelled as that one is (the
 * run's cleanup finds both) and with the namespace it belongs to; ready as that one is.
 * `created` hears of it as soon as the API server has it, so a failed wait still leaves it to be
 * deleted (and a name taken by someone else is never deleted).
 */
export async function createFurtherNamespace(
  clients: KubeClients,
  id: ScenarioIdentity,
  primary: string,
  alias: string,
  created: (name: string) => void,
): Promise<string> {
  const name = furtherNamespaceName(primary, alias);
  await createLabelledNamespace(clients, name, { ...scenarioLabels(id), [LABEL_PRIMARY]: primary }, id, created);
  return name;
}

async function createLabelledNamespace(
  clients: KubeClients,
  name: string,
  labels: Record<string, string>,
  id: ScenarioIdentity,
  created: (name: string) => void = () => undefined,
): Promise<void> {
  await call(`create namespace ${name}`, () =>
    clients.core.createNamespace({
      body: {
        metadata: {
          name,
          labels,
          annotations: { 'pod-conformance.io/scenario-name': id.scenario, 'pod-conformance.io/source': id.source },
        },
      },
    }),
  );
  created(name);
  await waitForCollection(
    jsonSource<Jsonified<V1ServiceAccount>>(clients.http, `/api/v1/namespaces/${name}/serviceaccounts`, {
      fieldSelector: 'metadata.name=default',
    }),
    (sa) => sa.metadata?.name ?? '',
    {
      what: `ServiceAccount "default" in namespace ${name}`,
      holds: (accounts) => accounts.length > 0,
      observed: () => 'nothing',
    },
    SERVICE_ACCOUNT_WAIT,
  );
}

/** Marks a namespace kept on purpose, so no cleanup of stale runs removes it. */
export async function markKept(clients: KubeClients, name: string, policy: string): Promise<void> {
  await call(`label namespace ${name} kept`, () =>
    clients.core.patchNamespace(
      { name, body: { metadata: { labels: { [LABEL_KEPT]: policy } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ),
  );
}

/**
 * Deletes the namespace without waiting for it to disappear. Its pods are deleted with grace 0
 * beside it (a terminating namespace still takes deletes), so a run does not leave 30-second
 * terminations piling up on a small node, and the scenario's worker waits for one round trip,
 * not two.
 */
export async function deleteScenarioNamespace(clients: KubeClients, name: string): Promise<void> {
  const tolerateGone = (err: unknown) => {
    if (!isNotFound(err)) throw err;
  };
  const deletes = await Promise.allSettled([
    call(`delete pods in ${name}`, () =>
      clients.core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 }),
    ).catch(tolerateGone),
    call(`delete namespace ${name}`, () =>
      clients.core.deleteNamespace({ name, propagationPolicy: 'Background' }),
    ).catch(tolerateGone),
  ]);
  for (const d of deletes) if (d.status === 'rejected') throw d.reason;
}
