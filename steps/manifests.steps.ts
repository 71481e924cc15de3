/** Given: the objects a scenario works with, from a file under features/ or a docstring. */
import { Given } from './define.ts';

/** A file under features/; its placeholders are replaced as a doc string's are. */
Given('the manifest {string}', function (path) {
  this.objects.declareFile(path);
});

Given('the manifest:', function (docString: string) {
  this.objects.declare(docString, this.origin(), this.docStringLine);
});

/**
 * Names one of the cluster's schedulable nodes (Ready, not cordoned, no NoSchedule/NoExecute
 * taint) that the scenario has not named yet, so manifests and expectations can use
 * `${nodes.<alias>.name}`, `${nodes.<alias>.hostname}` (its kubernetes.io/hostname label) and
 * `${nodes.<alias>.ip}` (its InternalIP). The node is only read: nothing is labelled or tainted.
 */
Given('a schedulable node {string}', function (alias) {
  return this.nameSchedulableNode(alias);
});
