@epic:pod-api
Feature: The Pod API: updates, collections, the status subresource and readiness gates
  What a client may change on a running pod and what the cluster does with it: labels and the
  active deadline are updated in place, a negative grace period is stored as 1 s, a collection is
  deleted by a label selector, Services reach the pod's environment, and the `status`
  subresource accepts writes from controllers (readiness gates, messages), while the kubelet keeps
  the conditions it owns. Rows API-01..07 and GATE-01 of the behaviour catalogue; sources are
  upstream's Pods specs (test/e2e/common/node/pods.go) and Pods Extended
  (test/e2e/node/pods.go) of Kubernetes v1.35.

  Upstream mostly checks the API server's answer. Here every change is also followed to the node:
  a relabelled pod is not restarted, a lowered deadline ends the container at the time the
  deadline allows (on the cluster's clock, from the pod's startTime), a grace period of 1 s is
  the one the kubelet applies, a replaced Ready condition is taken back by the kubelet, and a
  readiness gate moves the pod in and out of its Service's endpoints.

  @API-01
  Scenario: A running pod's labels change in place: a selector finds it by the new value only, and nothing restarts
    Upstream (Pods should be updated) lists the pod by its new label. The label is metadata, not
    spec: the generation stays 1 and the kubelet leaves the running container alone.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: relabelled
        labels: { name: foo, time: before }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo started; exec sleep 3600']
      """
    When I create it
    Then pod "relabelled" becomes Ready within 1 minute
    And the pods matching label selector "time=before" are "relabelled"
    When I patch pod "relabelled" with:
      """yaml
      metadata:
        labels: { time: after }
      """
    Then the pods matching label selector "time=after" are "relabelled"
    And no pod matches label selector "time=before"
    And the pods matching label selector "name=foo,time=after" are "relabelled"
    And field "metadata.generation" of pod "relabelled" is "1"
    And pod "relabelled" stays Ready for 5 seconds
    And pod "relabelled" was not restarted, re-run or recreated since the patch
    And container "main" of pod "relabelled" has 0 restarts

  @API-02
  Scenario: activeDeadlineSeconds set on a running pod ends it when the deadline passes; it may only be lowered, never raised or removed
    Upstream (Pods should allow activeDeadlineSeconds to be updated) sets 5 s and waits for
    DeadlineExceeded. Here the deadline (15 s) is set while it still lies ahead, so the kubelet must
    wait for it: the container must end no earlier than 15 s after the pod's startTime (the
    deadline counts from there), and within 10 s after it (the kubelet checks deadlines every
    second, then kills with the pod's grace period of 1 s). Raising or removing a deadline is
    refused by validation.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: deadline
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo started; exec sleep 3600']
      """
    When I create it
    Then pod "deadline" becomes Ready within 1 minute
    When I patch pod "deadline" with:
      """yaml
      spec:
        activeDeadlineSeconds: 15
      """
    And I try to patch pod "deadline" with:
      """yaml
      spec:
        activeDeadlineSeconds: 3600
      """
    Then the API rejects it as invalid, naming the field "spec.activeDeadlineSeconds"
    And the rejection message contains "must be less than or equal to previous value"
    When I try to patch pod "deadline" with:
      """yaml
      spec:
        activeDeadlineSeconds: null
      """
    Then the API rejects it as invalid, naming the field "spec.activeDeadlineSeconds"
    And pod "deadline" becomes Failed with reason "DeadlineExceeded" within 1 minute
    And the status message of pod "deadline" matches "longer than the specified deadline"
    And container "main" of pod "deadline" finished between 15 seconds and 25 seconds after the pod started
    And container "main" of pod "deadline" is terminated with exit code 137
    And pod "deadline" gets an event "DeadlineExceeded" with a message matching "deadline" within 30 seconds

  @API-03
  Scenario: A Service's address and port reach the environment of containers started after it, unless service links are off
    Upstream (Pods should contain environment variables for services) checks that the seven
    variables exist. Here their values are compared with what the API server stored: the host
    variables with the Service's clusterIP, the ports with its port. A pod that started before the
    Service, and one with enableServiceLinks false, get none of them, but still the kubernetes
    Service's (so their environment was printed, and is not just empty).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: early
      spec:
        restartPolicy: Never
        containers:
          - name: env
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'env']
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: fooservice
      spec:
        selector: { name: server-envvars }
        ports:
          - port: 8765
            targetPort: 8080
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: client
      spec:
        restartPolicy: Never
        containers:
          - name: env
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'env']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: unlinked
      spec:
        restartPolicy: Never
        enableServiceLinks: false
        containers:
          - name: env
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'env']
      """
    When I create pod "early"
    Then pod "early" becomes Succeeded within 1 minute
    When I create service "fooservice"
    And I create pod "client"
    And I create pod "unlinked"
    Then pod "client" becomes Succeeded within 1 minute
    And pod "unlinked" becomes Succeeded within 1 minute
    And the value "FOOSERVICE_SERVICE_HOST" printed by container "env" of pod "client" is field "spec.clusterIP" of service "fooservice"
    And the value "FOOSERVICE_PORT_8765_TCP_ADDR" printed by container "env" of pod "client" is field "spec.clusterIP" of service "fooservice"
    And the value "FOOSERVICE_SERVICE_PORT" printed by container "env" of pod "client" is field "spec.ports[0].port" of service "fooservice"
    And the value "FOOSERVICE_PORT_8765_TCP_PORT" printed by container "env" of pod "client" is field "spec.ports[0].port" of service "fooservice"
    And the log of container "env" of pod "client" contains "FOOSERVICE_PORT_8765_TCP_PROTO=tcp"
    And the log of container "env" of pod "client" has at least 1 line matching "^FOOSERVICE_PORT=tcp://[0-9a-f.:\[\]]+:8765$"
    And the log of container "env" of pod "client" has at least 1 line matching "^FOOSERVICE_PORT_8765_TCP=tcp://[0-9a-f.:\[\]]+:8765$"
    And the log of container "env" of pod "early" contains "KUBERNETES_SERVICE_HOST="
    And the log of container "env" of pod "early" does not contain "FOOSERVICE"
    And the log of container "env" of pod "unlinked" contains "KUBERNETES_SERVICE_HOST="
    And the log of container "env" of pod "unlinked" does not contain "FOOSERVICE"

  @API-04
  Scenario: Deleting a collection by label selector removes exactly the pods it selects, each terminated gracefully
    Upstream (Pods should delete a collection of pods) waits until the selector lists nothing. Here
    each removed pod must report that its container got SIGTERM and ended (the trap's termination
    message), and a pod the selector does not match keeps running.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: test-pod-1
        labels: { type: Testing }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: test-pod-2
        labels: { type: Testing }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: test-pod-3
        labels: { type: Testing }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: bystander
        labels: { type: Other }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
      """
    When I create it
    Then pod "test-pod-1" becomes Ready within 1 minute
    And pod "test-pod-2" becomes Ready within 1 minute
    And pod "test-pod-3" becomes Ready within 1 minute
    And pod "bystander" becomes Ready within 1 minute
    And the pods matching label selector "type=Testing" are "test-pod-1, test-pod-2, test-pod-3"
    When I delete the pods matching label selector "type=Testing" with a grace period of 1 second
    Then pod "test-pod-1" is gone between 0 seconds and 30 seconds after the delete request
    And pod "test-pod-2" is gone between 0 seconds and 30 seconds after the delete request
    And pod "test-pod-3" is gone between 0 seconds and 30 seconds after the delete request
    And container "main" of pod "test-pod-1" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And container "main" of pod "test-pod-2" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And container "main" of pod "test-pod-3" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And no pod matches label selector "type=Testing"
    And the pods matching label selector "type=Other" are "bystander"
    And pod "bystander" is Ready
    And container "main" of pod "bystander" has 0 restarts

  @API-05
  Scenario: A pod's labels and image are patched, its Ready condition replaced through the status subresource; the kubelet runs the new image and takes Ready back
    Upstream (Pods should run through the lifecycle of Pods and PodStatus) checks that the API
    stored the patched image and the replaced conditions. Here the node must act on both: the
    kubelet restarts the container with the new image (which sh waiting on an open stdin has in
    busybox, and /pause in the pause image), and, owning Ready and ContainersReady, writes them
    back to True within its status sync (about 10 s).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: pod-test
        labels: { test-pod-static: "true" }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: pod-test
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            stdin: true
      """
    When I create it
    Then pod "pod-test" becomes Ready within 1 minute
    And the pods matching label selector "test-pod-static=true" are "pod-test"
    When I patch pod "pod-test" with:
      """yaml
      metadata:
        labels: { test-pod: patched }
      spec:
        containers:
          - name: pod-test
            image: ${images.pause}
      """
    Then field "metadata.labels[test-pod]" of pod "pod-test" is "patched"
    And container "pod-test" of pod "pod-test" has image "${images.pause}"
    And pod "pod-test" reports observed generation 2 within 30 seconds
    And container "pod-test" of pod "pod-test" restarts at least 1 time within 30 seconds
    And container "pod-test" of pod "pod-test" becomes running within 30 seconds
    And pod "pod-test" becomes Ready within 30 seconds
    And field "status.containerStatuses[name=pod-test].image" of pod "pod-test" is "${images.pause}"
    When I replace the status of pod "pod-test", setting conditions "Ready, ContainersReady" to "False"
    Then the status write to pod "pod-test" reads back as:
      """yaml
      status:
        conditions:
          - { type: Ready, status: "False" }
          - { type: ContainersReady, status: "False" }
      """
    And pod "pod-test" becomes Ready within 30 seconds
    And condition Ready of pod "pod-test" went through "False, True" since the status write
    And condition ContainersReady of pod "pod-test" went through "False, True" since the status write
    And container "pod-test" of pod "pod-test" has 1 restart
    When I delete the pods matching label selector "test-pod-static=true" with a grace period of 1 second
    Then pod "pod-test" is gone between 0 seconds and 30 seconds after the delete request
    And no pod matches label selector "test-pod-static=true"

  @API-06
  Scenario: A status patch stores the message, reason and a condition of the client's own; a spec in it is ignored, and the kubelet's writes keep the condition
    Upstream (Pods should patch a pod status) checks the answer to the patch. Here the same patch
    also tries to set a deadline, which the status subresource must drop (spec unchanged,
    generation 1), and adds a condition the kubelet does not own. The container's readiness is
    then turned off, so the kubelet writes the status itself: its write must keep that condition.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: status-patched
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'touch /tmp/ready; exec sleep 3600']
            readinessProbe:
              exec: { command: [test, -e, /tmp/ready] }
              periodSeconds: 1
      """
    When I create it
    Then pod "status-patched" becomes Ready within 1 minute
    When I patch the status of pod "status-patched" with:
      """yaml
      spec:
        activeDeadlineSeconds: 5
      status:
        message: Patched by the conformance suite
        reason: E2E
        conditions:
          - { type: example.com/patched, status: "True" }
      """
    Then the status write to pod "status-patched" reads back as:
      """yaml
      status:
        message: Patched by the conformance suite
        reason: E2E
        conditions:
          - { type: example.com/patched, status: "True" }
      """
    And field "spec.activeDeadlineSeconds" of pod "status-patched" is "null"
    And field "metadata.generation" of pod "status-patched" is "1"
    When I run "rm /tmp/ready" in container "main" of pod "status-patched"
    Then pod "status-patched" becomes not Ready within 30 seconds
    And condition example.com/patched of pod "status-patched" is "True"
    And condition example.com/patched of pod "status-patched" went through "True" since the status write
    And pod "status-patched" is Running

  @API-07
  Scenario: A negative terminationGracePeriodSeconds is stored as 1, on create and on update, and the kubelet kills after 1 s
    Upstream (Pod TerminationGracePeriodSeconds is negative) reads the stored value back. Here
    the container ignores SIGTERM, so only the grace period decides when it dies: 1 s after the
    delete request (killed, exit 137), not the 30 s default. No other value may replace it.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: negative-grace
      spec:
        terminationGracePeriodSeconds: -1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM ignored >/dev/termination-log" TERM; while true; do sleep 1; done']
      """
    When I create it
    Then pod "negative-grace" becomes Ready within 1 minute
    And pod "negative-grace" was created with terminationGracePeriodSeconds 1
    When I patch pod "negative-grace" with:
      """yaml
      spec:
        terminationGracePeriodSeconds: -1
      """
    Then field "spec.terminationGracePeriodSeconds" of pod "negative-grace" is "1"
    When I try to patch pod "negative-grace" with:
      """yaml
      spec:
        terminationGracePeriodSeconds: 5
      """
    Then the API rejects it as invalid
    When I delete pod "negative-grace"
    Then pod "negative-grace" is terminating with a grace period of 1 seconds
    And pod "negative-grace" is gone between 1 second and 31 seconds after the delete request
    And container "main" of pod "negative-grace" was terminated with exit code 137 and message "SIGTERM ignored" when the pod was removed
    And container "main" of pod "negative-grace" finished between 1 second and 10 seconds after the delete request

  @GATE-01
  Scenario: Readiness gates hold a pod with ready containers out of Ready, and out of its Service, until every gate's condition is True
    Upstream (Pods should support pod readiness gates) patches the two conditions and polls Ready,
    sleeping 10 s to see it stay False after the first. Here the kubelet's own message says why the
    pod is not Ready, naming the gate it waits for, so each step shows the kubelet re-evaluated the
    gates instead of a window of nothing happening; and the Service's endpoint follows the gates,
    which is what they are for.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: gated
        labels: { app: gated }
      spec:
        terminationGracePeriodSeconds: 1
        readinessGates:
          - conditionType: k8s.io/test-condition1
          - conditionType: k8s.io/test-condition2
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo container is alive; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: gated
      spec:
        selector: { app: gated }
        ports:
          - port: 80
      """
    When I create it
    Then container "main" of pod "gated" becomes ready within 1 minute
    And condition ContainersReady of pod "gated" becomes "True" within 30 seconds
    And condition Ready of pod "gated" becomes "False" with a message matching "k8s.io/test-condition1" within 30 seconds
    And the endpoint of pod "gated" in service "gated" becomes not ready within 30 seconds
    When I set condition k8s.io/test-condition1 of pod "gated" to "True"
    Then condition Ready of pod "gated" becomes "False" with a message matching "k8s.io/test-condition2" within 30 seconds
    When I set condition k8s.io/test-condition2 of pod "gated" to "True"
    Then pod "gated" becomes Ready within 30 seconds
    And the endpoint of pod "gated" in service "gated" becomes ready within 30 seconds
    When I set condition k8s.io/test-condition1 of pod "gated" to "False"
    Then condition Ready of pod "gated" becomes "False" with a message matching "k8s.io/test-condition1" within 30 seconds
    And the endpoint of pod "gated" in service "gated" becomes not ready within 30 seconds
    And container "main" of pod "gated" is ready
    And condition ContainersReady of pod "gated" is "True"
