/**
 * Creating and changing objects from the scenario's manifests, and attempts whose refusal by the
 * API is the behaviour under test (validation: 422 with the offending field path).
 */
import { ConformanceAssertionError, expectEqual, fail, quote } from '../assert.ts';
import type { KubeObject } from '../manifest.ts';
import { inNamespace, parseManifest, parsePatch, substitute } from '../manifest.ts';
import { ApiError, call, isNotFound } from '../kube/errors.ts';
import type { PodSnapshot } from '../pods/snapshot.ts';
import type { ScenarioContext } from '../scenario.ts';

export interface Attempt {
  what: string;
  error?: ApiError;
}

/** Core-group collections the scenarios patch or read directly. */
const CORE_RESOURCES: Record<string, string> = { pod: 'pods', service: 'services', configmap: 'configmaps' };

export class ObjectActions {
  private lastAttempt: Attempt | undefined;
  /** The pod's latest recorded state just before each successful patch ("since the patch"). */
  readonly statesBeforePatch = new Map<string, PodSnapshot>();

  constructor(private readonly ctx: ScenarioContext) {}

  /** Adds the objects of a manifest to the scenario's catalogue (nothing is created yet). */
  declare(text: string, origin: string, lineOffset = 0): KubeObject[] {
    const substituted = substitute(text, this.ctx.substitutions, origin);
    const objects = inNamespace(parseManifest(substituted, origin, lineOffset), this.ctx.namespace);
    this.ctx.manifests.add(objects);
    return objects;
  }

  private async createObject(object: KubeObject): Promise<void> {
    const what = `create ${object.kind.toLowerCase()} "${object.metadata.name}"`;
    await call(what, () => this.ctx.clients.objects.create(object));
    this.ctx.log(`created ${object.kind.toLowerCase()} "${object.metadata.name}"`);
  }

  async create(kind: string, name: string): Promise<void> {
    await this.createObject(this.ctx.manifests.find(kind, name));
  }

  async createMostRecent(): Promise<void> {
    for (const object of this.ctx.manifests.mostRecent) await this.createObject(object);
  }

  /** Creates and records the outcome instead of failing: the refusal is what gets asserted. */
  async tryCreate(kind: string, name: string): Promise<void> {
    const object = this.ctx.manifests.find(kind, name);
    await this.attempt(`create ${kind} "${name}"`, () => this.ctx.clients.objects.create(object));
  }

  private resourcePath(kind: string, name: string): string {
    const plural = CORE_RESOURCES[kind.toLowerCase()];
    if (!plural) throw new Error(`patching ${kind} is not supported; add it to CORE_RESOURCES`);
    return `/api/v1/namespaces/${this.ctx.namespace}/${plural}/${name}`;
  }

  private patchBody(patchText: string, origin: string): unknown {
    return parsePatch(substitute(patchText, this.ctx.substitutions, origin), origin, this.ctx.docStringLine?.() ?? 0);
  }

  /** Strategic merge patch, as `kubectl patch` does by default. */
  async patch(kind: string, name: string, patchText: string, origin: string): Promise<void> {
    const body = this.patchBody(patchText, origin);
    const before = this.ctx.recorder.timeline(name).at(-1);
    if (kind.toLowerCase() === 'pod' && before) this.statesBeforePatch.set(name, before);
    await this.ctx.clients.http.request('PATCH', this.resourcePath(kind, name), {
      body,
      contentType: 'application/strategic-merge-patch+json',
    });
    this.ctx.log(`patched ${kind} "${name}"`);
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

  private async attempt(what: string, action: () => Promise<unknown>): Promise<void> {
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
    try {
      await this.ctx.clients.http.request('GET', this.resourcePath(kind, name));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    fail(`${kind} "${name}" existence: expected none stored, observed it exists`);
  }
}
