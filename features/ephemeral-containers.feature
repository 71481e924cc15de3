@epic:ephemeral-containers
Feature: Ephemeral containers: debug containers added to a running pod
  An ephemeral container is added to a pod that already runs, through the pod's
  `ephemeralcontainers` subresource (what `kubectl debug` does), never in the pod's own spec. It
  runs beside the pod's containers, in the pod's namespaces and, with targetContainerName, in the
  process namespace of the container it debugs; it is never restarted, and once added it can be
  neither changed nor removed. From upstream's Ephemeral Containers tests
  (test/e2e/common/node/ephemeral_containers.go); rows EPHEMERAL-01 and EPHEMERAL-02 of the
  behaviour catalogue.

  Upstream checks that the debug container answers an exec and logs a line, and counts the
  ephemeral containers the subresource reads back. Here the debug container also reads the
  process and a file of the container it targets (which only a shared process namespace shows
  it), the kubelet acknowledges the new generation, the pod's own container is shown not to have
  been restarted by the addition, a second ephemeral container that exits is never restarted,
  and the API refuses to remove one.

  @EPHEMERAL-01 @capability:exec
  Scenario: A debug container added to a running pod runs in it, sees the processes of the container it targets, and answers exec and logs
    The pod's container writes a file into its own /tmp and becomes `sleep 3600` (PID 1 of its
    process namespace). The debug container targets it: its /proc/1 is that sleep, and the file
    is reachable only through /proc/1/root, the target's root filesystem; the debug container's
    own image has no such file.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: target
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo "written by app" > /tmp/token; exec sleep 3600']
      """
    When I create it
    Then pod "target" becomes Ready within 1 minute
    And field "metadata.generation" of pod "target" is "1"
    When I patch the ephemeral containers of pod "target" with:
      """yaml
      spec:
        ephemeralContainers:
          - name: debugger
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            targetContainerName: app
            command:
              - sh
              - -c
              - |
                echo "pid 1: $(tr '\0' ' ' < /proc/1/cmdline)"
                echo "its file: $(cat /proc/1/root/tmp/token)"
                echo "own file: $(cat /tmp/token 2>&1)"
                while true; do echo polo; sleep 2; done
      """
    Then container "debugger" of pod "target" becomes running within 1 minute
    And pod "target" reports observed generation 2 within 30 seconds
    When I run "echo marco" in container "debugger" of pod "target"
    Then its output contains "marco"
    And the log of container "debugger" of pod "target" shows "polo" within 10 seconds
    And the log of container "debugger" of pod "target" contains "pid 1: sleep 3600"
    And the log of container "debugger" of pod "target" contains "its file: written by app"
    And the log of container "debugger" of pod "target" contains "own file: cat: can't open '/tmp/token': No such file or directory"
    And container "app" of pod "target" is running
    And pod "target" was not restarted, re-run or recreated since the patch

  @EPHEMERAL-02
  Scenario: Ephemeral containers can only be added, also through the replace endpoint, and one that exits is never restarted
    The pod restarts its containers always; an ephemeral container is outside that policy. The
    second one, added by a read-modify-write (PUT of the whole pod to the subresource, upstream's
    UpdateEphemeralContainers), exits with code 3 and must stay terminated: a kubelet that
    restarted it as an app container would do it at once (the first restart comes without
    back-off), well within the 10 seconds watched. Removing the first one is refused.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: target
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I create it
    Then pod "target" becomes Ready within 1 minute
    When I patch the ephemeral containers of pod "target" with:
      """yaml
      spec:
        ephemeralContainers:
          - name: debugger
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'while true; do echo polo; sleep 2; done']
      """
    Then container "debugger" of pod "target" becomes running within 1 minute
    And field "spec.ephemeralContainers[0].name" of pod "target" is "debugger"
    And field "spec.ephemeralContainers[1]" of pod "target" is "null"
    When I replace the ephemeral containers of pod "target" with:
      """yaml
      spec:
        ephemeralContainers:
          - name: debugger2
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo "debugger2 ran as uid $(id -u)"; exit 3']
      """
    Then container "debugger2" of pod "target" becomes terminated with exit code 3 within 1 minute
    And the log of container "debugger2" of pod "target" is:
      """
      debugger2 ran as uid 0
      """
    And field "spec.ephemeralContainers[0].name" of pod "target" is "debugger"
    And field "spec.ephemeralContainers[1].name" of pod "target" is "debugger2"
    And field "spec.ephemeralContainers[2]" of pod "target" is "null"
    And the ephemeral containers of pod "target" read back as the pod itself
    And pod "target" reports observed generation 3 within 30 seconds
    When I try to patch the ephemeral containers of pod "target" with:
      """yaml
      spec:
        ephemeralContainers:
          - { name: debugger, $patch: delete }
      """
    Then the API rejects it as invalid, naming the field "spec.ephemeralContainers"
    And the rejection message contains "may not be removed"
    And container "debugger2" of pod "target" keeps 0 restarts for 10 seconds
    And container "debugger2" of pod "target" is terminated with exit code 3
    And container "debugger" of pod "target" is running
    And container "app" of pod "target" has 0 restarts
