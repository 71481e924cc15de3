/**
 * Scenario lifecycle: a fresh namespace and a pod recorder before, capability checks that skip
 * with a reason, and afterwards the evidence (collected BEFORE the namespace is deleted, in the
 * same hook so no ordering rule can separate them) and the cleanup, of the scenario's further
 * namespaces (`Given another namespace`) as of its own.
 */
import type { ITestCaseHookParameter } from '@cucumber/cucumber';
import { After, AfterStep, Before, BeforeStep, Status } from '@cucumber/cucumber';
import { label, link } from 'allure-js-commons';
import { behaviourIds, gherkinLines, pickleLocation } from '../gherkin.mjs';
import { capabilitiesOf, missingReason, needsPrivilegedNamespace } from './capabilities.ts';
import { collectEvidence, collectFurtherEvidence, recordedEvidence } from '../evidence/collect.ts';
import { removeScenarioHostPaths } from './hostpath-cleanup.ts';
import { readingBefore } from './runtime-errors.ts';
import { interruptedError, interruption, trackNamespace } from '../interrupt.ts';
import { kubeClients } from '../kube/clients.ts';
import { podTableSource, readPodObservation } from '../watch/sources.ts';
import { createScenarioNamespace, deleteScenarioNamespace, markKept } from './namespace.ts';
import { PodRecorder } from '../pods/recorder.ts';
import { Duration } from '../duration.ts';
import {
  capabilityOverrides,
  detectedCapabilities,
  imageMap,
  keepPolicy,
  kubeletControl,
  runId,
  runtimeErrorsFile,
  runtimeHandler,
} from '../run-config.ts';
import type { PodWorld } from './world.ts';

BeforeStep(function (this: PodWorld, { gherkinDocument, pickle, pickleStep }) {
  // An interrupted run starts no further step; the After hook still cleans up.
  if (interruption()) throw interruptedError();
  const where = gherkinLines(gherkinDocument).get(pickleStep.astNodeIds[0] ?? '');
  this.stepLocation = `${pickle.uri}${where ? `:${where.line}` : ''}`;
  this.docStringLine = where?.docLine ?? 0;
});

// The failed step's moment and message, for the timelines: the picture runs to where the check gave up.
AfterStep(function (this: PodWorld, { pickleStep, result }) {
  if (result.status !== Status.FAILED || this.failure) return;
  const message = (result.message ?? '').split('\n')[0]?.replace(/^[A-Za-z]*Error: /, '') ?? '';
  this.failure = { at: Date.now(), step: pickleStep.text, message };
});

Before(
  { name: 'create the scenario namespace', timeout: 120_000 },
  async function (this: PodWorld, { pickle, gherkinDocument }: ITestCaseHookParameter) {
    const signal = interruption();
    if (signal) {
      this.log(`skipped: not started, the run was interrupted by ${signal}`);
      return 'skipped';
    }
    const tags = pickle.tags.map((t) => t.name);
    const capabilities = capabilitiesOf(tags);
    // An outline's row stands at its Examples row: its evidence and links are its own.
    const source = pickleLocation(pickle, gherkinLines(gherkinDocument));
    this.identity = {
      runId: runId(),
      scenario: pickle.name,
      source,
      behaviour: behaviourIds(tags)[0],
      podSecurity: needsPrivilegedNamespace(capabilities) ? 'privileged' : 'baseline',
    };
    // The behaviours view finds each scenario's Allure page by this label (scripts/report/html-report.ts).
    await label('location', source);
    // The Allure report links each scenario to its row in the behaviours view beside it.
    if (this.identity.behaviour)
      await link(`behaviours.html#${this.identity.behaviour}`, `${this.identity.behaviour} in the behaviours view`);
    const clients = kubeClients();
    // The run's reading before this moment, looked up only if a step fails.
    const startedAtMs = Date.now();
    this.runtimeErrors = () => readingBefore(runtimeErrorsFile(), startedAtMs);
    this.namespace = await createScenarioNamespace(clients, this.identity);
    const namespace = this.namespace;
    trackNamespace(namespace, () => deleteScenarioNamespace(clients, namespace));
    this.recorder = new PodRecorder(podTableSource(clients.http, namespace), (name) =>
      readPodObservation(clients.http, namespace, name),
    );
    await this.recorder.start();
    this.log(`namespace ${namespace}`);

    const images = imageMap();
    const overrides = capabilityOverrides();
    const detected = detectedCapabilities();
    for (const capability of capabilities) {
      const reason = await missingReason(clients, capability, {
        namespace,
        image: images.busybox ?? images.pause ?? '',
        images,
        overrides,
        detected,
        runtimeHandler: runtimeHandler(),
        kubeletControl: kubeletControl(),
        runId: runId(),
      });
      if (reason) {
        this.log(`skipped: ${reason}`);
        return 'skipped';
      }
    }
    return undefined;
  },
);

/** How long a kubelet the scenario left stopped gets to make its node Ready again in the After hook. */
const KUBELET_BACK = Duration.parse('2 minutes');

After(
  { name: 'attach evidence, then delete the namespace', timeout: 120_000 + KUBELET_BACK.ms },
  async function (this: PodWorld, { result }: ITestCaseHookParameter) {
    if (!this.namespace) return;
    const failed = result?.status === Status.FAILED;
    const clients = kubeClients();
    // A kubelet the scenario stopped runs again before anything else: the namespace's pods on
    // that node go only through it, and the next scenario needs the node back.
    if (this.stoppedKubelets.size > 0) {
      const started = await this.kubelets.startStopped(KUBELET_BACK);
      this.log(`started the kubelet of ${started.join(', ')} again (the scenario had stopped it); node Ready`);
    }
    if (this.recorder) {
      await this.recorder.stop();
      for (const item of await recordedEvidence(
        clients,
        this.namespace,
        this.recorder,
        this.evidence.reads,
        this.failure,
      ))
        this.attach(item.body, { mediaType: item.mediaType, fileName: item.name });
    }
    if (failed) {
      const items = [
        ...(await collectEvidence(clients, this.namespace)),
        ...(await collectFurtherEvidence(clients, this.namespaces)),
      ];
      for (const item of items) this.attach(item.body, { mediaType: item.mediaType, fileName: item.name });
    }
    const all = [this.namespace, ...this.namespaces.values()];
    const keep = keepPolicy();
    if (keep === 'always' || (keep === 'failed' && failed)) {
      trackNamespace(undefined);
      for (const name of all) await markKept(clients, name, keep);
      this.log(
        `kept namespace(s) ${all.join(', ')} (--keep ${keep}); delete with: kubectl delete namespace ${all.join(' ')}`,
      );
      return;
    }
    try {
      // Cluster-scoped objects live outside the namespace (they are owned by it, so its removal
      // would take them too, later): remove them now.
      const removed = await this.objects.removeClusterScoped();
      if (removed.length > 0) this.log(`deleted ${removed.join(', ')}`);
      // hostPath directories live on the nodes, not in the namespace: remove them while it exists.
      await removeScenarioHostPaths(clients, this.namespace, this.recorder, imageMap().busybox, (line) =>
        this.log(line),
      );
    } finally {
      // Every delete is issued even when another one fails.
      const deletes = await Promise.allSettled(all.map((name) => deleteScenarioNamespace(clients, name)));
      trackNamespace(undefined);
      const refused = deletes.find((d) => d.status === 'rejected');
      if (refused) throw refused.reason;
    }
  },
);
