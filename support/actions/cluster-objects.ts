/**
 * Objects of cluster-scoped kinds a scenario creates (a RuntimeClass): outside the scenario's
 * namespace, so they are made parallel-safe and cleaned up here. Each must carry the scenario's
 * namespace in its name (`${namespace}-runc`: no other scenario or user has it), is owned by the
 * scenario's Namespace object (the garbage collector removes it with the namespace, even after an
 * interrupted run) and is deleted when the scenario ends. Nothing else cluster-wide is touched.
 */
import { ScenarioError } from '../assert.ts';
import type { Duration } from '../duration.ts';
import { call, isNotFound } from '../kube/errors.ts';
import { collectionPath, isNamespaced, objectPath } from '../kube/resources.ts';
import type { KubeObject } from '../manifest.ts';
import { jsonSource } from '../watch/sources.ts';
import { waitForCollection } from '../watch/wait-for-collection.ts';
import type { ScenarioContext } from './context.ts';

export class ClusterScopedObjects {
  private readonly created: KubeObject[] = [];
  private namespaceUid: string | undefined;

  constructor(private readonly ctx: ScenarioContext) {}

  /**
   * The object as it is to be created: a namespaced one unchanged; a cluster-scoped one without a
   * namespace, owned by the scenario's namespace, once its name is shown to be the scenario's own.
   */
  async prepare(object: KubeObject): Promise<KubeObject> {
    if (await isNamespaced(this.ctx.clients.http, object.apiVersion, object.kind)) return object;
    const { namespace } = this.ctx;
    const name = object.metadata.name;
    if (!name.includes(namespace)) {
      throw new ScenarioError(
        `${object.kind} "${name}" is cluster-scoped: its name must contain the scenario's namespace (write it as \${namespace}-${name}), so no other scenario's or user's object is ever touched`,
      );
    }
    this.namespaceUid ??= (
      await call(`read namespace ${namespace}`, () =>
        this.ctx.clients.http.request<{ metadata?: { uid?: string } }>('GET', `/api/v1/namespaces/${namespace}`),
      )
    ).metadata?.uid;
    const { namespace: _dropped, ...metadata } = object.metadata;
    const owner = { apiVersion: 'v1', kind: 'Namespace', name: namespace, uid: this.namespaceUid ?? '' };
    return { ...object, metadata: { ...metadata, ownerReferences: [owner] } };
  }

  /** Remembers a cluster-scoped object the scenario created, for removal when it ends. */
  track(object: KubeObject): void {
    if (!object.metadata.namespace) this.created.push(object);
  }

  /** Deletes the object (namespaced in the scenario's namespace); a 404 is an error: it was not there. */
  async delete(object: KubeObject): Promise<void> {
    const path = await objectPath(
      this.ctx.clients.http,
      object.apiVersion,
      object.kind,
      this.ctx.namespace,
      object.metadata.name,
    );
    await call(`delete ${object.kind.toLowerCase()} "${object.metadata.name}"`, () =>
      this.ctx.clients.http.request('DELETE', path),
    );
  }

  /**
   * Watches the object's collection (by name) until it holds no such object: the API server's
   * watch cache, which its admission plugins' informers are fed from, has seen it go.
   */
  async disappears(object: KubeObject, within: Duration): Promise<void> {
    const { apiVersion, kind } = object;
    const path = await collectionPath(this.ctx.clients.http, apiVersion, kind, this.ctx.namespace);
    const name = object.metadata.name;
    await waitForCollection(
      jsonSource<{ metadata?: { name?: string; resourceVersion?: string } }>(this.ctx.clients.http, path, {
        fieldSelector: `metadata.name=${name}`,
      }),
      (o) => o.metadata?.name ?? '',
      {
        what: `${kind.toLowerCase()} "${name}" gone`,
        holds: (items) => items.length === 0,
        observed: (items) => `${items.length} ${kind.toLowerCase()} named "${name}"`,
      },
      within,
    );
  }

  /** Deletes what the scenario created outside its namespace and is still there; returns what it removed. */
  async removeAll(): Promise<string[]> {
    const removed: string[] = [];
    for (const object of this.created.splice(0)) {
      try {
        await this.delete(object);
        removed.push(`${object.kind.toLowerCase()} "${object.metadata.name}"`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return removed;
  }
}
