/** When: create and change objects; "try to" records a refusal for the Then steps to examine. */
import { Then, When } from './define.ts';

When('I create it', function () {
  return this.objects.createMostRecent();
});

/**
 * Creates a declared object in the scenario's namespace. An object of a cluster-scoped kind (a
 * RuntimeClass) must carry the scenario's namespace in its name (`${namespace}-runc`); it is owned
 * by the namespace and deleted when the scenario ends, so nothing outside the scenario is touched.
 */
When('I create {word} {string}', function (kind, name) {
  return this.objects.create(kind, name);
});

When('I try to create {word} {string}', function (kind, name) {
  return this.objects.tryCreate(kind, name);
});

/**
 * A watch of the object's collection (by name) holds no such object: the API server's watch
 * cache, which feeds its admission plugins, has seen it go.
 */
Then('{objectKind} {string} disappears within {duration}', function (kind, name, d) {
  return this.objects.disappears(kind, name, d);
});

When('I patch {word} {string} with:', function (kind, name, patch: string) {
  return this.objects.patch(kind, name, patch, this.origin());
});

When('I try to patch {word} {string} with:', function (kind, name, patch: string) {
  return this.objects.tryPatch(kind, name, patch, this.origin());
});

/**
 * What the scheduler does to place a pod: POST a Binding to the pod's `binding` subresource. The
 * outcome is recorded for the Then steps (a pod that is already bound must refuse it).
 */
When('I try to bind pod {string} to node {string}', function (pod, node) {
  return this.objects.tryBind(pod, node);
});

/** Any refusal by its HTTP status: 409 Conflict, 403 Forbidden, 404 Not Found … (422 has its own steps). */
Then('the API refuses it with HTTP status {int}', function (code) {
  this.objects.expectRejected(code);
});

Then('the API rejects it as invalid', function () {
  this.objects.expectRejected(422);
});

Then('the API rejects it as invalid, naming the field {string}', function (field) {
  this.objects.expectRejected(422, field);
});

/** The 422's causes name these fields (comma-separated) and no others: the valid ones beside them were accepted. */
Then('the API rejects it as invalid, naming exactly the fields {list}', function (fields) {
  this.objects.expectRejectedFields(fields);
});

Then('the rejection message contains {string}', function (text) {
  this.objects.expectRejectionMessage(text);
});

Then('the API accepts it', function () {
  this.objects.expectAccepted();
});

Then('no {word} {string} was stored', function (kind, name) {
  return this.objects.expectAbsent(kind, name);
});

/**
 * POST with `dryRun=All`: the API server validates, defaults and admits the object but stores
 * nothing (no scheduler, kubelet or image pull is involved); its answer is kept for the read-back
 * steps below.
 */
When('I create {word} {string} with a server-side dry run', function (kind, name) {
  return this.objects.createDryRun(kind, name);
});

/**
 * One field of the object as the API server stored it (a GET, or the dry-run answer when it was
 * only dry-run created); any kind the API serves, also cluster-scoped ones such as a node. The path
 * is dot-separated names with `[N]` (an index), `[field=value]` (the one list item whose field has
 * that value) and `[a.b/c]` (a map key with dots): `spec.containers[name=app].imagePullPolicy`,
 * `spec.tolerations[key=node.kubernetes.io/not-ready].tolerationSeconds`, `status.qosClass`,
 * `metadata.labels[kubernetes.io/hostname]`. The value is a YAML scalar ("Always", "300", "true");
 * "null" means absent.
 */
Then('field {string} of {word} {string} is {string}', function (path, kind, name, value) {
  return this.objects.expectField(kind, name, path, value);
});

/** The field is present and its value (as text; lists and objects as JSON) matches an unanchored regular expression. */
Then('field {string} of {word} {string} matches {pattern}', function (path, kind, name, pattern) {
  return this.objects.expectFieldMatches(kind, name, path, pattern);
});

/**
 * The stored object contains the docstring's partial object: every key given must match; a list
 * matches when each of its items matches a different stored item, in any order.
 */
Then('{word} {string} reads back as:', function (kind, name, partial: string) {
  return this.objects.expectReadsBack(kind, name, partial);
});
