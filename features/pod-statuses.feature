@epic:pod-statuses
Feature: Pod phases and the statuses users see
  A pod's phase says where it is in its life: Pending (accepted, not yet running: unschedulable,
  initializing, or its images not yet there), Running (bound, containers created, at least one
  running), Succeeded (every container exited 0 and none will restart) or Failed (every container
  terminated, at least one did not exit 0). What a user sees in `kubectl get pod` is the STATUS
  column, which the API server prints from the phase, the container states and their reasons:
  ContainerCreating, ErrImagePull, ImagePullBackOff, OOMKilled, Error, Completed, Evicted …

  Seeds: reference articles 000 (section 一, Pod 的状态) and 004 (Pod 的生命周期: Pending, Running,
  Succeeded, Failed, Unknown); rows STATUS-01..11 of the behaviour catalogue. Each scenario asserts
  the phase and the reason that tells the cause apart, the STATUS column, and a trace the cause
  left: the container's own output, or the event of the component that acted (the scheduler, the
  kubelet). Images that must fail to pull point at a closed port on 127.0.0.1, so no request
  leaves the machine.

  Rule: Pending has three causes, each with its own condition or waiting reason

    @STATUS-01
    Scenario: Pending because no node matches: PodScheduled is False with reason Unschedulable
      The scheduler tried and said why: its FailedScheduling event. No kubelet has the pod, so
      no container status exists.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: unschedulable
        spec:
          nodeSelector:
            pod-conformance.io/no-node-has-this-label: "true"
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sleep', '3600']
        """
      When I create it
      Then pod "unschedulable" gets an event "FailedScheduling" with a message matching "didn't match Pod's node affinity/selector" within 1 minute
      And condition PodScheduled of pod "unschedulable" is "False" with reason "Unschedulable"
      And pod "unschedulable" keeps showing STATUS "Pending" for 5 seconds
      And pod "unschedulable" was Pending in every observed state

    @STATUS-01
    Scenario: Pending while an init container runs: scheduled, but Initialized is False
      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: initializing
        spec:
          terminationGracePeriodSeconds: 1
          initContainers:
            - name: setup
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "setup is running"; exec sleep 3600']
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sleep', '3600']
        """
      When I create it
      Then the log of container "setup" of pod "initializing" shows "setup is running" within 1 minute
      And pod "initializing" is Pending
      And condition PodScheduled of pod "initializing" is "True"
      And condition Initialized of pod "initializing" is "False" with reason "ContainersNotInitialized"
      And container "main" of pod "initializing" is waiting with reason "PodInitializing"
      And pod "initializing" shows STATUS "Init:0/1"

    @STATUS-01
    Scenario: Pending while the image is not there: scheduled and initialized, the container waits for its image
      The kubelet tried to pull (its Pulling event) from a closed port on this machine.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: no-image-yet
        spec:
          containers:
            - name: main
              image: 127.0.0.1:9/pod-conformance/not-there:1.0
              imagePullPolicy: IfNotPresent
        """
      When I create it
      Then pod "no-image-yet" gets an event "Pulling" with a message matching "127.0.0.1:9/pod-conformance/not-there:1.0" within 1 minute
      And container "main" of pod "no-image-yet" becomes waiting with reason "ErrImagePull" within 1 minute
      And pod "no-image-yet" is Pending
      And condition PodScheduled of pod "no-image-yet" is "True"
      And condition Initialized of pod "no-image-yet" is "True"
      And condition ContainersReady of pod "no-image-yet" is "False" with reason "ContainersNotReady"

  Rule: Running, Succeeded and Failed

    @STATUS-02
    Scenario: Running: bound, every container created, at least one still running
      One container finishes at once, the other keeps running: the pod is Running, with an IP on
      its node, and kubectl prints NotReady because a finished container is never Ready.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: one-running
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
            - name: short
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "short is done"']
            - name: long
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "long is running"; exec sleep 3600']
        """
      When I create it
      Then container "short" of pod "one-running" becomes terminated with reason "Completed" and exit code 0 within 1 minute
      And the log of container "long" of pod "one-running" shows "long is running" within 30 seconds
      And the log of container "short" of pod "one-running" contains "short is done"
      And pod "one-running" is Running
      And container "long" of pod "one-running" is running
      And field "status.podIP" of pod "one-running" matches "^[0-9a-f.:]+$"
      And field "status.hostIP" of pod "one-running" matches "^[0-9a-f.:]+$"
      And field "spec.nodeName" of pod "one-running" matches "."
      And pod "one-running" shows STATUS "NotReady"

    @STATUS-03
    Scenario: Succeeded: every container exited 0 and none will restart; STATUS Completed
      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: all-done
        spec:
          restartPolicy: OnFailure
          containers:
            - name: first
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "first did its work"']
            - name: second
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'sleep 2; echo "second did its work"']
        """
      When I create it
      Then pod "all-done" becomes Succeeded within 1 minute
      And container "first" of pod "all-done" is terminated with reason "Completed" and exit code 0
      And container "second" of pod "all-done" is terminated with reason "Completed" and exit code 0
      And the log of container "first" of pod "all-done" contains "first did its work"
      And the log of container "second" of pod "all-done" contains "second did its work"
      And pod "all-done" shows STATUS "Completed"
      And container "second" of pod "all-done" keeps 0 restarts for 12 seconds

    @STATUS-04
    Scenario: Failed: every container terminated, one with a non-zero exit; its termination message is kept
      A container may leave a message for whoever reads its status, in /dev/termination-log; with
      terminationMessagePolicy FallbackToLogsOnError the tail of its log stands in when it wrote
      none and failed.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: one-failed
        spec:
          restartPolicy: Never
          containers:
            - name: fine
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "fine is done"']
            - name: broken
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'sleep 1; echo "disk full" > /dev/termination-log; exit 3']
            - name: noisy
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              terminationMessagePolicy: FallbackToLogsOnError
              command: ['sh', '-c', 'sleep 1; echo "last words before exit 4"; exit 4']
        """
      When I create it
      Then pod "one-failed" becomes Failed within 1 minute
      And container "broken" of pod "one-failed" is terminated with reason "Error" and exit code 3 and message "disk full"
      And container "noisy" of pod "one-failed" is terminated with reason "Error" and exit code 4 and message "last words before exit 4"
      And container "fine" of pod "one-failed" is terminated with reason "Completed" and exit code 0
      And the log of container "fine" of pod "one-failed" contains "fine is done"
      And pod "one-failed" shows STATUS "Error"

    @STATUS-11
    Scenario: A pod whose spec.os.name is not the node's OS is rejected by the node's kubelet: Failed with reason PodOSNotSupported, no container run
      Both pods are bound to the node by spec.nodeName, past the scheduler, so the kubelet's own
      admission decides: the one asking for windows on this linux node is rejected before any
      container runs, the same pod asking for linux runs (upstream's PodOSRejection spec).

      Given a schedulable node "target"
      And the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: wrong-pod-os
        spec:
          nodeName: ${nodes.target.name}
          os: { name: windows }
          containers:
            - name: wrong-pod-os
              image: ${images.pause}
              imagePullPolicy: IfNotPresent
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: right-pod-os
        spec:
          nodeName: ${nodes.target.name}
          terminationGracePeriodSeconds: 1
          os: { name: linux }
          containers:
            - name: right-pod-os
              image: ${images.pause}
              imagePullPolicy: IfNotPresent
        """
      When I create it
      Then field "status.nodeInfo.operatingSystem" of node "${nodes.target.name}" is "linux"
      And pod "wrong-pod-os" becomes Failed with reason "PodOSNotSupported" within 1 minute
      And the status message of pod "wrong-pod-os" matches "Failed to admit pod as the OS field doesn't match node OS"
      And pod "wrong-pod-os" gets an event "PodOSNotSupported" with a message matching "the OS field doesn't match node OS" within 30 seconds
      And pod "right-pod-os" becomes Running within 1 minute
      And pod "right-pod-os" gets an event "Started" within 10 seconds
      And pod "wrong-pod-os" has no "Started" event

  Rule: Waiting and terminated reasons name the cause

    @STATUS-05
    Scenario: An image that cannot be pulled: ErrImagePull, then ImagePullBackOff, and the pod stays Pending
      The registry is a closed port on this machine (127.0.0.1:9): the pull fails at once, no
      DNS query or connection leaves the host. The kubelet's Pulling and Failed events show it
      tried; its back-off turns ErrImagePull into ImagePullBackOff.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: bad-image
        spec:
          containers:
            - name: main
              image: 127.0.0.1:9/pod-conformance/never-pulled:1.0
              imagePullPolicy: IfNotPresent
        """
      When I create it
      Then container "main" of pod "bad-image" becomes waiting with reason "ImagePullBackOff" within 1 minute
      And pod "bad-image" gets an event "Pulling" with a message matching "127.0.0.1:9/pod-conformance/never-pulled:1.0" within 10 seconds
      And pod "bad-image" gets an event "Failed" with a message matching "127.0.0.1:9/pod-conformance/never-pulled:1.0" within 10 seconds
      And pod "bad-image" gets an event "BackOff" with a message matching "Back-off pulling image" within 30 seconds
      And container "main" of pod "bad-image" went through "ErrImagePull, ImagePullBackOff" in that order
      And pod "bad-image" went through STATUS "ErrImagePull, ImagePullBackOff" in that order
      And pod "bad-image" was Pending in every observed state

    @STATUS-06
    Scenario: A container that exceeds its memory limit is OOMKilled
      The container's allocator reads /dev/zero into memory (busybox tail keeps a line that never
      ends) under a 32 MiB limit; the kernel's OOM killer ends it with SIGKILL, the shell logs the
      status it saw (137 = 128 + SIGKILL) and exits with it, and the runtime reports OOMKilled with
      exit code 137. A runtime learns of an OOM kill from the memory cgroup's event, which its shim
      watches from the moment the container has started, and of the exit from the process; two
      races follow, both closed by the scenario's order of events, not by luck:
      - An OOM before the shim watches is never reported (one full run: containerd logged the OOM
        for the pod's sandbox only, the container ended "Error"). The allocator therefore waits
        for a go-ahead the scenario gives by exec once the kubelet reports the container running,
        which it does only after the runtime's start, watch included, has returned.
      - containerd before 2.3 records whichever of OOM event and exit it handles first
        (containerd#8180, fixed in 2.3), and the kubelet never reads a terminated container's
        reason again. The allocator is a child of the shell, so the OOM kill and the exit are two
        moments: the shell exits 10 s after the kill, far longer than the OOM event's way to the
        runtime has been seen to take on a loaded node.
      The reason asserted is unchanged, OOMKilled, read from the cluster.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: memory-hog
        spec:
          restartPolicy: Never
          containers:
            - name: hog
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command:
                - sh
                - -c
                - 'echo "waiting for the go-ahead"; until [ -e /tmp/go ]; do sleep 0.1; done; echo "allocating without bound"; tail /dev/zero; code=$?; echo "allocator ended with $code"; sleep 10; exit $code'
              resources:
                requests: { memory: 32Mi }
                limits: { memory: 32Mi }
        """
      When I create it
      Then container "hog" of pod "memory-hog" becomes running within 1 minute
      When I run "touch /tmp/go" in container "hog" of pod "memory-hog"
      Then container "hog" of pod "memory-hog" becomes terminated with reason "OOMKilled" and exit code 137 within 1 minute
      And the log of container "hog" of pod "memory-hog" contains "allocating without bound"
      And the log of container "hog" of pod "memory-hog" contains "allocator ended with 137"
      And pod "memory-hog" becomes Failed within 30 seconds
      And pod "memory-hog" shows STATUS "OOMKilled"

    @STATUS-07
    Scenario: ContainerCreating while a volume cannot be set up, until it can
      The pod mounts a ConfigMap that does not exist yet, which holds it in ContainerCreating
      deterministically (the kubelet's FailedMount events show it keeps trying); creating the
      ConfigMap lets it start, and the container prints what it read from the volume.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: held
        spec:
          terminationGracePeriodSeconds: 1
          volumes:
            - name: settings
              configMap:
                name: held-settings
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'echo "greeting=$(cat /settings/greeting)"; exec sleep 3600']
              volumeMounts:
                - { name: settings, mountPath: /settings }
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: held-settings
        data:
          greeting: hello from the configmap
        """
      When I create pod "held"
      Then pod "held" gets an event "FailedMount" with a message matching "configmap \"held-settings\" not found" within 1 minute
      And container "main" of pod "held" is waiting with reason "ContainerCreating"
      And pod "held" keeps showing STATUS "ContainerCreating" for 10 seconds
      And pod "held" is Pending
      When I create configmap "held-settings"
      Then the log of container "main" of pod "held" shows "greeting=hello from the configmap" within 3 minutes
      And pod "held" becomes Running within 30 seconds
      And container "main" of pod "held" went through exactly "ContainerCreating, running"
      And pod "held" went through STATUS "ContainerCreating, Running" in that order

    @STATUS-08 @capability:ephemeralStorage
    Scenario: A pod that exceeds its ephemeral-storage limit is evicted by the kubelet
      Not the OOM killer: the kubelet's eviction manager measures the container's writable layer
      and logs against the 10 MiB limit, fails the pod with reason Evicted and a message naming
      the limit, and records an Evicted event. The eviction manager looks every 10 s and the
      runtime refreshes its disk usage about as often, so the bound is generous. The STATUS column
      is not asserted: the seeds show "Evicted", but on v1.35 it prints the state the kubelet left
      the stopped container in (waiting, ContainerCreating), which hides the pod's reason; the
      reason and message are asserted from status.reason and status.message instead. The pod's
      restartPolicy is OnFailure, as in upstream's "evicted pods should be terminal": eviction must
      end the pod although its policy restarts a failed container: the kubelet tears the sandbox
      down (PodReadyToStartContainers False) and the pod stays Failed over a kubelet sync period
      (10 s), in which a restart would have made it Running again. Its
      restartCount is not asserted: v1.35 reports the evicted container as waiting
      (ContainerCreating) with restartCount 1, although no second run was started (one Started
      event).

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: disk-hog
        spec:
          restartPolicy: OnFailure
          terminationGracePeriodSeconds: 1
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sh', '-c', 'dd if=/dev/zero of=/filler bs=1M count=40 && echo "wrote 40 MiB"; exec sleep 3600']
              resources:
                limits: { ephemeral-storage: 10Mi }
        """
      When I create it
      Then the log of container "main" of pod "disk-hog" shows "wrote 40 MiB" within 1 minute
      And pod "disk-hog" becomes Failed with reason "Evicted" within 2 minutes
      And the status message of pod "disk-hog" matches "ephemeral (local )?storage.*10Mi"
      And pod "disk-hog" gets an event "Evicted" with a message matching "10Mi" within 30 seconds
      And condition PodReadyToStartContainers of pod "disk-hog" becomes "False" within 30 seconds
      And pod "disk-hog" stays Failed for 10 seconds

  Rule: What the API server adds to every pod

    @STATUS-09 @api-level
    Scenario Outline: The QoS class follows from requests and limits: <class>
      API-level: the API server computes status.qosClass when it admits the pod (nothing needs to
      run, so a server-side dry run is enough).

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: qos
        spec:
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sleep', '3600']
              resources: <resources>
            - name: helper
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sleep', '3600']
              resources: <helper resources>
        """
      When I create pod "qos" with a server-side dry run
      Then field "status.qosClass" of pod "qos" is "<class>"

      Examples:
        | class      | resources                                                                  | helper resources                                                           |
        | BestEffort | {}                                                                         | {}                                                                         |
        | Burstable  | { requests: { memory: 16Mi } }                                             | {}                                                                         |
        | Burstable  | { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 10m, memory: 16Mi } } | {}                                                                         |
        | Guaranteed | { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 10m, memory: 16Mi } } | { limits: { cpu: 20m, memory: 8Mi } }                                      |

    @STATUS-10 @api-level
    Scenario: Every pod gets the default tolerations for not-ready and unreachable nodes, 300 seconds each
      API-level: the DefaultTolerationSeconds admission plugin adds them when the pod does not
      tolerate those taints itself.

      Given the manifest:
        """yaml
        apiVersion: v1
        kind: Pod
        metadata:
          name: tolerations
        spec:
          containers:
            - name: main
              image: ${images.busybox}
              imagePullPolicy: IfNotPresent
              command: ['sleep', '3600']
        """
      When I create pod "tolerations" with a server-side dry run
      Then pod "tolerations" reads back as:
        """yaml
        spec:
          tolerations:
            - key: node.kubernetes.io/not-ready
              operator: Exists
              effect: NoExecute
              tolerationSeconds: 300
            - key: node.kubernetes.io/unreachable
              operator: Exists
              effect: NoExecute
              tolerationSeconds: 300
        """
