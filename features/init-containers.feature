@epic:init-containers
Feature: Init containers
  Init containers run before the app containers of a pod: one at a time, in the order of the spec,
  each to completion. The pod stays Pending, not Initialized and not Ready until all of them have
  succeeded; a failing one is retried according to the pod's restartPolicy.

  Seed: reference article 000 (section 三, Init容器), rows INIT-01..INIT-08 of the behaviour
  catalogue. Every scenario runs in its own namespace; a watch opened before the pod is created
  records every state the cluster reports, so history assertions cover all of them.

  @INIT-01
  Scenario: Init containers run one at a time, in order, each to completion, before the app container
    Each container appends a marker line ("<seconds since boot> <label>") to a shared emptyDir;
    the markers give the order at 10 ms resolution, the cluster's startedAt/finishedAt confirm it.

    Given the manifest "init/ordered-pod.yaml"
    When I create it
    Then pod "ordered" becomes Ready within 2 minutes
    And condition Initialized of pod "ordered" is "True"
    And the containers of pod "ordered" ran in the order "init-first, init-second, app"
    And condition Initialized of pod "ordered" changed no earlier than container "init-second" finished
    And file "/markers/order.log" in container "app" of pod "ordered" lists the markers "init-first start, init-first done, init-second start, init-second done, app start"
    And throughout the history of pod "ordered", at most one init container ran at a time, in the order of the spec
    And throughout the history of pod "ordered", the app containers stayed waiting until every init container had succeeded
    And pod "ordered" is Running
    And container "init-first" of pod "ordered" is terminated with exit code 0
    And container "init-second" of pod "ordered" is terminated with exit code 0
    And container "init-first" of pod "ordered" is ready
    And container "init-second" of pod "ordered" is ready
    And throughout the history of pod "ordered", every init container that succeeded was reported ready
    And throughout the history of pod "ordered", Initialized never went back from True to False

  @INIT-01
  Scenario: In a restartPolicy Never pod the init containers run in order too, and the pod Succeeds
    Upstream's "should invoke init containers on a RestartNever pod": two init containers and an
    app container that each exit 0 make the pod Succeeded, with Initialized True and each init
    container reported ready and terminated with exit code 0. Upstream computes its invariants
    on every watch event but never checks them; here they are checked on every recorded state,
    and each container's own log line shows it ran. Each sleeps a second so that the recorded
    states can tell their order apart from "at the same time".

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: ordered-never
      spec:
        restartPolicy: Never
        initContainers:
          - name: init-first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo init-first ran; sleep 1']
          - name: init-second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo init-second ran; sleep 1']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo app ran; sleep 1']
      """
    When I create it
    Then pod "ordered-never" becomes Succeeded within 2 minutes
    And condition Initialized of pod "ordered-never" is "True"
    And container "init-first" of pod "ordered-never" is terminated with exit code 0
    And container "init-second" of pod "ordered-never" is terminated with exit code 0
    And container "app" of pod "ordered-never" is terminated with exit code 0
    And container "init-first" of pod "ordered-never" is ready
    And container "init-second" of pod "ordered-never" is ready
    And the containers of pod "ordered-never" ran in the order "init-first, init-second, app"
    And the log of container "init-first" of pod "ordered-never" is:
      """
      init-first ran
      """
    And the log of container "init-second" of pod "ordered-never" is:
      """
      init-second ran
      """
    And the log of container "app" of pod "ordered-never" is:
      """
      app ran
      """
    And throughout the history of pod "ordered-never", at most one init container ran at a time, in the order of the spec
    And throughout the history of pod "ordered-never", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "ordered-never", every init container that succeeded was reported ready
    And throughout the history of pod "ordered-never", Initialized never went back from True to False
    And throughout the history of pod "ordered-never", no restart count ever went back

  @INIT-02
  Scenario: myapp-pod waits in Init until the Services its init containers look up exist
    The article's myapp-pod and Services. Adaptations (see the manifest): images from the cluster's
    image map, FQDN lookups (busybox nslookup ignores the search path), the article's broken
    quoting in the app command fixed. CoreDNS may cache the negative answer for a few seconds,
    which the 90-second bounds absorb.

    Given the manifest "init/myapp-pod.yaml"
    And the manifest "init/myapp-services.yaml"
    When I create pod "myapp-pod"
    Then pod "myapp-pod" shows STATUS "Init:0/2" within 1 minute
    And container "init-myservice" of pod "myapp-pod" becomes running within 1 minute
    And pod "myapp-pod" keeps showing STATUS "Init:0/2" for 10 seconds
    And pod "myapp-pod" is Pending
    And condition Initialized of pod "myapp-pod" is "False" with reason "ContainersNotInitialized"
    And condition Ready of pod "myapp-pod" is "False"
    And container "init-myservice" of pod "myapp-pod" is running
    And container "init-mydb" of pod "myapp-pod" is waiting with reason "PodInitializing"
    And container "myapp-container" of pod "myapp-pod" is waiting with reason "PodInitializing"
    And the log of container "init-myservice" of pod "myapp-pod" contains "waiting for myservice"
    When I create service "myservice"
    Then pod "myapp-pod" shows STATUS "Init:1/2" within 90 seconds
    And container "init-myservice" of pod "myapp-pod" is terminated with exit code 0
    And container "init-mydb" of pod "myapp-pod" becomes running within 1 minute
    And pod "myapp-pod" keeps showing STATUS "Init:1/2" for 10 seconds
    And pod "myapp-pod" is Pending
    And condition Initialized of pod "myapp-pod" is "False" with reason "ContainersNotInitialized"
    And container "myapp-container" of pod "myapp-pod" is waiting with reason "PodInitializing"
    When I create service "mydb"
    Then pod "myapp-pod" becomes Ready within 90 seconds
    And pod "myapp-pod" is Running
    And pod "myapp-pod" shows STATUS "Running"
    And condition Initialized of pod "myapp-pod" is "True"
    And container "init-mydb" of pod "myapp-pod" is terminated with exit code 0
    And container "myapp-container" of pod "myapp-pod" is running
    And the log of container "myapp-container" of pod "myapp-pod" contains "The app is running!"
    And pod "myapp-pod" went through STATUS "Init:0/2, Init:1/2, Running" in that order
    And the containers of pod "myapp-pod" ran in the order "init-myservice, init-mydb, myapp-container"
    And throughout the history of pod "myapp-pod", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "myapp-pod", at most one init container ran at a time, in the order of the spec
    And throughout the history of pod "myapp-pod", the pod was not Ready until every init container had succeeded

  @INIT-03
  Scenario: A failing init container fails a restartPolicy Never pod, and the app container never starts
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-fails
      spec:
        restartPolicy: Never
        initContainers:
          - name: init-ok
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo init-ok ran; sleep 1']
          - name: init-fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo giving up; exit 3']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo the app ran']
      """
    When I create it
    Then pod "init-fails" becomes Failed within 2 minutes
    And condition Initialized of pod "init-fails" is "False" with reason "ContainersNotInitialized"
    And container "init-ok" of pod "init-fails" is terminated with exit code 0
    And container "init-fail" of pod "init-fails" is terminated with exit code 3
    And container "app" of pod "init-fails" is waiting with reason "PodInitializing"
    And pod "init-fails" shows STATUS "Init:Error"
    And the log of container "init-fail" of pod "init-fails" contains "giving up"
    And throughout the history of pod "init-fails", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "init-fails", at most one init container ran at a time, in the order of the spec
    And condition Initialized of pod "init-fails" is "False" with reason "ContainersNotInitialized" and message "containers with incomplete status: [init-fail]"
    And container "app" of pod "init-fails" was waiting with reason "PodInitializing" in every observed state
    And throughout the history of pod "init-fails", every init container that succeeded was reported ready

  @INIT-04
  Scenario Outline: With restartPolicy <policy> a failing init container is restarted with back-off; the app waits
    The first restart comes at once, the second about 10 s and the third about 20 s after the
    failure before (the restart policy feature measures it), so the three restarts upstream's
    "should not start app containers if init containers fail on a RestartAlways pod" waits for
    fit well within 2 minutes. The back-off shows as Init:CrashLoopBackOff; a short back-off can
    be written in the same status as the restart that ends it (a loaded kubelet writes them
    together), so the scenario waits for the 40 s back-off after the third restart to show it.
    As upstream asks, a second init container stays waiting (PodInitializing) in every recorded
    state, like the app container, and the Initialized condition names both init containers as
    incomplete.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-retries
      spec:
        restartPolicy: <policy>
        initContainers:
          - name: init-fail
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo attempt failed; exit 1']
          - name: init-after
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo init-after ran']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I create it
    Then container "init-fail" of pod "init-retries" restarts at least 3 times within 2 minutes
    And pod "init-retries" gets an event "BackOff" with a message matching "Back-off restarting failed container init-fail" within 1 minute
    And pod "init-retries" is Pending
    And condition Initialized of pod "init-retries" is "False" with reason "ContainersNotInitialized"
    And container "app" of pod "init-retries" is waiting with reason "PodInitializing"
    And pod "init-retries" shows STATUS "Init:CrashLoopBackOff" within 1 minute
    And pod "init-retries" went through STATUS "Init:Error, Init:CrashLoopBackOff" in that order
    And pod "init-retries" was Pending in every observed state
    And throughout the history of pod "init-retries", the app containers stayed waiting until every init container had succeeded
    And throughout the history of pod "init-retries", at most one init container ran at a time, in the order of the spec
    And condition Initialized of pod "init-retries" is "False" with reason "ContainersNotInitialized" and message "containers with incomplete status: [init-fail init-after]"
    And container "init-after" of pod "init-retries" was waiting with reason "PodInitializing" in every observed state
    And container "app" of pod "init-retries" was waiting with reason "PodInitializing" in every observed state
    And the previous run of container "init-fail" of pod "init-retries" terminated with reason "Error" and exit code 1

    Examples:
      | policy    |
      | Always    |
      | OnFailure |

  @INIT-05
  Scenario: The pod is not Ready until every init container has succeeded
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: slow-init
      spec:
        initContainers:
          - name: init-slow
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '10']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I create it
    Then container "init-slow" of pod "slow-init" becomes running within 1 minute
    And pod "slow-init" stays not Ready for 5 seconds
    And pod "slow-init" becomes Ready within 2 minutes
    And condition ContainersReady of pod "slow-init" changed no earlier than container "init-slow" finished
    And condition Ready of pod "slow-init" changed no earlier than container "init-slow" finished
    And throughout the history of pod "slow-init", the pod was not Ready until every init container had succeeded

  @INIT-06 @api-level
  Scenario Outline: An init container may not have <field> unless it is a sidecar
    The seed names readinessProbe only; since sidecars (restartPolicy Always on an init container)
    the rule covers every probe and lifecycle hooks, and sidecars may have them.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: init-with-<name>
      spec:
        initContainers:
          - name: init
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['true']
            <field>: <value>
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I try to create pod "init-with-<name>"
    Then the API rejects it as invalid, naming the field "spec.initContainers[0].<field>"
    And the rejection message contains "may not be set for init containers without restartPolicy=Always"
    And no pod "init-with-<name>" was stored

    Examples:
      | field          | name      | value                                         |
      | readinessProbe | readiness | { exec: { command: ['true'] } }               |
      | livenessProbe  | liveness  | { exec: { command: ['true'] } }               |
      | startupProbe   | startup   | { exec: { command: ['true'] } }               |
      | lifecycle      | lifecycle | { postStart: { exec: { command: ['true'] } } } |

  @INIT-06 @api-level
  Scenario: A sidecar init container (restartPolicy Always) may have probes and lifecycle hooks
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: sidecar-with-probes
      spec:
        initContainers:
          - name: sidecar
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            restartPolicy: Always
            command: ['sleep', '3600']
            readinessProbe: { exec: { command: ['true'] } }
            livenessProbe: { exec: { command: ['true'] } }
            startupProbe: { exec: { command: ['true'] } }
            lifecycle: { postStart: { exec: { command: ['true'] } } }
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I try to create pod "sidecar-with-probes"
    Then the API accepts it

  @INIT-07 @api-level
  Scenario: An init container may not share its name with an app container
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: shared-name
      spec:
        initContainers:
          - name: shared
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['true']
        containers:
          - name: shared
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I try to create pod "shared-name"
    Then the API rejects it as invalid, naming the field "spec.initContainers[0].name"
    And the rejection message contains 'Duplicate value: "shared"'
    And no pod "shared-name" was stored

  @INIT-07 @api-level
  Scenario: Two init containers may not share a name
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: twin-inits
      spec:
        initContainers:
          - name: twin
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['true']
          - name: twin
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['true']
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
      """
    When I try to create pod "twin-inits"
    Then the API rejects it as invalid, naming the field "spec.initContainers[1].name"
    And the rejection message contains 'Duplicate value: "twin"'
    And no pod "twin-inits" was stored

  @INIT-08
  Scenario: Only an init container's image may change, and changing it does not restart an initialized pod
    The seed says changing an init container's image "等价于重启该Pod" (is equivalent to restarting
    the Pod). That is outdated: current Kubernetes only lets the image (among container fields)
    change on an existing pod, and a pod that has already initialized keeps running: its init
    containers are not run again, nothing restarts, the pod keeps its UID. The kubelet
    acknowledges the update (status.observedGeneration reaches the new metadata.generation, since
    v1.33), so the node did see it and chose not to act; the marker lines each container appends
    to a shared emptyDir show the init container ran, and that neither container ran again. The
    30-second window covers the kubelet's immediate sync on a pod update plus a restart and its
    status report.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: image-change
      spec:
        volumes:
          - name: markers
            emptyDir: {}
        initContainers:
          - name: init
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'read -r up _ </proc/uptime; echo "$up init ran" >>/markers/runs.log; echo initialized']
            volumeMounts:
              - { name: markers, mountPath: /markers }
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'read -r up _ </proc/uptime; echo "$up app start" >>/markers/runs.log; exec sleep 3600']
            volumeMounts:
              - { name: markers, mountPath: /markers }
      """
    When I create it
    Then pod "image-change" becomes Ready within 2 minutes
    And pod "image-change" reports observed generation 1 within 30 seconds
    When I try to patch pod "image-change" with:
      """yaml
      spec:
        initContainers:
          - name: init
            command: ['sh', '-c', 'echo changed']
      """
    Then the API rejects it as invalid
    And the rejection message contains "pod updates may not change fields other than"
    When I patch pod "image-change" with:
      """yaml
      spec:
        initContainers:
          - name: init
            image: ${images.pause}
      """
    Then container "init" of pod "image-change" has image "${images.pause}"
    And pod "image-change" reports observed generation 2 within 30 seconds
    And pod "image-change" stays Ready for 30 seconds
    And pod "image-change" was not restarted, re-run or recreated since the patch
    And container "init" of pod "image-change" is terminated with exit code 0
    And throughout the history of pod "image-change", Initialized never went back from True to False
    And file "/markers/runs.log" in container "app" of pod "image-change" lists the markers "init ran, app start"
