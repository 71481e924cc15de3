@epic:container-status
Feature: Container statuses stay true to what ran, however early a pod is deleted, and a finished pod is left alone
  The kubelet reports each container's state as the runtime saw it. A pod deleted while it is
  being scheduled, while its sandbox is set up, while its container runs or after it failed must
  never be reported as having succeeded or started something that did not, an ended run must not
  come back, and a removed pod must not leave anything running. Once every container of a pod
  that will not restart has finished, the kubelet must not set the pod up again. Rows
  CSTATUS-01, CSTATUS-02 and SANDBOX-01 of the behaviour catalogue, from upstream's Pods Extended
  specs "Pod Container Status" and "Pod Container lifecycle" (test/e2e/node/pods.go).

  Upstream deletes 45 pods each after a random delay of up to 2 s and checks every watch event.
  Here each pod is deleted at a moment the watch shows, one per stage of its start (just created,
  bound, sandbox ready, container running, pod failed), and the same rules are checked over every
  recorded state: the stages are certain to be covered, in seconds instead of minutes.

  @CSTATUS-01
  Scenario: A failing container deleted at any stage of its start is never reported as succeeded, and its reported end is final
    Every container runs a command that fails after 5 s (exit 1), long enough for each stage to
    be seen before it passes, even on a loaded node; a deletion may cut it short (killed, exit
    137), but exit 0 would be a success that never happened.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: fail-0
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 5; exit 1']
            resources:
              requests: { cpu: 5m, memory: 10Mi }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fail-1
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 5; exit 1']
            resources:
              requests: { cpu: 5m, memory: 10Mi }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fail-2
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 5; exit 1']
            resources:
              requests: { cpu: 5m, memory: 10Mi }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fail-3
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 5; exit 1']
            resources:
              requests: { cpu: 5m, memory: 10Mi }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fail-4
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 5; exit 1']
            resources:
              requests: { cpu: 5m, memory: 10Mi }
      """
    When I create it
    And I delete pod "fail-0"
    Then condition PodScheduled of pod "fail-1" becomes "True" within 30 seconds
    When I delete pod "fail-1"
    Then condition PodReadyToStartContainers of pod "fail-2" becomes "True" within 30 seconds
    When I delete pod "fail-2"
    Then container "fail" of pod "fail-3" becomes running within 30 seconds
    When I delete pod "fail-3"
    Then pod "fail-4" becomes Failed within 1 minute
    And container "fail" of pod "fail-4" is terminated with exit code 1
    When I delete pod "fail-4"
    Then pod "fail-0" becomes gone within 30 seconds
    And pod "fail-1" becomes gone within 30 seconds
    And pod "fail-2" becomes gone within 30 seconds
    And pod "fail-3" becomes gone within 30 seconds
    And pod "fail-4" becomes gone within 30 seconds
    And throughout the history of pod "fail-0", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "fail-1", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "fail-2", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "fail-3", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "fail-4", the pod was removed with no container running, in a final phase or still Pending
    And container "fail" of pod "fail-2" was never terminated with exit code 0
    And container "fail" of pod "fail-3" was never terminated with exit code 0
    And container "fail" of pod "fail-4" was never terminated with exit code 0
    And throughout the history of pod "fail-3", no container left a terminated state without a restart
    And throughout the history of pod "fail-4", no container left a terminated state without a restart
    And throughout the history of pod "fail-3", every container that reported its end also reported its start
    And throughout the history of pod "fail-4", every container that reported its end also reported its start
    And throughout the history of pod "fail-4", the phase never left Succeeded or Failed once reached

  @CSTATUS-02
  Scenario: An app container behind a failing init container is never reported started, however early the pod is deleted
    The init container fails after 3 s; the app container must stay waiting in every recorded
    state (never running, never a restart or a previous run), whether the pod is deleted at once,
    while its init container runs, or after it failed. The pod deleted while its init container
    runs (init-1) has one that would fail only after 30 s: a 3 s run can start and end between
    two status writes of a loaded kubelet, so "running" might never be reported to wait for.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-0
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        initContainers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 3; exit 1']
        containers:
          - name: blocked
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo blocked ran']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-1
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        initContainers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 30; exit 1']
        containers:
          - name: blocked
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo blocked ran']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-2
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        initContainers:
          - name: fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'sleep 3; exit 1']
        containers:
          - name: blocked
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo blocked ran']
      """
    When I create it
    And I delete pod "init-0"
    Then container "fail" of pod "init-1" becomes running within 30 seconds
    When I delete pod "init-1"
    Then pod "init-2" becomes Failed within 1 minute
    And container "fail" of pod "init-2" is terminated with exit code 1
    And pod "init-2" shows STATUS "Init:Error"
    When I delete pod "init-2"
    Then pod "init-0" becomes gone within 30 seconds
    And pod "init-1" becomes gone within 30 seconds
    And pod "init-2" becomes gone within 30 seconds
    And throughout the history of pod "init-0", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "init-1", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "init-2", the app containers stayed waiting until every init container had succeeded
    And container "blocked" of pod "init-1" was never running
    And container "blocked" of pod "init-2" was never running
    And container "fail" of pod "init-1" was never terminated with exit code 0
    And container "fail" of pod "init-2" was never terminated with exit code 0
    And throughout the history of pod "init-0", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "init-1", the pod was removed with no container running, in a final phase or still Pending
    And throughout the history of pod "init-2", the pod was removed with no container running, in a final phase or still Pending

  @SANDBOX-01
  Scenario: Once every container of an OnFailure pod has succeeded, the kubelet tears the sandbox down and does not create another
    Upstream waits for any kubelet event and then looks for none named SandboxChanged, which a
    late event would escape. Here the kubelet's own condition PodReadyToStartContainers must turn
    False (the sandbox is gone) and stay False over a kubelet sync period (a new sandbox would make
    it True again), and only then is the absence of SandboxChanged checked.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: all-done
      spec:
        restartPolicy: OnFailure
        initContainers:
          - name: foo
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo foo done']
        containers:
          - name: bar
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo bar done']
      """
    When I create it
    Then pod "all-done" becomes Succeeded within 1 minute
    And container "foo" of pod "all-done" is terminated with exit code 0
    And container "bar" of pod "all-done" is terminated with exit code 0
    And the log of container "bar" of pod "all-done" contains "bar done"
    And condition PodReadyToStartContainers of pod "all-done" becomes "False" within 30 seconds
    And condition PodReadyToStartContainers of pod "all-done" stays "False" for 15 seconds
    And pod "all-done" has no "SandboxChanged" event
    And pod "all-done" gets at least 2 "Started" events matching "." within 10 seconds
    And container "bar" of pod "all-done" has 0 restarts
    And container "foo" of pod "all-done" has 0 restarts
