@epic:pod-generation
Feature: Pod generation: metadata.generation counts spec changes, observedGeneration says who acted on them
  With PodObservedGenerationTracking (GA in Kubernetes v1.35) the API server keeps a pod's
  metadata.generation: 1 at creation whatever the client sent, one more for every change of the
  spec and for a graceful delete, none for metadata. The kubelet reports in
  status.observedGeneration, and the scheduler and the kubelet in each condition's
  observedGeneration, the generation they acted on. Rows GEN-01..05 of the behaviour catalogue,
  from upstream's "Pods Extended (pod generation)" specs (test/e2e/node/pods.go).

  Upstream reads the numbers. Here every acknowledged generation is also shown acted upon (the
  container runs the new image, the deadline is the one stored), and the whole recorded history
  must keep observedGeneration monotonic and never ahead of the spec it acknowledges.

  @GEN-01
  Scenario: Generation starts at 1, grows by one per spec update and not for metadata, and the kubelet acknowledges each
    The app container has no command: busybox runs sh, which waits on the open stdin, and the
    pause image runs /pause, so the image can change under it. The init container's image
    changes after it has run; the kubelet acknowledges that generation without running it again.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: generations
      spec:
        terminationGracePeriodSeconds: 1
        initContainers:
          - name: init
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo initialized']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            stdin: true
      """
    When I create it
    Then pod "generations" becomes Ready within 1 minute
    And pod "generations" reports observed generation 1 within 30 seconds
    When I patch pod "generations" with:
      """yaml
      {}
      """
    Then field "metadata.generation" of pod "generations" is "1"
    When I patch pod "generations" with:
      """yaml
      spec:
        tolerations:
          - { key: example.com/first, operator: Equal, value: bar, effect: NoSchedule }
      """
    Then pod "generations" reports observed generation 2 within 30 seconds
    When I patch pod "generations" with:
      """yaml
      spec:
        activeDeadlineSeconds: 5000
      """
    Then pod "generations" reports observed generation 3 within 30 seconds
    And field "spec.activeDeadlineSeconds" of pod "generations" is "5000"
    When I patch pod "generations" with:
      """yaml
      spec:
        containers:
          - name: app
            image: ${images.pause}
      """
    Then pod "generations" reports observed generation 4 within 30 seconds
    And container "app" of pod "generations" restarts at least 1 time within 30 seconds
    And container "app" of pod "generations" becomes running within 30 seconds
    And field "status.containerStatuses[name=app].image" of pod "generations" is "${images.pause}"
    When I patch pod "generations" with:
      """yaml
      spec:
        initContainers:
          - name: init
            image: ${images.pause}
      """
    Then pod "generations" reports observed generation 5 within 30 seconds
    And container "init" of pod "generations" has 0 restarts
    When I patch pod "generations" with:
      """yaml
      metadata:
        annotations: { key: value }
      """
    Then field "metadata.generation" of pod "generations" is "5"
    When I patch pod "generations" with:
      """yaml
      metadata:
        generation: 1
      """
    Then field "metadata.generation" of pod "generations" is "5"
    And pod "generations" reports observed generation 5 within 30 seconds
    And pod "generations" is Ready
    And throughout the history of pod "generations", status.observedGeneration never went back and never ran ahead of metadata.generation

  @GEN-02
  Scenario: A generation sent on create is ignored (the pod starts at 1), and a graceful delete is one more generation, which the kubelet acknowledges while it terminates
    The container takes 10 s to end after SIGTERM, long enough for the terminating pod to be seen
    at generation 2 with the kubelet's acknowledgement (a loaded kubelet wrote it 5-6 s after the
    delete: the wait gives it the whole time the container still runs); then the removed pod must
    report how the container ended.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: generation-delete
        generation: 100
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; sleep 10; exit 0" TERM; sleep 3600 & wait']
      """
    When I create it
    Then field "metadata.generation" of pod "generation-delete" is "1"
    And pod "generation-delete" becomes Ready within 1 minute
    And pod "generation-delete" reports observed generation 1 within 30 seconds
    When I delete pod "generation-delete" with a grace period of 30 seconds
    Then field "metadata.generation" of pod "generation-delete" is "2"
    And pod "generation-delete" reports observed generation 2 within 10 seconds
    And pod "generation-delete" is gone between 10 seconds and 40 seconds after the delete request
    And container "main" of pod "generation-delete" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And throughout the history of pod "generation-delete", status.observedGeneration never went back and never ran ahead of metadata.generation

  @GEN-03
  Scenario: After a burst of spec updates, generation and observedGeneration converge on the last one
    Upstream issues 499 updates of activeDeadlineSeconds and waits 30 s for observedGeneration 500.
    Here 99 strategic merge patches, one after another, each lower the deadline by one: the same
    burst (the kubelet sees updates faster than it syncs and must end at the last one), at a fifth
    of the cost (each write waits for etcd: 499 took 31 s on the local cluster, alone). The kubelet
    must never acknowledge a generation that does not exist or go back, and the pod keeps running:
    the deadline it stores is the last one, still far ahead.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: generation-burst
      spec:
        terminationGracePeriodSeconds: 1
        activeDeadlineSeconds: 5000
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo started; exec sleep 3600']
      """
    When I create it
    Then pod "generation-burst" becomes Ready within 1 minute
    When I patch field "spec.activeDeadlineSeconds" of pod "generation-burst" 99 times, counting down from 4999
    Then field "metadata.generation" of pod "generation-burst" is "100"
    And field "spec.activeDeadlineSeconds" of pod "generation-burst" is "4901"
    And pod "generation-burst" reports observed generation 100 within 30 seconds
    And pod "generation-burst" is Ready
    And container "main" of pod "generation-burst" has 0 restarts
    And throughout the history of pod "generation-burst", status.observedGeneration never went back and never ran ahead of metadata.generation

  @GEN-04
  Scenario: A pod the kubelet rejects (more CPU than the node has) fails with reason OutOfcpu at generation 1, which the scheduler and the kubelet both acknowledge
    The scheduler cannot place the pod and says so at generation 1; bound to the node anyway (what
    the scheduler would do, by the binding subresource), the kubelet's admission rejects it.

    Given a schedulable node "target"
    And the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: out-of-cpu
      spec:
        containers:
          - name: main
            image: ${images.pause}
            imagePullPolicy: IfNotPresent
            resources:
              requests: { cpu: "1000000000000" }
      """
    When I create it
    Then condition PodScheduled of pod "out-of-cpu" becomes "False" with a message matching "Insufficient cpu" within 30 seconds
    And the conditions "PodScheduled" of pod "out-of-cpu" report observed generation 1 within 10 seconds
    When I try to bind pod "out-of-cpu" to node "${nodes.target.name}"
    Then the API accepts it
    And pod "out-of-cpu" becomes Failed with reason "OutOfcpu" within 1 minute
    And the status message of pod "out-of-cpu" matches "Node didn't have enough resource: cpu"
    And pod "out-of-cpu" reports observed generation 1 within 10 seconds
    And pod "out-of-cpu" gets an event "OutOfcpu" with a message matching "cpu" within 30 seconds

  @GEN-05
  Scenario: Every pod condition carries the generation it was written for, and moves to the next one when a spec update is acted on
    The first image cannot be pulled (a closed port on this machine), so the conditions are
    written for generation 1 with the container waiting; the image update must move all five to
    generation 2, and the container must then run.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: condition-generations
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: 127.0.0.1:9/pod-conformance/not-there:1.0
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo started; exec sleep 3600']
      """
    When I create it
    Then the conditions "PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled" of pod "condition-generations" report observed generation 1 within 30 seconds
    And container "main" of pod "condition-generations" becomes waiting within 30 seconds
    When I patch pod "condition-generations" with:
      """yaml
      spec:
        containers:
          - name: main
            image: ${images.busybox}
      """
    Then the conditions "PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled" of pod "condition-generations" report observed generation 2 within 30 seconds
    And pod "condition-generations" becomes Ready within 30 seconds
    And the log of container "main" of pod "condition-generations" shows "started" within 30 seconds
    And pod "condition-generations" reports observed generation 2 within 10 seconds
    And throughout the history of pod "condition-generations", status.observedGeneration never went back and never ran ahead of metadata.generation
