@epic:container-runtime
Feature: Container runtime: exit status, termination messages and logs
  What the kubelet and the container runtime record of a container that has run: the message it
  left in its terminationMessagePath (or, with FallbackToLogsOnError, the tail of its log), its
  log, and how a pod that has finished is deleted. From upstream's Container Runtime blackbox
  tests and Kubelet tests (test/e2e/common/node/runtime.go and kubelet.go); rows RUNTIME-01..04
  of the behaviour catalogue.

  Upstream compares each message with "Equal"; so do these scenarios ("the termination message
  … is" is exact, "" included), and each container leaves a message of its own, so a kubelet
  that reported one container's message for another fails. Every container below writes with
  `echo -n`: a message is the file's bytes, without a newline the container did not write.

  @RUNTIME-01
  Scenario: The kubelet reports what a container wrote to its terminationMessagePath, at the default path as root and at another path as non-root
    The first container runs as root and writes to the default path, /dev/termination-log; the
    second runs as uid 10000 and its terminationMessagePath is /dev/termination-custom-log, which
    the kubelet creates and mounts for it, writable by that user. Each message must be exactly
    what its own container wrote; the second also prints its uid, so it is known to have written
    as non-root.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: messages
      spec:
        restartPolicy: Never
        containers:
          - name: default-path
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePath: /dev/termination-log
            securityContext: { runAsUser: 0 }
            command: ['/bin/sh', '-c', '/bin/echo -n "DONE as root at the default path" > /dev/termination-log']
          - name: custom-path
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePath: /dev/termination-custom-log
            securityContext: { runAsUser: 10000 }
            command: ['/bin/sh', '-c', 'id -u; /bin/echo -n "DONE as uid 10000 at /dev/termination-custom-log" > /dev/termination-custom-log']
      """
    When I create it
    Then pod "messages" becomes Succeeded within 1 minute
    And container "default-path" of pod "messages" is terminated with reason "Completed" and exit code 0
    And the termination message of container "default-path" of pod "messages" is "DONE as root at the default path"
    And container "custom-path" of pod "messages" is terminated with reason "Completed" and exit code 0
    And the termination message of container "custom-path" of pod "messages" is "DONE as uid 10000 at /dev/termination-custom-log"
    And the log of container "custom-path" of pod "messages" is:
      """
      10000
      """

  @RUNTIME-02
  Scenario: With FallbackToLogsOnError the tail of the log stands in for a missing message only when the container failed
    The policy's three cases upstream tests (a failed container without a message gets the tail of
    its log; a succeeded one without a message gets none; a succeeded one with a message gets its
    message), and two more: a failed container that wrote a message gets its message, not its
    log, and with the default policy, File, a failed container without a message gets none (the
    log is read only when asked for). Upstream runs each case in a pod of its own and also wants
    the pod's phase: here the failing cases share one pod, which ends Failed, and the succeeding
    ones another, which ends Succeeded.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: fallback-failed
      spec:
        restartPolicy: Never
        containers:
          - name: log-only
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePolicy: FallbackToLogsOnError
            command: ['/bin/sh', '-c', '/bin/echo -n "DONE, from the log of a failed container"; /bin/false']
          - name: file-and-log
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePolicy: FallbackToLogsOnError
            command: ['/bin/sh', '-c', '/bin/echo -n "OK, from the file of a failed container" > /dev/termination-log; /bin/echo "DONE, in the log"; /bin/false']
          - name: file-policy
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['/bin/sh', '-c', '/bin/echo -n "DONE, in the log only"; /bin/false']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fallback-succeeded
      spec:
        restartPolicy: Never
        containers:
          - name: log-only
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePolicy: FallbackToLogsOnError
            command: ['/bin/sh', '-c', '/bin/echo -n "DONE, in the log of a succeeded container"; /bin/true']
          - name: file-and-log
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            terminationMessagePolicy: FallbackToLogsOnError
            command: ['/bin/sh', '-c', '/bin/echo -n "OK, from the file of a succeeded container" > /dev/termination-log; /bin/echo "DONE, in the log"; /bin/true']
      """
    When I create it
    Then pod "fallback-failed" becomes Failed within 1 minute
    And pod "fallback-succeeded" becomes Succeeded within 1 minute
    And container "log-only" of pod "fallback-failed" is terminated with reason "Error" and exit code 1
    And the termination message of container "log-only" of pod "fallback-failed" is "DONE, from the log of a failed container"
    And container "file-and-log" of pod "fallback-failed" is terminated with reason "Error" and exit code 1
    And the termination message of container "file-and-log" of pod "fallback-failed" is "OK, from the file of a failed container"
    And container "file-policy" of pod "fallback-failed" is terminated with reason "Error" and exit code 1
    And the termination message of container "file-policy" of pod "fallback-failed" is ""
    And the log of container "file-policy" of pod "fallback-failed" is:
      """
      DONE, in the log only
      """
    And container "log-only" of pod "fallback-succeeded" is terminated with reason "Completed" and exit code 0
    And the termination message of container "log-only" of pod "fallback-succeeded" is ""
    And the log of container "log-only" of pod "fallback-succeeded" is:
      """
      DONE, in the log of a succeeded container
      """
    And container "file-and-log" of pod "fallback-succeeded" is terminated with reason "Completed" and exit code 0
    And the termination message of container "file-and-log" of pod "fallback-succeeded" is "OK, from the file of a succeeded container"

  @RUNTIME-03
  Scenario: A container's log holds exactly what it wrote to stdout and stderr, while it runs and after it has exited
    Upstream reads the log of a running and ready busybox that echoed "Hello World" and wants
    exactly that line. Here one container writes two lines to stdout and keeps running (and
    ready); another writes a line to stderr and exits. Each log must be exactly its own
    container's lines: nothing another container wrote, nothing the runtime added, no line lost
    or doubled. stdout and stderr are kept in different containers because the runtime copies
    the two streams separately, so the order of lines written to both at once is not defined.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: logs
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: stdout
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo "Hello World"; echo "second line, from stdout"; exec sleep 3600']
          - name: stderr
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo "one line, from stderr" >&2']
      """
    When I create it
    Then container "stderr" of pod "logs" becomes terminated with reason "Completed" and exit code 0 within 1 minute
    And container "stdout" of pod "logs" is running
    And container "stdout" of pod "logs" is ready
    And the log of container "stdout" of pod "logs" is:
      """
      Hello World
      second line, from stdout
      """
    And the log of container "stderr" of pod "logs" is:
      """
      one line, from stderr
      """

  @RUNTIME-04
  Scenario: A pod that has failed is deleted at once, without waiting for its grace period
    Upstream creates a busybox running /bin/false with restartPolicy Never, waits for its
    terminated state with a non-zero exit code and a reason, and only checks that a delete
    request is accepted. A pod in a final phase has nothing left to stop, so the API server
    deletes it at once whatever its grace period: this pod asks for 300 s, and must be gone
    within 2 s of a plain delete request (the cluster's whole-second timestamps), as after a
    forced delete, with its container still reported terminated.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: bin-false
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 300
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['/bin/false']
      """
    When I create it
    Then pod "bin-false" becomes Failed within 1 minute
    And container "main" of pod "bin-false" is terminated with reason "Error" and exit code 1
    When I delete pod "bin-false"
    Then pod "bin-false" is gone between 0 seconds and 2 seconds after the delete request
    And container "main" of pod "bin-false" was terminated with reason "Error" and exit code 1 when the pod was removed
