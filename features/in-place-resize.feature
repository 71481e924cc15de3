@epic:in-place-resize
Feature: In-place resize: a running pod's CPU and memory changed without recreating it
  A pod's container resources are changed through its `resize` subresource (v1.33; GA in
  v1.35). The kubelet admits the new amounts (allocatedResources, condition PodResizePending
  while it cannot), applies them to the running containers' cgroups (condition
  PodResizeInProgress meanwhile) and reports what the runtime applied (status.containerStatuses
  [].resources); a container is restarted only when its resizePolicy for a changed resource says
  RestartContainer. From upstream's Pod InPlace Resize Container tests
  (test/e2e/common/node/pod_resize.go); rows RESIZE-01..04 of the behaviour catalogue.

  Upstream reads the containers' cgroups too; here the check is a step of its own, "the cgroup of
  each container of pod … matches its resources", which reads cgroup v1 or v2, whichever the node
  has, from inside every container before and after each resize, so a resize that only changed
  the status fails. "pod … becomes resized" waits until every container reports its spec
  resources as applied and allocated, no resize condition is left, the kubelet has observed the
  new generation and the pod is Ready; the values themselves are read back from the status.

  @RESIZE-01 @capability:inPlaceResize @capability:exec
  Scenario Outline: A guaranteed pod's three containers are resized in place (<case>) and back; their cgroups follow and nothing restarts
    The containers start with 20m/20Mi, 22m/22Mi and 24m/24Mi (requests equal to limits), as
    upstream's do, and keep the default resizePolicy (NotRequired). Each resize is done twice, to
    the new amounts and back, so each direction of each change is applied once. The kubelet's
    PodResizeInProgress condition is not asserted on the way: a kubelet may set and clear it
    between two status writes (a loaded 3-node run never saw it), so the evidence of each resize is
    what the kubelet and the runtime applied: allocated and applied resources, the generation it
    observed, and the cgroups read from inside each container.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: resize
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: c1
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            resources: { requests: { cpu: 20m, memory: 20Mi }, limits: { cpu: 20m, memory: 20Mi } }
          - name: c2
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            resources: { requests: { cpu: 22m, memory: 22Mi }, limits: { cpu: 22m, memory: 22Mi } }
          - name: c3
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            resources: { requests: { cpu: 24m, memory: 24Mi }, limits: { cpu: 24m, memory: 24Mi } }
      """
    When I create it
    Then pod "resize" becomes Ready within 1 minute
    And the cgroup of each container of pod "resize" matches its resources
    When I patch the resources of pod "resize" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: <c1 cpu>, memory: <c1 memory> }, limits: { cpu: <c1 cpu>, memory: <c1 memory> } } }
          - { name: c2, resources: { requests: { cpu: <c2 cpu>, memory: <c2 memory> }, limits: { cpu: <c2 cpu>, memory: <c2 memory> } } }
          - { name: c3, resources: { requests: { cpu: <c3 cpu>, memory: <c3 memory> }, limits: { cpu: <c3 cpu>, memory: <c3 memory> } } }
      """
    Then pod "resize" becomes resized within 1 minute
    And pod "resize" reads back as:
      """yaml
      metadata: { generation: 2 }
      status:
        qosClass: Guaranteed
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: <c1 cpu>, memory: <c1 memory> }, resources: { requests: { cpu: <c1 cpu>, memory: <c1 memory> }, limits: { cpu: <c1 cpu>, memory: <c1 memory> } } }
          - { name: c2, restartCount: 0, allocatedResources: { cpu: <c2 cpu>, memory: <c2 memory> }, resources: { requests: { cpu: <c2 cpu>, memory: <c2 memory> }, limits: { cpu: <c2 cpu>, memory: <c2 memory> } } }
          - { name: c3, restartCount: 0, allocatedResources: { cpu: <c3 cpu>, memory: <c3 memory> }, resources: { requests: { cpu: <c3 cpu>, memory: <c3 memory> }, limits: { cpu: <c3 cpu>, memory: <c3 memory> } } }
      """
    And the cgroup of each container of pod "resize" matches its resources
    And pod "resize" was not restarted, re-run or recreated since the patch
    And pod "resize" gets an event "ResizeCompleted" with a message matching "\"generation\":2" within 30 seconds
    When I patch the resources of pod "resize" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 20m, memory: 20Mi }, limits: { cpu: 20m, memory: 20Mi } } }
          - { name: c2, resources: { requests: { cpu: 22m, memory: 22Mi }, limits: { cpu: 22m, memory: 22Mi } } }
          - { name: c3, resources: { requests: { cpu: 24m, memory: 24Mi }, limits: { cpu: 24m, memory: 24Mi } } }
      """
    Then pod "resize" becomes resized within 1 minute
    And pod "resize" reads back as:
      """yaml
      metadata: { generation: 3 }
      status:
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: 20m, memory: 20Mi }, resources: { requests: { cpu: 20m, memory: 20Mi }, limits: { cpu: 20m, memory: 20Mi } } }
          - { name: c2, restartCount: 0, allocatedResources: { cpu: 22m, memory: 22Mi }, resources: { requests: { cpu: 22m, memory: 22Mi }, limits: { cpu: 22m, memory: 22Mi } } }
          - { name: c3, restartCount: 0, allocatedResources: { cpu: 24m, memory: 24Mi }, resources: { requests: { cpu: 24m, memory: 24Mi }, limits: { cpu: 24m, memory: 24Mi } } }
      """
    And the cgroup of each container of pod "resize" matches its resources
    And pod "resize" was not restarted, re-run or recreated since the patch

    Examples:
      | case                                                    | c1 cpu | c1 memory | c2 cpu | c2 memory | c3 cpu | c3 memory |
      | c1 and c2 up, c3 down: a net increase                   | 25m    | 25Mi      | 27m    | 27Mi      | 19m    | 19Mi      |
      | c1 up, c2 and c3 down: a net decrease                   | 25m    | 25Mi      | 17m    | 17Mi      | 19m    | 19Mi      |
      | CPU up on c1 and c3, down on c2; memory up on c2 and c3 | 25m    | 20Mi      | 17m    | 27Mi      | 29m    | 29Mi      |

  @RESIZE-02 @capability:inPlaceResize @capability:exec
  Scenario: A burstable pod's containers gain limits and requests they did not have, and lose some of what they had, in place
    Upstream's five containers (its title says six) and their changes: c1 raises its CPU request
    and gains a CPU limit; c2 lowers its memory request and gains a memory limit; c3 lowers its
    memory request only; c4 lowers its CPU request and gains a memory request; c5 raises its
    memory request and gains a CPU request. The pod stays Burstable (a resize may not change the
    QoS class); the cgroups show the new CPU quota of c1, the memory limit of c2 and the shares
    of c4 and c5.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: burstable
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - { name: c1, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { cpu: 20m } } }
          - { name: c2, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { memory: 20Mi } } }
          - { name: c3, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { cpu: 20m, memory: 20Mi } } }
          - { name: c4, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { cpu: 20m } } }
          - { name: c5, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { memory: 20Mi } } }
      """
    When I create it
    Then pod "burstable" becomes Ready within 1 minute
    And the cgroup of each container of pod "burstable" matches its resources
    When I patch the resources of pod "burstable" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 25m }, limits: { cpu: 35m } } }
          - { name: c2, resources: { requests: { memory: 15Mi }, limits: { memory: 35Mi } } }
          - { name: c3, resources: { requests: { cpu: 20m, memory: 15Mi } } }
          - { name: c4, resources: { requests: { cpu: 15m, memory: 20Mi } } }
          - { name: c5, resources: { requests: { cpu: 20m, memory: 25Mi } } }
      """
    Then pod "burstable" becomes resized within 1 minute
    And pod "burstable" reads back as:
      """yaml
      status:
        qosClass: Burstable
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: 25m }, resources: { requests: { cpu: 25m }, limits: { cpu: 35m } } }
          - { name: c2, restartCount: 0, allocatedResources: { memory: 15Mi }, resources: { requests: { memory: 15Mi }, limits: { memory: 35Mi } } }
          - { name: c3, restartCount: 0, allocatedResources: { cpu: 20m, memory: 15Mi }, resources: { requests: { cpu: 20m, memory: 15Mi } } }
          - { name: c4, restartCount: 0, allocatedResources: { cpu: 15m, memory: 20Mi }, resources: { requests: { cpu: 15m, memory: 20Mi } } }
          - { name: c5, restartCount: 0, allocatedResources: { cpu: 20m, memory: 25Mi }, resources: { requests: { cpu: 20m, memory: 25Mi } } }
      """
    And the cgroup of each container of pod "burstable" matches its resources
    And pod "burstable" was not restarted, re-run or recreated since the patch

  @RESIZE-03 @capability:inPlaceResize @capability:exec
  Scenario: A resize between CPU amounts the cgroup cannot tell apart is still reported as asked, and back
    A CPU request of 2m and of 1m are both the minimum 2 shares, and limits of 10m and 5m both the
    minimum quota of 1 ms per 100 ms: the runtime applies the same values either way, yet the
    kubelet must report the new amounts as applied (upstream: "displayed correctly in the
    status").

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: equivalents
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - { name: c1, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { cpu: 2m }, limits: { cpu: 10m } } }
      """
    When I create it
    Then pod "equivalents" becomes Ready within 1 minute
    And the cgroup of each container of pod "equivalents" matches its resources
    When I patch the resources of pod "equivalents" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 1m }, limits: { cpu: 5m } } }
      """
    Then pod "equivalents" becomes resized within 1 minute
    And pod "equivalents" reads back as:
      """yaml
      status:
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: 1m }, resources: { requests: { cpu: 1m }, limits: { cpu: 5m } } }
      """
    And the cgroup of each container of pod "equivalents" matches its resources
    When I patch the resources of pod "equivalents" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 2m }, limits: { cpu: 10m } } }
      """
    Then pod "equivalents" becomes resized within 1 minute
    And pod "equivalents" reads back as:
      """yaml
      status:
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: 2m }, resources: { requests: { cpu: 2m }, limits: { cpu: 10m } } }
      """
    And the cgroup of each container of pod "equivalents" matches its resources
    And pod "equivalents" was not restarted, re-run or recreated since the patch

  @RESIZE-04 @capability:inPlaceResize @capability:exec
  Scenario: A whole pod written to the resize subresource (the replace endpoint) resizes it in place, and the subresource reads back as the pod
    Upstream's spec: a container with requests only (20m, 20Mi) raised to 25m and 25Mi by a PUT
    of the pod read before; the generation moves from 1 to 2, and a GET of the subresource
    answers the same pod as the pod's own endpoint.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: replaced
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - { name: c1, image: "${images.busybox}", imagePullPolicy: IfNotPresent, command: ['sleep', '3600'], resources: { requests: { cpu: 20m, memory: 20Mi } } }
      """
    When I create it
    Then pod "replaced" becomes Ready within 1 minute
    And field "metadata.generation" of pod "replaced" is "1"
    When I replace the resources of pod "replaced" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 25m, memory: 25Mi } } }
      """
    Then pod "replaced" becomes resized within 1 minute
    And pod "replaced" reads back as:
      """yaml
      metadata: { generation: 2 }
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 25m, memory: 25Mi } } }
      status:
        observedGeneration: 2
        containerStatuses:
          - { name: c1, restartCount: 0, allocatedResources: { cpu: 25m, memory: 25Mi }, resources: { requests: { cpu: 25m, memory: 25Mi } } }
      """
    And the cgroup of each container of pod "replaced" matches its resources
    And pod "replaced" was not restarted, re-run or recreated since the patch
    And the resources of pod "replaced" read back as the pod itself

  @RESIZE-01 @capability:inPlaceResize @capability:exec
  Scenario: A resize restarts a container only for a resource whose resizePolicy says RestartContainer
    Both containers' memory is raised and c1's CPU too. c1 restarts memory (RestartContainer) and
    not CPU; c2 keeps the default. So c1 is restarted exactly once, by the kubelet (its previous
    run killed, a Killing event naming the resize), its new run under the new limits; c2 is
    resized without a restart.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: policies
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: c1
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            resizePolicy:
              - { resourceName: cpu, restartPolicy: NotRequired }
              - { resourceName: memory, restartPolicy: RestartContainer }
            resources: { requests: { cpu: 20m, memory: 20Mi }, limits: { cpu: 30m, memory: 30Mi } }
          - name: c2
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            resources: { requests: { cpu: 20m, memory: 20Mi }, limits: { cpu: 30m, memory: 30Mi } }
      """
    When I create it
    Then pod "policies" becomes Ready within 1 minute
    When I patch the resources of pod "policies" with:
      """yaml
      spec:
        containers:
          - { name: c1, resources: { requests: { cpu: 25m, memory: 25Mi }, limits: { cpu: 35m, memory: 35Mi } } }
          - { name: c2, resources: { requests: { memory: 25Mi }, limits: { memory: 35Mi } } }
      """
    Then pod "policies" becomes resized within 1 minute
    And container "c1" of pod "policies" has 1 restart
    And the previous run of container "c1" of pod "policies" terminated with exit code 137
    And pod "policies" gets an event "Killing" with a message matching "Container c1 resize requires restart" within 30 seconds
    And container "c2" of pod "policies" has 0 restarts
    And pod "policies" reads back as:
      """yaml
      status:
        containerStatuses:
          - { name: c1, allocatedResources: { cpu: 25m, memory: 25Mi }, resources: { requests: { cpu: 25m, memory: 25Mi }, limits: { cpu: 35m, memory: 35Mi } } }
          - { name: c2, allocatedResources: { cpu: 20m, memory: 25Mi }, resources: { requests: { cpu: 20m, memory: 25Mi }, limits: { cpu: 30m, memory: 35Mi } } }
      """
    And the cgroup of each container of pod "policies" matches its resources
