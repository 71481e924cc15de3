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

/**
 * Makes a further namespace for the scenario, for objects its pods must not see (a Secret of the
 * same name as one in the scenario's namespace). `${namespaces.<alias>}` names it: as an object's
 * `metadata.namespace` in a manifest, that object is created there (`When I create it`); steps
 * that name an object otherwise address the scenario's own namespace, and pods are watched there
 * only. It is `<scenario namespace>-<alias>` (an alias of 1 to 12 lower-case letters, digits and
 * '-'), labelled as the scenario's namespace, and deleted with it (or kept with it by --keep).
 */
Given('another namespace {string}', function (alias) {
  return this.makeNamespace(alias);
});
