@epic:pod-anatomy
Feature: The creation flow: API server, scheduler, kubelet
  A pod is validated and stored by the API server without a node, bound to a node by the
  scheduler, and started by that node's kubelet, which reports its conditions. An invalid pod is
  refused before anything is stored.

  Seed: reference article 004 (POD 的创建流程), rows FLOW-01 and FLOW-02 of the behaviour catalogue.
  The scenario's watch is opened before the pod is created, so every step of the flow is seen as
  the watch event that carried it.

  @FLOW-01
  Scenario: The watch sees the pod stored unbound, then bound, then its conditions True in order
    The article names the steps (API server → etcd → scheduler → kubelet → status); v1.35 adds the
    PodReadyToStartContainers condition (the sandbox and its network are ready). The init container
    sleeps 5 s and the readiness probe waits 4 s (2 s each were not enough with two full runs sharing
    a 2-core node: the kubelet computed PodReadyToStartContainers and Initialized in one sync and
    stamped them in one second), so each step is stamped in its own second and usually
    arrives in its own watch event; a loaded kubelet may carry two in one status write, and then
    their lastTransitionTimes, seconds apart, give the order (equal seconds never do);
    ContainersReady and Ready are set by one status update. The init and app log lines are the kubelet's trace that it ran the pod.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: flow
      spec:
        terminationGracePeriodSeconds: 1
        initContainers:
          - name: init
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "init ran"; sleep 5']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "app started"; exec sleep 3600']
            readinessProbe:
              exec: { command: ['true'] }
              initialDelaySeconds: 4
              periodSeconds: 1
      """
    When I create it
    Then pod "flow" becomes Ready within 1 minute
    And the log of container "init" of pod "flow" contains "init ran"
    And the log of container "app" of pod "flow" contains "app started"
    And the watch saw pod "flow" added unbound, then bound to a node
    And the watch saw the conditions of pod "flow" become True in the order "PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady and Ready"

  @FLOW-02 @api-level
  Scenario: An invalid pod is rejected before anything is stored
    API-level behaviour: the API server's validation is the thing under test. The refusal names
    the invalid field; a GET finds nothing, and the scenario's watch, open since before the
    attempt, never saw the pod.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: invalid
      spec:
        containers:
          - name: Not_A_Valid_Name
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
      """
    When I try to create pod "invalid"
    Then the API rejects it as invalid, naming the field "spec.containers[0].name"
    And no pod "invalid" was stored
    And the watch never saw pod "invalid"
