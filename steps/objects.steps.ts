/** When: create and change objects; "try to" records a refusal for the Then steps to examine. */
import { Then, When } from './define.ts';

When('I create it', function () {
  return this.objects.createMostRecent();
});

When('I create {word} {string}', function (kind: string, name: string) {
  return this.objects.create(kind, name);
});

When('I try to create {word} {string}', function (kind: string, name: string) {
  return this.objects.tryCreate(kind, name);
});

When('I patch {word} {string} with:', function (kind: string, name: string, patch: string) {
  return this.objects.patch(kind, name, patch, this.origin());
});

When('I try to patch {word} {string} with:', function (kind: string, name: string, patch: string) {
  return this.objects.tryPatch(kind, name, patch, this.origin());
});

/**
 * What the scheduler does to place a pod: POST a Binding to the pod's `binding` subresource. The
 * outcome is recorded for the Then steps (a pod that is already bound must refuse it).
 */
When('I try to bind pod {string} to node {string}', function (pod: string, node: string) {
  return this.objects.tryBind(pod, this.resolve(node));
});

Then('the API refuses it with HTTP status {int}', function (code: number) {
  this.objects.expectRejected(code);
});

Then('the API rejects it as invalid', function () {
  this.objects.expectRejected(422);
});

Then('the API rejects it as invalid, naming the field {string}', function (field: string) {
  this.objects.expectRejected(422, field);
});

Then('the rejection message contains {string}', function (text: string) {
  this.objects.expectRejectionMessage(text);
});

Then('the API accepts it', function () {
  this.objects.expectAccepted();
});

Then('no {word} {string} was stored', function (kind: string, name: string) {
  return this.objects.expectAbsent(kind, name);
});

When('I create {word} {string} with a server-side dry run', function (kind: string, name: string) {
  return this.objects.createDryRun(kind, name);
});

When('I try to create {word} {string} with a server-side dry run', function (kind: string, name: string) {
  return this.objects.tryCreateDryRun(kind, name);
});

/**
 * One field of the object as the API server stored it (a GET, or the dry-run answer when it was
 * only dry-run created). Paths: `spec.containers[0].imagePullPolicy`, `status.qosClass`,
 * `spec.containers[name=app].image`, `spec.tolerations[key=node.kubernetes.io/not-ready].tolerationSeconds`,
 * `metadata.labels[kubernetes.io/hostname]`. The value is a YAML scalar ("Always", "300", "true");
 * "null" means absent.
 */
Then(
  'field {string} of {word} {string} is {string}',
  function (path: string, kind: string, name: string, value: string) {
    return this.objects.expectField(kind, name, path, value);
  },
);

/**
 * The stored object contains the docstring's partial object: every key given must match; a list
 * matches when each of its items matches a different stored item, in any order.
 */
Then('{word} {string} reads back as:', function (kind: string, name: string, partial: string) {
  return this.objects.expectReadsBack(kind, name, partial);
});
