@epic:termination
Feature: Graceful termination and deletion
  Deleting a pod marks it Terminating; the kubelet runs preStop hooks, sends SIGTERM to every
  container's main process and, once the grace period is over, SIGKILL; then it removes the pod
  object. The grace period defaults to 30 s, a delete request may set another one, and a forced
  delete with grace 0 removes the object at once. Rows TERM-01..TERM-05 of the behaviour
  catalogue; seed 001 (preStop section: SIGTERM, then SIGKILL after 30 s by default,
  `--grace-period`, `--force --grace-period=0`). The seed describes the node side as "docker stop";
  on this cluster it is the CRI runtime (containerd), with the same signals.

  Measuring removal on the cluster's clock: a delete request sets metadata.deletionTimestamp to
  request time + grace (a deadline, not the request time) and deletionGracePeriodSeconds to the
  grace. When the kubelet is done it deletes the pod again with grace 0, which moves
  deletionTimestamp to that moment and removes the object in the same request; the watch's DELETED
  event carries it. So removal − request = final deletionTimestamp − (first deletionTimestamp −
  grace), in whole seconds (a bound check allows for the one-second truncation of each timestamp).
  Each measured value is logged and attached to the report as a measurement (timing-<subject>.txt,
  measurements.json), next to the time the harness saw the DELETED event.

  Margins: a container that ignores SIGTERM is killed when the grace period ends, and one that
  handles it ends at once; the runtime stamps that end (finishedAt), so "finished between" bounds
  it tightly: 10 s past the moment it may end (a container that handles SIGTERM must end within
  that margin alone, a third of the 30 s grace it has). Removing the object comes after: the
  kubelet notices the end at its next relist (1 s), unmounts the pod's volumes, removes its
  sandbox, and its status manager deletes the pod at its next status write or, at the latest, at
  its periodic sync (every 10 s). About 1 s on a quiet node; with two full runs sharing a 2-core
  node 12-25 s were seen. So "is gone between" allows 30 s past the moment the pod may first be
  removed, as upstream's node e2e does: its lower bound is what tells a waited grace period or
  hook from none, and the containers' own end carries the tight bound.

  Every pod below runs a shell whose main process either ignores SIGTERM (a trap that only logs)
  or exits on it. The traps write to the container's termination message file
  (/dev/termination-log), which the kubelet copies into the terminated state: the pod's last
  state then shows that the signal reached the container and how it ended (exit code, finishedAt
  relative to the request), not only when the object went away. A graceful removal is accepted
  only when the removed pod reports its containers terminated.

  @TERM-01
  Scenario: The default grace period is 30 seconds: a container that ignores SIGTERM is killed about 30 s after the delete
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: default-grace
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM ignored >/dev/termination-log" TERM; while true; do sleep 1; done']
      """
    When I create it
    Then pod "default-grace" becomes Ready within 1 minute
    And pod "default-grace" was created with terminationGracePeriodSeconds 30
    When I delete pod "default-grace"
    Then pod "default-grace" is terminating with a grace period of 30 seconds
    And pod "default-grace" is gone between 30 seconds and 60 seconds after the delete request
    And container "main" of pod "default-grace" was terminated with exit code 137 and message "SIGTERM ignored" when the pod was removed
    And container "main" of pod "default-grace" finished between 30 seconds and 40 seconds after the delete request

  @TERM-02
  Scenario: A grace period given on delete overrides the pod's own
    The pod asks for 120 s; `kubectl delete --grace-period=5` gives it 5, and it is killed then.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: grace-override
      spec:
        terminationGracePeriodSeconds: 120
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM ignored >/dev/termination-log" TERM; while true; do sleep 1; done']
      """
    When I create it
    Then pod "grace-override" becomes Ready within 1 minute
    When I delete pod "grace-override" with a grace period of 5 seconds
    Then pod "grace-override" is terminating with a grace period of 5 seconds
    And pod "grace-override" is gone between 5 seconds and 35 seconds after the delete request
    And container "main" of pod "grace-override" was terminated with exit code 137 and message "SIGTERM ignored" when the pod was removed
    And container "main" of pod "grace-override" finished between 5 seconds and 15 seconds after the delete request

  @TERM-03 @api-level
  Scenario: A forced delete with grace 0 removes the API object immediately
    `kubectl delete --force --grace-period=0` sends gracePeriodSeconds 0 (without --force kubectl
    would send 1). The API server removes the object in that very request, without waiting for the
    kubelet, even though the pod asks for 100 s and ignores SIGTERM; the node stops the container
    afterwards. The interval is 0 s on the cluster's clock; 2 s allows for the truncated timestamps.
    What it asserts is the API server's doing (tagged @api-level: meaningful on any cluster that
    marks the pod Ready, whether or not its nodes run containers).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: forced
      spec:
        terminationGracePeriodSeconds: 100
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM ignored" TERM; while true; do sleep 1; done']
      """
    When I create it
    Then pod "forced" becomes Ready within 1 minute
    When I force-delete pod "forced"
    Then pod "forced" is gone between 0 seconds and 2 seconds after the delete request

  @TERM-04
  Scenario: While terminating, the pod has a deletionTimestamp and kubectl shows STATUS Terminating
    The pod ignores SIGTERM and has 20 s of grace; during them it keeps its phase Running, and its
    log shows the SIGTERM arrived and was ignored.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: terminating
      spec:
        terminationGracePeriodSeconds: 20
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM ignored" TERM; while true; do sleep 1; done']
      """
    When I create it
    Then pod "terminating" becomes Ready within 1 minute
    And pod "terminating" shows STATUS "Running"
    When I delete pod "terminating"
    Then pod "terminating" shows STATUS "Terminating" within 5 seconds
    And pod "terminating" is terminating with a grace period of 20 seconds
    And pod "terminating" is Running
    And pod "terminating" keeps showing STATUS "Terminating" for 10 seconds
    And pod "terminating" is terminating with a grace period of 20 seconds
    And the log of container "main" of pod "terminating" contains "SIGTERM ignored"

  @TERM-05
  Scenario: A container that handles SIGTERM exits promptly, well before its grace period ends, and the pod is then removed
    The trap writes "SIGTERM received" to the termination message file: the kubelet reports it,
    with exit code 0 and a finishedAt within the margin of the request, in the pod's last state.
    A removal alone would not show that the container got the signal at all.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: handles-sigterm
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
      """
    When I create it
    Then pod "handles-sigterm" becomes Ready within 1 minute
    When I delete pod "handles-sigterm"
    Then pod "handles-sigterm" is gone between 0 seconds and 30 seconds after the delete request
    And container "main" of pod "handles-sigterm" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And container "main" of pod "handles-sigterm" finished between 0 seconds and 10 seconds after the delete request
