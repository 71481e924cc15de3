@epic:runtime-class
Feature: RuntimeClass: the runtime handler a pod's sandbox is made with, and its overhead
  A RuntimeClass (cluster-scoped, node.k8s.io/v1) names a handler of the nodes' container runtime
  and, optionally, a fixed overhead the pod costs beyond its containers. A pod names it in
  spec.runtimeClassName: admission refuses a pod naming one that does not exist and copies the
  overhead into the pod's spec; the kubelet asks the runtime for a sandbox of that handler and
  sizes the pod's cgroup with the overhead. From upstream's RuntimeClass tests
  (test/e2e/common/node/runtimeclass.go); rows RTCLASS-01..03 of the behaviour catalogue.

  Upstream only checks that such pods are scheduled (the handler it names, "test-handler", may not
  exist on the node). Here the pods run: under ${runtimeHandler}, a handler the nodes' runtime has
  (the nodes report it in status.runtimeHandlers, or the provider names the one it configured:
  the local cluster's containerd runs runc, or crun, under that name); a scenario whose cluster
  names none is skipped. The RuntimeClasses the scenarios create carry the scenario's namespace in
  their names, are owned by it and are deleted when the scenario ends; no other is touched.

  @RTCLASS-01 @api-level
  Scenario: A pod naming a RuntimeClass that does not exist, or no longer does, is refused at admission and nothing is stored
    The same pod spec is admitted (a server-side dry run) while its RuntimeClass exists and
    refused once it was deleted; a pod naming one that never existed is refused too. No pod runs,
    so the handler named here need not exist.

    Given the manifest:
      """yaml
      apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata:
        name: ${namespace}-gone
      handler: ${namespace}-handler
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: never-existed
      spec:
        runtimeClassName: ${namespace}-nonexistent
        containers:
          - { name: main, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['true'] }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: while-it-exists
      spec:
        runtimeClassName: ${namespace}-gone
        containers:
          - { name: main, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['true'] }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: after-its-deletion
      spec:
        runtimeClassName: ${namespace}-gone
        containers:
          - { name: main, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['true'] }
      """
    When I try to create pod "never-existed"
    Then the API refuses it with HTTP status 403
    And the rejection message contains "RuntimeClass \"${namespace}-nonexistent\" not found"
    And no pod "never-existed" was stored
    When I create runtimeclass "${namespace}-gone"
    And I create pod "while-it-exists" with a server-side dry run
    Then field "spec.runtimeClassName" of pod "while-it-exists" is "${namespace}-gone"
    When I delete runtimeclass "${namespace}-gone"
    Then runtimeclass "${namespace}-gone" disappears within 30 seconds
    And no runtimeclass "${namespace}-gone" was stored
    When I try to create pod "after-its-deletion"
    Then the API refuses it with HTTP status 403
    And the rejection message contains "RuntimeClass \"${namespace}-gone\" not found"
    And no pod "after-its-deletion" was stored

  @RTCLASS-02 @capability:runtimeHandler
  Scenario: A pod with a RuntimeClass runs under the handler it names, without overhead; a handler the runtime lacks gets no sandbox
    The first pod's RuntimeClass names a handler the runtime has and no overhead: the pod runs to
    completion (its log line) and admission set no overhead. The second's names a handler no
    runtime has: the kubelet passes it to the runtime, which refuses to make the sandbox, naming
    it, so the pod stays Pending. Together they show the handler reaches the runtime, which a
    kubelet ignoring runtimeClassName would not.

    Given the manifest:
      """yaml
      apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata:
        name: ${namespace}-configured
      handler: ${runtimeHandler}
      ---
      apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata:
        name: ${namespace}-unconfigured
      handler: ${namespace}-nohandler
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: configured
      spec:
        runtimeClassName: ${namespace}-configured
        restartPolicy: Never
        containers:
          - { name: main, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['echo', 'ran in a sandbox of the RuntimeClass'] }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: unconfigured
      spec:
        runtimeClassName: ${namespace}-unconfigured
        restartPolicy: Never
        containers:
          - { name: main, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['echo', 'never runs'] }
      """
    When I create it
    Then pod "configured" becomes Succeeded within 1 minute
    And the log of container "main" of pod "configured" is:
      """
      ran in a sandbox of the RuntimeClass
      """
    And field "spec.runtimeClassName" of pod "configured" is "${namespace}-configured"
    And field "spec.overhead" of pod "configured" is "null"
    And pod "unconfigured" gets an event "FailedCreatePodSandBox" with a message matching "${namespace}-nohandler" within 1 minute
    And pod "unconfigured" is Pending
    And container "main" of pod "unconfigured" is waiting with reason "ContainerCreating"

  @RTCLASS-03 @capability:runtimeHandler @capability:hostPath
  Scenario: A RuntimeClass's overhead is set on the pod at admission and added to the pod's cgroup by the kubelet
    The RuntimeClass adds 10m of CPU and 1Mi of memory (upstream's values) to a guaranteed pod
    whose container is limited to 100m and 32Mi. Admission copies the overhead into spec.overhead;
    the kubelet sizes the pod's own cgroup (the parent of its containers') for containers plus
    overhead: a memory limit of 33Mi (34603008 bytes) and a CPU quota of 110m (11000 µs per
    100 ms). The container finds its pod's cgroup through a read-only mount of the node's
    /sys/fs/cgroup by its pod UID (downward API), in cgroup v1 or v2 and with either cgroup
    driver, and prints what it holds.

    Given the manifest:
      """yaml
      apiVersion: node.k8s.io/v1
      kind: RuntimeClass
      metadata:
        name: ${namespace}-overhead
      handler: ${runtimeHandler}
      overhead:
        podFixed: { cpu: 10m, memory: 1Mi }
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: with-overhead
      spec:
        runtimeClassName: ${namespace}-overhead
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: cgroup, hostPath: { path: /sys/fs/cgroup, type: Directory } }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            resources: { limits: { cpu: 100m, memory: 32Mi } }
            env:
              - { name: POD_UID, valueFrom: { fieldRef: { fieldPath: metadata.uid } } }
            volumeMounts:
              - { name: cgroup, mountPath: /host-cgroup, readOnly: true }
            command:
              - sh
              - -c
              - |
                underscored=$(echo "$POD_UID" | tr - _)
                for d in $(find /host-cgroup -maxdepth 5 -type d \( -name "*pod$POD_UID*" -o -name "*pod$underscored*" \)); do
                  [ -r "$d/memory.limit_in_bytes" ] && echo "pod memory limit: $(cat "$d/memory.limit_in_bytes")"
                  [ -r "$d/memory.max" ] && echo "pod memory limit: $(cat "$d/memory.max")"
                  [ -r "$d/cpu.cfs_quota_us" ] && echo "pod cpu quota: $(cat "$d/cpu.cfs_quota_us")"
                  [ -r "$d/cpu.max" ] && echo "pod cpu quota: $(cut -d ' ' -f 1 "$d/cpu.max")"
                done
                exec sleep 3600
      """
    When I create it
    Then pod "with-overhead" becomes Ready within 1 minute
    And pod "with-overhead" reads back as:
      """yaml
      spec:
        runtimeClassName: ${namespace}-overhead
        overhead: { cpu: 10m, memory: 1Mi }
      status:
        qosClass: Guaranteed
      """
    And the log of container "main" of pod "with-overhead" contains "pod memory limit: 34603008"
    And the log of container "main" of pod "with-overhead" contains "pod cpu quota: 11000"
