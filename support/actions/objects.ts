/**
 * Creating and changing objects from the scenario's manifests, attempts whose refusal by the
 * API is the behaviour under test (validation: 422 with the offending field path), and reading
 * objects back as the API server stored them (defaults, admission), also after a dry run.
 *
 * Longer than our ~320-line mark on purpose: one subject (the objects a scenario declares, and the
 * API server's answers about them), whose attempts, dry runs and read-backs share the paths that
 * create and patch; the checks themselves are pure and live in support/checks/.
 */
import { ConformanceAssertionError, ScenarioError, expectEqual, fail, quote } from '../assert.ts';
import type { Duration } from '../duration.ts';
import type { KubeObject } from '../manifest.ts';
import {
  inNamespace,
  parseManifest,
  parsePatch,
  parseYamlDocuments,
  readManifestFile,
  substitute,
} from '../manifest.ts';
import { ApiError, call, isNotFound } from '../kube/errors.ts';
import { collectionPath, objectPath } from '../kube/resources.ts';
import { rejectedFieldsMismatch } from '../checks/rejected-fields.ts';
import { excerpt, expectReadsBack, lookup, parseFieldPath, parseScalar, scalarMatches } from '../checks/readback.ts';
import { countdown, patchSettingField } from '../checks/field-patch.ts';
import { expectSelected } from '../checks/selection.ts';
import { formatMs } from '../duration.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import type { PodJson } from '../kube/json.ts';
import { writtenAt } from '../pods/pod-expectations.ts';
import { WATCH_CATCH_UP } from '../report-grace.ts';
import { ClusterScopedObjects } from './cluster-objects.ts';
import type { ScenarioContext } from './context.ts';

export interface Attempt {
  what: string;
  error?: ApiError;
}

/** Core-group collections the scenarios patch or read directly. */
const CORE_RESOURCES: Record<string, string> = {
  pod: 'pods',
  service: 'services',
  configmap: 'configmaps',
  secret: 'secrets',
};

/** Kinds a read-back may name without a manifest (objects the cluster made, not the scenario). */
const CORE_KINDS: Record<string, string> = {
  pod: 'Pod',
  service: 'Service',
  configmap: 'ConfigMap',
  secret: 'Secret',
  serviceaccount: 'ServiceAccount',
  endpoints: 'Endpoints',
  event: 'Event',
  node: 'Node',
  namespace: 'Namespace',
};

/** The object as the API server answered, and where that answer came from (for the log). */
interface StoredObject {
  object: Record<string, unknown>;
  source: string;
}

export class ObjectActions {
  private lastAttempt: Attempt | undefined;
  /** The pod's latest recorded state just before each successful patch ("since the patch"). */
  readonly statesBeforePatch = new Map<string, PodSnapshot>();
  /** Answers to dry-run creates, by `kind/name`, until the object is created for real. */
  private readonly dryRunAnswers = new Map<string, Record<string, unknown>>();

  /** Objects the scenario created outside its namespace, and their removal. */
  private readonly clusterScoped: ClusterScopedObjects;

  constructor(private readonly ctx: ScenarioContext) {
    this.clusterScoped = new ClusterScopedObjects(ctx);
  }

  /**
   * Adds the objects of a manifest to the scenario's catalogue (nothing is created yet). The text
   * is a step's doc string, whose placeholders steps/define.ts has already replaced. An object
   * whose metadata.namespace names a further namespace of the scenario stays there; any other
   * namespace is refused.
   */
  declare(text: string, origin: string, lineOffset = 0): KubeObject[] {
    const further = this.ctx.substitutions.namespaces?.values() ?? [];
    const objects = inNamespace(parseManifest(text, origin, lineOffset), this.ctx.namespace, further, origin);
    this.ctx.manifests.add(objects, this.ctx.namespace);
    return objects;
  }

  /** A manifest file under features/, its placeholders replaced as a doc string's are. */
  declareFile(path: string): KubeObject[] {
    const { text, origin } = readManifestFile(path);
    return this.declare(substitute(text, this.ctx.substitutions, origin), origin);
  }

  private async createObject(declared: KubeObject): Promise<void> {
    const object = await this.clusterScoped.prepare(declared);
    const what = `create ${object.kind.toLowerCase()} "${object.metadata.name}"`;
    await call(what, () => this.ctx.clients.objects.create(object));
    this.clusterScoped.track(object);
    this.dryRunAnswers.delete(answerKey(object.kind, object.metadata.name));
    const where = object.metadata.namespace && object.metadata.namespace !== this.ctx.namespace;
    this.ctx.log(
      `created ${object.kind.toLowerCase()} "${object.metadata.name}"${where ? ` in namespace ${object.metadata.namespace}` : ''}`,
    );
  }

  async create(kind: string, name: string): Promise<void> {
    await this.createObject(this.ctx.manifests.find(kind, name));
  }

  async createMostRecent(): Promise<void> {
    for (const object of this.ctx.manifests.mostRecent) await this.createObject(object);
  }

  /** Creates and records the outcome instead of failing: the refusal is what gets asserted. */
  async tryCreate(kind: string, name: string): Promise<void> {
    const object = await this.clusterScoped.prepare(this.ctx.manifests.find(kind, name));
    await this.attempt(`create ${kind} "${name}"`, async () => {
      await this.ctx.clients.objects.create(object);
      this.clusterScoped.track(object);
      this.dryRunAnswers.delete(answerKey(kind, name));
    });
  }

  /**
   * Deletes an object the scenario declared or a core kind it names (a ConfigMap or Secret a pod
   * consumes, a cluster-scoped RuntimeClass), without waiting for it to go.
   */
  async delete(kind: string, name: string): Promise<void> {
    const { apiVersion, kind: kindName } = this.identify(kind, name);
    await this.clusterScoped.delete({ apiVersion, kind: kindName, metadata: { name } });
    this.ctx.log(`deleted ${kind} "${name}"`);
  }

  /** The declared object is gone from the API server's watch within the time. */
  async disappears(kind: string, name: string, within: Duration): Promise<void> {
    await this.clusterScoped.disappears(this.ctx.manifests.find(kind, name), within);
    this.ctx.log(`${kind} "${name}" is gone`);
  }

  /** Deletes the cluster-scoped objects the scenario created (support/actions/cluster-objects.ts). */
  removeClusterScoped(): Promise<string[]> {
    return this.clusterScoped.removeAll();
  }

  /**
   * A create with `dryRun=All`: the API server validates, defaults and admits the object and
   * answers with it, but stores nothing and no controller or node ever sees it. The answer is kept
   * for the read-back steps.
   */
  async createDryRun(kind: string, name: string): Promise<void> {
    await call(`create ${kind} "${name}" with a server-side dry run`, () => this.postDryRun(kind, name));
    this.ctx.log(`dry-run created ${kind} "${name}" (the API server stored nothing)`);
  }

  private async postDryRun(kind: string, name: string): Promise<void> {
    const object = this.ctx.manifests.find(kind, name);
    const path = await collectionPath(this.ctx.clients.http, object.apiVersion, object.kind, this.ctx.namespace);
    const answer = await this.ctx.clients.http.request<Record<string, unknown>>('POST', path, {
      body: object,
      query: { dryRun: 'All' },
    });
    this.dryRunAnswers.set(answerKey(kind, name), answer);
  }

  /** The object as stored (a GET), or the dry-run answer when it was only dry-run created. */
  async stored(kind: string, name: string): Promise<StoredObject> {
    const answer = this.dryRunAnswers.get(answerKey(kind, name));
    if (answer) return { object: answer, source: 'the dry-run answer' };
    const { apiVersion, kind: kindName } = this.identify(kind, name);
    const path = await objectPath(this.ctx.clients.http, apiVersion, kindName, this.ctx.namespace, name);
    try {
      return { object: await this.ctx.clients.http.request<Record<string, unknown>>('GET', path), source: 'GET' };
    } catch (err) {
      if (isNotFound(err)) fail(`${kind} "${name}": expected it stored, observed none (GET ${path} answered 404)`);
      throw err;
    }
  }

  /** apiVersion and kind from the scenario's manifest, or a core kind the cluster created. */
  private identify(kind: string, name: string): { apiVersion: string; kind: string } {
    try {
      return this.ctx.manifests.find(kind, name);
    } catch (err) {
      const core = CORE_KINDS[kind.toLowerCase()];
      if (core) return { apiVersion: 'v1', kind: core };
      throw err;
    }
  }

  /** One field of the stored object against a YAML scalar; the failure shows what surrounds it. */
  async expectField(kind: string, name: string, pathText: string, expectedText: string): Promise<void> {
    const path = parseFieldPath(pathText);
    const expected = parseScalar(expectedText);
    const { object, source } = await this.stored(kind, name);
    const found = lookup(object, path);
    const subject = `${kind} "${name}" field ${pathText} (${source})`;
    if (!found.found) {
      if (expected === null) return this.ctx.log(`${subject} is absent, as expected`);
      fail(
        `${subject}: expected ${quote(expected)}, observed absent: ${found.reason}`,
        `around it (${found.resolved}):\n${excerpt(found.parent)}`,
      );
    }
    if (!scalarMatches(expected, found.value, expectedText)) {
      fail(
        `${subject}: expected ${quote(expected)}, observed ${quote(found.value)}`,
        `around it:\n${excerpt(found.parent)}`,
      );
    }
    this.ctx.log(`${subject} is ${quote(found.value)}`);
  }

  /** The field is present and its value, as text, matches an unanchored regular expression. */
  async expectFieldMatches(kind: string, name: string, pathText: string, pattern: RegExp): Promise<void> {
    const { object, source } = await this.stored(kind, name);
    const found = lookup(object, parseFieldPath(pathText));
    const subject = `${kind} "${name}" field ${pathText} (${source})`;
    if (!found.found) {
      fail(
        `${subject}: expected a value matching ${quote(pattern.source)}, observed absent: ${found.reason}`,
        `around it (${found.resolved}):\n${excerpt(found.parent)}`,
      );
    }
    const text = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
    if (!pattern.test(text)) {
      fail(`${subject}: expected a value matching ${quote(pattern.source)}, observed ${quote(found.value)}`);
    }
    this.ctx.log(`${subject} is ${quote(found.value)}`);
  }

  /** A partial object (YAML) must be contained in the stored one; the failure lists every differing path. */
  async expectReadsBack(kind: string, name: string, partialText: string): Promise<void> {
    const origin = this.ctx.origin();
    const values = parseYamlDocuments(partialText, origin, this.ctx.docStringLine?.() ?? 0);
    const [expected] = values;
    if (values.length !== 1 || typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
      throw new ScenarioError(
        `${origin}: the expected object must be exactly one YAML mapping (a part of the object).`,
      );
    }
    const { object, source } = await this.stored(kind, name);
    expectReadsBack(`${kind} "${name}" read back (${source})`, expected, object);
    this.ctx.log(`${kind} "${name}" read back (${source}) contains the expected fields`);
  }

  async tryBind(pod: string, node: string): Promise<void> {
    const body = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod, namespace: this.ctx.namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    await this.attempt(`bind pod "${pod}" to node "${node}"`, () =>
      this.ctx.clients.http.request('POST', `${this.resourcePath('pod', pod)}/binding`, { body }),
    );
  }

  private resourcePath(kind: string, name: string): string {
    const plural = CORE_RESOURCES[kind.toLowerCase()];
    if (!plural) throw new Error(`patching ${kind} is not supported; add it to CORE_RESOURCES`);
    return `/api/v1/namespaces/${this.ctx.namespace}/${plural}/${name}`;
  }

  private patchBody(patchText: string, origin: string): unknown {
    return parsePatch(patchText, origin, this.ctx.docStringLine?.() ?? 0);
  }

  /** Strategic merge patch, as `kubectl patch` does by default. */
  async patch(kind: string, name: string, patchText: string, origin: string): Promise<void> {
    const body = this.patchBody(patchText, origin);
    const before = this.ctx.recorder.timeline(name).at(-1);
    if (kind.toLowerCase() === 'pod' && before) this.statesBeforePatch.set(name, before);
    const answer = await this.ctx.clients.http.request<PodJson>('PATCH', this.resourcePath(kind, name), {
      body,
      contentType: 'application/strategic-merge-patch+json',
    });
    await this.caughtUp(kind, name, answer, 'the patch');
    this.ctx.log(`patched ${kind} "${name}"`);
  }

  /**
   * After a write to a pod the scenario watches, waits until the watch has delivered the state
   * the write made: a following "becomes …" can then only be satisfied by what came after it.
   */
  private async caughtUp(kind: string, name: string, answer: PodJson | undefined, what: string): Promise<void> {
    const rv = answer?.metadata?.resourceVersion;
    if (kind.toLowerCase() !== 'pod' || !rv || !this.ctx.recorder.timeline(name).length) return;
    await this.ctx.recorder.becomes(name, writtenAt(rv, what), WATCH_CATCH_UP);
  }

  /**
   * `count` strategic merge patches in a row, each setting one field to the next value counting
   * down from `from` (activeDeadlineSeconds may only go down): a burst of spec updates.
   */
  async patchCountingDown(kind: string, name: string, path: string, from: number, count: number): Promise<void> {
    const values = countdown(from, count);
    const before = this.ctx.recorder.timeline(name).at(-1);
    if (kind.toLowerCase() === 'pod' && before) this.statesBeforePatch.set(name, before);
    const started = Date.now();
    let answer: PodJson | undefined;
    for (const value of values) {
      answer = await call(`patch ${kind} "${name}" setting ${path} to ${value}`, () =>
        this.ctx.clients.http.request<PodJson>('PATCH', this.resourcePath(kind, name), {
          body: patchSettingField(path, value),
          contentType: 'application/strategic-merge-patch+json',
        }),
      );
    }
    await this.caughtUp(kind, name, answer, 'the last patch');
    this.ctx.log(
      `patched ${kind} "${name}" ${count} times, ${path} from ${values[0]} down to ${values.at(-1)}, in ${formatMs(Date.now() - started)}`,
    );
  }

  /** The pods a LIST with the label selector returns are exactly these (names in any order). */
  async expectSelected(selector: string, names: string[]): Promise<void> {
    const list = await call(`list pods with label selector "${selector}"`, () =>
      this.ctx.clients.http.request<{ items?: { metadata?: { name?: string } }[] }>(
        'GET',
        `/api/v1/namespaces/${this.ctx.namespace}/pods`,
        { query: { labelSelector: selector } },
      ),
    );
    const found = (list.items ?? []).map((p) => p.metadata?.name ?? '');
    expectSelected(selector, names, found);
    this.ctx.log(`pods matching label selector "${selector}": ${found.join(', ') || 'none'}`);
  }

  async tryPatch(kind: string, name: string, patchText: string, origin: string): Promise<void> {
    const body = this.patchBody(patchText, origin);
    await this.attempt(`patch ${kind} "${name}"`, () =>
      this.ctx.clients.http.request('PATCH', this.resourcePath(kind, name), {
        body,
        contentType: 'application/strategic-merge-patch+json',
      }),
    );
  }

  /** Runs the action and records its outcome (accepted, or the API's refusal) for the Then steps. */
  async attempt(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await call(what, action);
      this.lastAttempt = { what };
      this.ctx.log(`${what}: accepted`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.lastAttempt = { what, error: err };
      this.ctx.log(`${what}: refused with HTTP ${err.code}: ${err.status.message ?? ''}`);
    }
  }

  private get attempted(): Attempt {
    if (!this.lastAttempt) throw new Error('no attempt yet: use a "When I try to …" step first');
    return this.lastAttempt;
  }

  /** The attempt was refused as invalid (422) and, if given, the field path is among the causes. */
  expectRejected(code: number, field?: string): void {
    const { what, error } = this.attempted;
    if (!error) fail(`${what}: expected the API to refuse it with HTTP ${code}, observed it accepted`);
    expectEqual(`${what}: HTTP status`, code, error.code, error.status.message);
    if (field === undefined) return;
    const fields = error.causes.map((c) => c.field).filter((f): f is string => !!f);
    if (!fields.includes(field) && !(error.status.message ?? '').includes(`${field}:`)) {
      throw new ConformanceAssertionError(
        `${what}: rejected field: expected ${quote(field)}, observed ${fields.length ? fields.map((f) => quote(f)).join(', ') : '(none)'}`,
        error.status.message,
      );
    }
  }

  /** The attempt was refused as invalid (422), naming these fields among its causes and no others. */
  expectRejectedFields(fields: string[]): void {
    const { what, error } = this.attempted;
    if (!error) fail(`${what}: expected the API to refuse it as invalid, observed it accepted`);
    expectEqual(`${what}: HTTP status`, 422, error.code, error.status.message);
    const named = error.causes.map((c) => c.field).filter((f): f is string => !!f);
    const mismatch = rejectedFieldsMismatch(fields, named);
    if (mismatch) fail(`${what}: ${mismatch}`, error.status.message);
  }

  expectRejectionMessage(text: string): void {
    const { what, error } = this.attempted;
    if (!error) fail(`${what}: expected a refusal mentioning ${quote(text)}, observed it accepted`);
    const message = error.status.message ?? '';
    if (!message.includes(text))
      fail(`${what}: refusal message: expected to contain ${quote(text)}, observed ${quote(message)}`);
  }

  expectAccepted(): void {
    const { what, error } = this.attempted;
    if (error)
      fail(`${what}: expected the API to accept it, observed HTTP ${error.code}: ${error.status.message ?? ''}`);
  }

  /** Nothing was stored: a GET answers 404. */
  async expectAbsent(kind: string, name: string): Promise<void> {
    const { apiVersion, kind: kindName } = this.identify(kind, name);
    const path = await objectPath(this.ctx.clients.http, apiVersion, kindName, this.ctx.namespace, name);
    try {
      await this.ctx.clients.http.request('GET', path);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    fail(`${kind} "${name}" existence: expected none stored, observed it exists`);
  }
}

function answerKey(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}
