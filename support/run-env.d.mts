export declare const RUN_ENV: {
  readonly kubeconfig: 'KUBECONFIG';
  readonly context: 'POD_CONFORMANCE_CONTEXT';
  readonly images: 'POD_CONFORMANCE_IMAGES';
  readonly runId: 'POD_CONFORMANCE_RUN_ID';
  readonly keep: 'POD_CONFORMANCE_KEEP';
  readonly reports: 'POD_CONFORMANCE_REPORTS';
  readonly parallel: 'POD_CONFORMANCE_PARALLEL';
  readonly durations: 'POD_CONFORMANCE_DURATIONS';
  readonly detected: 'POD_CONFORMANCE_DETECTED';
  readonly gate: 'POD_CONFORMANCE_GATE';
  readonly runtimeHandler: 'POD_CONFORMANCE_RUNTIME_HANDLER';
  readonly capabilities: 'POD_CONFORMANCE_CAPABILITIES';
  readonly format: 'POD_CONFORMANCE_FORMAT';
  readonly features: 'POD_CONFORMANCE_FEATURES';
  readonly localNodes: 'POD_CONFORMANCE_LOCAL_NODES';
  readonly runtimeErrors: 'POD_CONFORMANCE_RUNTIME_ERRORS';
};
export declare const RUN_ALONE_TAG: '@run-alone';
