// The names of the run-configuration environment (support/run-config.ts documents each and owns
// their parsing). Plain JavaScript, so that what runs before any TypeScript can be loaded
// (cucumber.mjs, scripts/cucumber/scenario-order.mjs, support/scenario/load-turns.mjs) reads the same names.
export const RUN_ENV = Object.freeze({
  kubeconfig: 'KUBECONFIG',
  context: 'POD_CONFORMANCE_CONTEXT',
  images: 'POD_CONFORMANCE_IMAGES',
  runId: 'POD_CONFORMANCE_RUN_ID',
  keep: 'POD_CONFORMANCE_KEEP',
  reports: 'POD_CONFORMANCE_REPORTS',
  parallel: 'POD_CONFORMANCE_PARALLEL',
  durations: 'POD_CONFORMANCE_DURATIONS',
  detected: 'POD_CONFORMANCE_DETECTED',
  gate: 'POD_CONFORMANCE_GATE',
  runtimeHandler: 'POD_CONFORMANCE_RUNTIME_HANDLER',
  kubeletControl: 'POD_CONFORMANCE_KUBELET_CONTROL',
  capabilities: 'POD_CONFORMANCE_CAPABILITIES',
  format: 'POD_CONFORMANCE_FORMAT',
  features: 'POD_CONFORMANCE_FEATURES',
  // The local provider's node count, 1..3 (clusters/local/options.ts reads it; the run checks it
  // before any cluster work).
  localNodes: 'POD_CONFORMANCE_LOCAL_NODES',
  // A file the run keeps the nodes' runtime error counters in, read every few seconds while the
  // scenarios run (support/scenario/runtime-errors.ts).
  runtimeErrors: 'POD_CONFORMANCE_RUNTIME_ERRORS',
});

/**
 * The tag of a scenario that needs the cluster to itself: the runner's scenario order
 * (scripts/cucumber/scenario-order.mjs) queues it first, the workers (support/scenario/run-alone.ts) start it
 * only when nothing else runs.
 */
export const RUN_ALONE_TAG = '@run-alone';
