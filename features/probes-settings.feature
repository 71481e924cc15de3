@epic:probes @story:probe-settings
Feature: What a probe is when nothing, or something wrong, is written
  A container without probes counts as healthy and ready. Fields left out of a probe take the
  documented defaults; a liveness or startup probe may only have successThreshold 1. An exec
  probe's command is exec'd as an argument list, not run in a shell.

  Seeds: reference article 000 ("if the container does not provide a probe, the default state is
  Success") and 001 (`kubectl explain` field docs: timeout 1, period 10, success 1 and "must be 1
  for liveness and startup", failure 3; the exec-health-pod and exec-ready-pod manifests);
  rows PROBE-10..13 of the behaviour catalogue. Upstream has no e2e test for the defaults, the
  successThreshold rule or the one-string command.

  @PROBE-10
  Scenario: A container without probes is Ready as soon as it runs and is never restarted for its health
    No probe means Success for both readiness and liveness. Ready comes within 5 s of the
    container's start (the status sync, with one-second timestamps). The window is 45 s, the
    decision time of a probe with every default (0 + (3 + 1) × 10 s + 5 s): had the kubelet put a
    failing default probe in place, it would have shown by then. The container's own traces (a
    log line at its start, a file an exec reads at the end) show it actually ran all along.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: no-probes
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "echo container started; touch /tmp/alive; exec sleep 3600"]
      """
    When I create it
    Then pod "no-probes" becomes Ready within 1 minute
    And pod "no-probes" became Ready within 5 seconds after container "busybox" started
    And the log of container "busybox" of pod "no-probes" contains "container started"
    And condition ContainersReady of pod "no-probes" is "True"
    And pod "no-probes" stays Ready with 0 restarts for 45 seconds
    And pod "no-probes" has no "Unhealthy" event
    When I run "test -f /tmp/alive && echo still running" in container "busybox" of pod "no-probes"
    Then the command exits with code 0
    And its output contains "still running"

  @PROBE-11 @api-level
  Scenario: Probe fields left out take the defaults timeout 1, period 10, success 1, failure 3, delay 0
    The same values as seed 001's `kubectl describe` line "delay=5s timeout=1s period=5s
    #success=1 #failure=3" minus what the article set. The API stores a zero initialDelaySeconds
    by omitting it, so an absent field reads as 0.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: probe-defaults
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: web
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www"]
            livenessProbe:
              tcpSocket: { port: 8080 }
            readinessProbe:
              httpGet: { port: 8080, path: / }
            startupProbe:
              exec: { command: ["true"] }
      """
    When I create it
    Then the liveness probe of container "web" of pod "probe-defaults" reads back as:
      | initialDelaySeconds | 0  |
      | timeoutSeconds      | 1  |
      | periodSeconds       | 10 |
      | successThreshold    | 1  |
      | failureThreshold    | 3  |
    And the readiness probe of container "web" of pod "probe-defaults" reads back as:
      | initialDelaySeconds | 0  |
      | timeoutSeconds      | 1  |
      | periodSeconds       | 10 |
      | successThreshold    | 1  |
      | failureThreshold    | 3  |
    And the startup probe of container "web" of pod "probe-defaults" reads back as:
      | initialDelaySeconds | 0  |
      | timeoutSeconds      | 1  |
      | periodSeconds       | 10 |
      | successThreshold    | 1  |
      | failureThreshold    | 3  |

  @PROBE-12 @api-level
  Scenario: A liveness or startup probe with successThreshold other than 1 is rejected
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-success-2
      spec:
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "3600"]
            livenessProbe:
              exec: { command: ["true"] }
              successThreshold: 2
      """
    And the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: startup-success-2
      spec:
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "3600"]
            startupProbe:
              exec: { command: ["true"] }
              successThreshold: 2
      """
    When I try to create pod "liveness-success-2"
    Then the API rejects it as invalid, naming the field "spec.containers[0].livenessProbe.successThreshold"
    And the rejection message contains "must be 1"
    And no pod "liveness-success-2" was stored
    When I try to create pod "startup-success-2"
    Then the API rejects it as invalid, naming the field "spec.containers[0].startupProbe.successThreshold"
    And the rejection message contains "must be 1"
    And no pod "startup-success-2" was stored

  @PROBE-12 @api-level
  Scenario: A readiness probe may require several successes
    The contrast to the rule above: successThreshold is only pinned to 1 for liveness and startup.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-success-2
      spec:
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "3600"]
            readinessProbe:
              exec: { command: ["true"] }
              successThreshold: 2
      """
    When I try to create pod "readiness-success-2"
    Then the API accepts it
    And the readiness probe of container "busybox" of pod "readiness-success-2" reads back as:
      | successThreshold | 2 |

  @PROBE-13
  Scenario: The article's exec-ready-pod never becomes ready: its one-string command is never run
    Seed 001's exec-ready-pod, verbatim but for the image: the probe command ["cat /tmp/health"]
    is one string, so the runtime looks for an executable literally named "cat /tmp/health"; it is
    exec'd, not run in a shell. The file exists the whole time (the script's `rm` removes
    /tmp/healthy, a typo), and the same pod with ["cat", "/tmp/health"] (and a 4 s timeout)
    becomes Ready at once. With containerd the failed start is an exec error, which the kubelet
    reports as "errored and resulted in unknown state" and then discards
    (pkg/kubelet/prober/worker.go). The OCI runtime words the error: runc quotes the name in
    double quotes, crun in backquotes, so the pattern accepts both. The readiness state keeps its
    initial Failure: the article's READY 0/1. Its describe output shows "Readiness probe failed" because docker
    reported the same exec failure as a failed command.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: exec-ready-pod
        labels: { app: myapp, type: pod }
      spec:
        containers:
          - name: busybox
            image: ${images.busybox}
            command:
              - "/bin/sh"
              - "-c"
              - "touch /tmp/health; sleep 30; rm -rf /tmp/healthy; sleep 6000"
            readinessProbe:
              exec:
                command: ["cat /tmp/health"]
              initialDelaySeconds: 5
              periodSeconds: 5
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: exec-ready-pod-argv
        labels: { app: myapp, type: pod }
      spec:
        containers:
          - name: busybox
            image: ${images.busybox}
            command:
              - "/bin/sh"
              - "-c"
              - "touch /tmp/health; sleep 30; rm -rf /tmp/healthy; sleep 6000"
            readinessProbe:
              exec:
                command: ["cat", "/tmp/health"]
              initialDelaySeconds: 5
              periodSeconds: 5
              # Our corrected copy: a 1 s exec timeout can be missed on a loaded node and would
              # count as a failure; the timeout is not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then pod "exec-ready-pod-argv" becomes Ready within 1 minute
    And container "busybox" of pod "exec-ready-pod" becomes running within 1 minute
    And pod "exec-ready-pod" stays Running but not Ready, with 0 restarts, for 30 seconds
    And pod "exec-ready-pod" gets an event "Unhealthy" with a message matching 'Readiness probe errored and resulted in unknown state: .*["`]cat /tmp/health["`].*(no such file or directory|not found)' within 10 seconds
    And pod "exec-ready-pod" has no "Unhealthy" event matching "Readiness probe failed"
    And pod "exec-ready-pod-argv" has no "Unhealthy" event
    When I run "cat /tmp/health" in container "busybox" of pod "exec-ready-pod"
    Then the command exits with code 0

  @PROBE-13
  Scenario: The article's exec-health-pod is never restarted by current Kubernetes: its probe never runs
    Seed 001's exec-health-pod with its one-string liveness command ["cat /tmp/health"]. The
    article shows a restart (RESTARTS 1 at 66 s) and explains it by the health file; in fact the
    file is never removed (the script removes /tmp/healthy), and the restart came from docker
    reporting the failed exec as a probe failure. With containerd the failed start is an exec
    error, which the kubelet reports ("Liveness probe errored and resulted in unknown state") and
    then discards: the container is never restarted and stays Ready although its probe never once
    ran (kubernetes/kubernetes#106682, open). terminationGracePeriodSeconds: 1 is the only change,
    so the window needed to rule out a restart is 35 s, not 64 s.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: exec-health-pod
        labels: { app: myapp, type: pod }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            command:
              - "/bin/sh"
              - "-c"
              - "touch /tmp/health; sleep 30; rm -rf /tmp/healthy; sleep 600"
            livenessProbe:
              exec:
                command: ["cat /tmp/health"]
              initialDelaySeconds: 5
              periodSeconds: 5
      """
    When I create it
    Then pod "exec-health-pod" becomes Ready within 1 minute
    And pod "exec-health-pod" gets an event "Unhealthy" with a message matching 'Liveness probe errored and resulted in unknown state: .*["`]cat /tmp/health["`].*(no such file or directory|not found)' within 30 seconds
    And pod "exec-health-pod" stays Ready with 0 restarts for 35 seconds
    And pod "exec-health-pod" has no "Killing" event
    And pod "exec-health-pod" has no "Unhealthy" event matching "Liveness probe failed"
    When I run "cat /tmp/health" in container "busybox" of pod "exec-health-pod"
    Then the command exits with code 0
