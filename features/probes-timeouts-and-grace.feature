@epic:probes @story:probe-timing-settings
Feature: A probe's timeoutSeconds and its own terminationGracePeriodSeconds
  An exec probe whose command has not finished after timeoutSeconds counts as a failure (the
  kubelet's "command timed out"), whatever the command would have answered later: a liveness
  probe that times out restarts the container, a readiness probe that times out keeps it not
  Ready. A liveness or startup probe may carry its own terminationGracePeriodSeconds: the kill it
  triggers then gets that grace period instead of the pod's.

  From upstream's Probing container specs (test/e2e/common/node/container_probe.go); rows PROBE-15
  and PROBE-17 of the behaviour catalogue. Upstream counts restarts over fixed 4-minute windows and
  its readiness-timeout spec checks a pod object it never re-reads; here every window is bounded
  by the probe's own settings, the probe leaves a trace of each run in the container's log, and a
  kill's grace period is measured from the kubelet's Killing event to the end of the run. Timing
  terms as in the liveness feature (probes-liveness.feature).

  @PROBE-15
  Scenario: An exec liveness probe that outlives its timeoutSeconds fails, and the container is restarted
    Upstream's "should be restarted with an exec liveness probe with timeout": the probe runs
    `sleep 10` with timeoutSeconds 1. The command would succeed (exit 0) if the kubelet waited for
    it, so only the timeout can fail it. Each run prints "probe started" into the container's log
    first. The first probe comes after the 10-second initial delay, so the first run lasts 10 s
    plus the liveness restart delay; PID 1 (sleep) ignores SIGTERM, so the kill ends in SIGKILL
    after the 1-second grace period.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-exec-timeout
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "600"]
            livenessProbe:
              exec:
                command: ["/bin/sh", "-c", "echo probe started >/proc/1/fd/1; sleep 10"]
              initialDelaySeconds: 10
              periodSeconds: 2
              timeoutSeconds: 1
              failureThreshold: 1
      """
    When I create it
    Then container "busybox" of pod "liveness-exec-timeout" restarts at least 1 times within 1 minute
    And pod "liveness-exec-timeout" gets an event "Unhealthy" with a message matching '^Liveness probe failed: command timed out: "/bin/sh -c echo probe started >/proc/1/fd/1; sleep 10" timed out after 1s$' within 10 seconds
    And pod "liveness-exec-timeout" gets an event "Killing" with a message matching "^Container busybox failed liveness probe, will be restarted$" within 10 seconds
    And the first run of container "busybox" of pod "liveness-exec-timeout" lasted 10 seconds plus the liveness restart delay
    And the first run of container "busybox" of pod "liveness-exec-timeout" ended with exit code 137
    And the previous log of container "busybox" of pod "liveness-exec-timeout" contains "probe started"

  @PROBE-15
  Scenario: An exec readiness probe that outlives its timeoutSeconds fails, so the pod is never Ready and nothing restarts
    Upstream's "should not be ready with an exec readiness probe timeout" (`sleep 10`, timeoutSeconds
    1) checks a copy of the pod it never reads again, so it passes whatever happens. Here every
    observed state of the window counts, each run prints "probe started" into the container's log,
    and the kubelet reports each timeout. A second pod runs a probe that takes 2 s with
    timeoutSeconds 5 and becomes Ready: a slow probe that ends within its timeout passes, so it is
    the timeout that fails the first.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-exec-timeout
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "600"]
            readinessProbe:
              exec:
                command: ["/bin/sh", "-c", "echo probe started >/proc/1/fd/1; sleep 10"]
              periodSeconds: 2
              timeoutSeconds: 1
              failureThreshold: 1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-exec-in-time
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "600"]
            readinessProbe:
              exec:
                command: ["/bin/sh", "-c", "echo probe started >/proc/1/fd/1; sleep 2"]
              periodSeconds: 2
              timeoutSeconds: 5
              failureThreshold: 1
      """
    When I create it
    Then container "busybox" of pod "readiness-exec-timeout" becomes running within 1 minute
    And pod "readiness-exec-timeout" stays Running but not Ready, with 0 restarts, for 15 seconds
    And pod "readiness-exec-timeout" gets at least 3 "Unhealthy" events matching '^Readiness probe failed: command timed out: "/bin/sh -c echo probe started >/proc/1/fd/1; sleep 10" timed out after 1s$' within 10 seconds
    And the log of container "busybox" of pod "readiness-exec-timeout" has at least 3 lines matching "^probe started$"
    And pod "readiness-exec-timeout" has no "Killing" event
    And pod "readiness-exec-in-time" becomes Ready within 30 seconds
    And pod "readiness-exec-in-time" has no "Unhealthy" event

  @PROBE-17
  Scenario: A liveness probe's own terminationGracePeriodSeconds replaces the pod's for the kill it triggers
    Upstream's "should override timeoutGracePeriodSeconds when LivenessProbe field is set": the pod
    asks for 500 s of grace, the probe (httpGet on a port nothing serves) for 5 s, and upstream
    waits up to 4 min 40 s for a restart. Here the container traps SIGTERM, says so in its log and
    carries on, so the kill lasts exactly the grace period it was given: its run must end between
    4 and 10 s after the kubelet's Killing event (5 s, whole-second timestamps; neither the pod's
    500 s nor the default 30 s, nor an immediate SIGKILL), and the whole run within the 10-second
    initial delay plus the restart delay derived with the probe's grace.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-grace
      spec:
        terminationGracePeriodSeconds: 500
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "trap 'echo SIGTERM received' TERM; echo started; while true; do sleep 1; done"]
            livenessProbe:
              httpGet:
                port: 8080
                path: /healthz
              initialDelaySeconds: 10
              periodSeconds: 2
              failureThreshold: 1
              terminationGracePeriodSeconds: 5
      """
    When I create it
    Then container "busybox" of pod "liveness-grace" restarts at least 1 times within 1 minute
    And pod "liveness-grace" gets an event "Unhealthy" with a message matching '^Liveness probe failed: Get "http://[^"]+:8080/healthz": dial tcp [^ ]+:8080: connect: connection refused$' within 10 seconds
    And pod "liveness-grace" gets an event "Killing" with a message matching "^Container busybox failed liveness probe, will be restarted$" within 10 seconds
    And the first run of container "busybox" of pod "liveness-grace" ended between 4 seconds and 10 seconds after the first "Killing" event matching "failed liveness probe"
    And the first run of container "busybox" of pod "liveness-grace" lasted 10 seconds plus the liveness restart delay
    And the first run of container "busybox" of pod "liveness-grace" ended with exit code 137
    And the previous log of container "busybox" of pod "liveness-grace" contains "SIGTERM received"

  @PROBE-17
  Scenario: A startup probe's own terminationGracePeriodSeconds replaces the pod's for the kill it triggers
    Upstream's "should override timeoutGracePeriodSeconds when StartupProbe field is set": the
    startup probe (`cat /tmp/startup`, a file that never exists) fails after its 10-second
    initial delay and asks for 5 s of grace; the pod asks for 500 s; the liveness probe, which
    always passes, never runs before startup succeeds. The same measurements as for liveness,
    with the startup probe's restart delay.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: startup-grace
      spec:
        terminationGracePeriodSeconds: 500
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "trap 'echo SIGTERM received' TERM; echo started; while true; do sleep 1; done"]
            livenessProbe:
              exec:
                command: ["/bin/true"]
              initialDelaySeconds: 15
              failureThreshold: 1
            startupProbe:
              exec:
                command: ["/bin/cat", "/tmp/startup"]
              initialDelaySeconds: 10
              periodSeconds: 2
              failureThreshold: 1
              # Generous: a timed-out run would fail with another message; not under test.
              timeoutSeconds: 4
              terminationGracePeriodSeconds: 5
      """
    When I create it
    Then container "busybox" of pod "startup-grace" restarts at least 1 times within 1 minute
    And pod "startup-grace" gets an event "Unhealthy" with a message matching "^Startup probe failed: (/bin/)?cat: can't open '/tmp/startup': No such file or directory" within 10 seconds
    And pod "startup-grace" gets an event "Killing" with a message matching "^Container busybox failed startup probe, will be restarted$" within 10 seconds
    And the first run of container "busybox" of pod "startup-grace" ended between 4 seconds and 10 seconds after the first "Killing" event matching "failed startup probe"
    And the first run of container "busybox" of pod "startup-grace" lasted 10 seconds plus the startup restart delay
    And the first run of container "busybox" of pod "startup-grace" ended with exit code 137
    And the previous log of container "busybox" of pod "startup-grace" contains "SIGTERM received"
    And pod "startup-grace" has no "Unhealthy" event matching "Liveness"
