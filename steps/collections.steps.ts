/**
 * Pods as a collection: which ones a label selector finds, deleting all it finds in one request,
 * and a burst of updates to one pod.
 */
import { Then, When } from './define.ts';

/** A LIST with `labelSelector` returns exactly these pods (comma-separated names, any order). */
Then('the pods matching label selector {string} are {list}', function (selector, names) {
  return this.objects.expectSelected(selector, names);
});

Then('no pod matches label selector {string}', function (selector) {
  return this.objects.expectSelected(selector, []);
});

/**
 * `kubectl delete pods -l SELECTOR --grace-period=N`: one DELETE of the collection. Every pod in
 * the answer counts as deleted by this request for the "… after the delete request" steps.
 */
When(
  'I delete the pods matching label selector {string} with a grace period of {int} second(s)',
  function (selector, seconds) {
    return this.termination.deleteSelected(selector, { kind: 'grace', seconds });
  },
);

/**
 * N strategic merge patches in a row, each setting the field (plain names:
 * `spec.activeDeadlineSeconds`) to the next value counting down: N, N − 1, … from the start given.
 */
When(
  'I patch field {string} of {word} {string} {int} times, counting down from {int}',
  function (path, kind, name, count, from) {
    return this.objects.patchCountingDown(kind, name, path, from, count);
  },
  { budgetMs: 180_000 },
);
