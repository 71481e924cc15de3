/**
 * Writes to a pod's subresources and reading them back: `status` (what a controller writes:
 * readiness gates, conditions; steps/status.steps.ts has its other steps), `ephemeral containers`
 * (the ephemeralcontainers subresource: a debug container added to a running pod) and `resources`
 * (the resize subresource: container resources changed in place). What followed a write is read
 * with the pod and container steps: `condition x.io/gate of pod "p" becomes "True" within 10
 * seconds`, `container "debugger" of pod "p" becomes running within 1 minute`, `pod "p" becomes
 * resized within 1 minute`.
 */
import { Then, When } from './define.ts';

/**
 * A strategic merge patch of the subresource (`kubectl patch --subresource`); the docstring is
 * YAML, containers merge by name and conditions by type: `status: {conditions: [{type: x.io/gate,
 * status: "True"}]}` sets a condition, `spec: {ephemeralContainers: [{name: debugger, …}]}` adds a
 * container, `spec: {containers: [{name: app, resources: {limits: {cpu: 200m}}}]}` resizes one.
 * The step returns once the scenario's watch has seen the write, so a following "becomes …
 * within" only counts later states; "… was not restarted, re-run or recreated since the patch"
 * compares with the state just before it, "… since the status write" with a status write.
 */
When('I patch the {podSubresource} of pod {string} with:', function (subresource, pod, patch: string) {
  return this.subresources.patch(pod, subresource, patch);
});

/** The same patch, its refusal recorded for "the API rejects it …" / "the API refuses it …". */
When('I try to patch the {podSubresource} of pod {string} with:', function (subresource, pod, patch: string) {
  return this.subresources.tryPatch(pod, subresource, patch);
});

/**
 * A read-modify-write through the subresource's replace endpoint (PUT): the pod as read, the
 * docstring (a part of the pod, YAML) merged into it, lists of named items by name and conditions
 * by type, `null` removing a field; sent with the resourceVersion read.
 */
When('I replace the {podSubresource} of pod {string} with:', function (subresource, pod, partial: string) {
  return this.subresources.replace(pod, subresource, partial);
});

/** GET of the subresource answers the pod itself, field for field, at the same resourceVersion as the pod's own GET. */
Then('the {podSubresource} of pod {string} read(s) back as the pod itself', function (subresource, pod) {
  return this.subresources.expectReadsAsPod(pod, subresource);
});
