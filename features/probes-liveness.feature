@epic:probes @story:liveness
Feature: Liveness probes restart a container whose check keeps failing
  The kubelet runs a container's liveness probe every periodSeconds, starting initialDelaySeconds
  after the container started. After failureThreshold failures in a row it records an Unhealthy
  event for each failure and a Killing event, kills the container (SIGTERM, then SIGKILL after the
  grace period) and starts it again; a passing probe, or fewer failures in a row, restarts nothing.

  Seeds: reference articles 000 (section 四, livenessProbe exec / httpGet / tcp) and 001
  (liveness probe, with `kubectl get pod -w` output); rows PROBE-01..04 and PROBE-14 of the
  behaviour catalogue. Upstream conformance only counts restarts; these scenarios also assert the
  events, the timing from the cluster's timestamps, and add the tcpSocket restart upstream lacks.

  Timing terms, computed from the probe as read back from the API (defaults included), with every
  measured value attached to the scenario in the report:
  - liveness restart delay: from the moment the checked thing starts failing to the end of the
  killed run (its finishedAt), at least (failureThreshold − 1) × periodSeconds − 2 s and at most
  (failureThreshold + 1) × periodSeconds + grace + 5 s. The first failing probe comes within one
  period, the decision needs failureThreshold − 1 more; the spare period and the margins cover
  one-second timestamps and slow exec probes on a loaded two-core node.
  - a "stays … for D" window is refused unless D is at least the liveness decision time,
  initialDelaySeconds + (failureThreshold + 1) × periodSeconds + grace + 5 s: shorter, it could
  not show that the probe did not act.

  Manifests set terminationGracePeriodSeconds: 1. A shell or sleep as PID 1 ignores SIGTERM, so
  every kill waits for the grace period: the default 30 s would only add 30 s to each bound.

  @PROBE-01
  Scenario: An exec liveness probe restarts the container once its health file is removed at 30 s
    Seed 001's exec-health-pod, with the article's 30-second timing, corrected in two places:
    the probe command is an argument list (the article's one-string ["cat /tmp/health"] is never
    run at all: see PROBE-13), and the script removes /tmp/health (the article removes
    /tmp/healthy, a typo that would leave the probe passing for ever). The article's
    `kubectl get pod -w` ends at "1/1 Running 1".

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
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "touch /tmp/health; sleep 30; rm -rf /tmp/health; sleep 600"]
            livenessProbe:
              exec:
                command: ["cat", "/tmp/health"]
              initialDelaySeconds: 5
              periodSeconds: 5
              # The article keeps the 1 s default; a timeout counts as a failure, and an exec can
              # take longer than 1 s on a loaded two-core node. The timeout is not under test here.
              timeoutSeconds: 4
      """
    When I create it
    Then pod "exec-health-pod" becomes Ready within 1 minute
    And container "busybox" of pod "exec-health-pod" restarts at least 1 times within 2 minutes
    And pod "exec-health-pod" gets an event "Unhealthy" with a message matching "Liveness probe failed: cat: can't open '/tmp/health': No such file or directory" within 30 seconds
    And pod "exec-health-pod" gets an event "Killing" with a message matching "^Container busybox failed liveness probe, will be restarted$" within 30 seconds
    And the first "Killing" event of pod "exec-health-pod" came no earlier than its first "Unhealthy" event
    And the first run of container "busybox" of pod "exec-health-pod" lasted 30 seconds plus the liveness restart delay
    And container "busybox" of pod "exec-health-pod" was restarted within the liveness restart delay after the first "Unhealthy" event matching "Liveness probe failed: cat: can't open '/tmp/health'"
    And the first run of container "busybox" of pod "exec-health-pod" ended with exit code 137
    And pod "exec-health-pod" shows READY "1/1", STATUS "Running" and RESTARTS 1 within 30 seconds

  @PROBE-02
  Scenario: An exec liveness probe that keeps passing never restarts the container
    The health file is created and never removed. The window is longer than the liveness
    decision time, so a probe that failed (or a kubelet that restarted on its own) would show.
    Each probe run prints "probe ran" into the container's log (through PID 1's stdout) before
    it checks the file: by the end of the window (initialDelay 5 s, period 5 s, more than 35 s
    after the start) the kubelet has run it at least 5 times (7 seen), all passing.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-healthy
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "touch /tmp/health; exec sleep 3600"]
            livenessProbe:
              exec:
                command: ["/bin/sh", "-c", "echo probe ran >/proc/1/fd/1; cat /tmp/health"]
              initialDelaySeconds: 5
              periodSeconds: 5
              # Generous: a timeout would count as a failure; the timeout is not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then pod "liveness-healthy" becomes Ready within 1 minute
    And pod "liveness-healthy" stays Ready with 0 restarts for 35 seconds
    And the log of container "busybox" of pod "liveness-healthy" has at least 5 lines matching "^probe ran$"
    And pod "liveness-healthy" has no "Unhealthy" event
    And pod "liveness-healthy" has no "Killing" event

  @PROBE-03
  Scenario: An httpGet liveness probe on a named port restarts the container once the page is deleted
    Seed 000's liveness-httpget-pod (port: http, path /index.html, initialDelay 1, period 3,
    timeout 10); seed 001 deletes index.html with `kubectl exec` and sees RESTARTS 1. nginx is
    replaced by busybox httpd serving the same directory. Before the deletion the probe passes for
    longer than the decision time and the server never answers with an error status, which shows
    that the named port resolved to containerPort 80; after the restart the startup script has
    written the page again, so there is exactly one. The server logs every request (httpd -vv):
    by the end of the healthy window the kubelet has requested the page at least 5 times. (Only
    error statuses are ruled out before the deletion: on the local cluster under parallel load,
    the first probes to a new pod sometimes time out at the network level, which says nothing
    about the probe.)

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-httpget-pod
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: liveness-httpget-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - /bin/sh
              - -c
              - mkdir -p /usr/share/nginx/html && echo hello > /usr/share/nginx/html/index.html && exec httpd -f -vv -p 80 -h /usr/share/nginx/html
            ports:
              - name: http
                containerPort: 80
            livenessProbe:
              httpGet:
                port: http
                path: /index.html
              initialDelaySeconds: 1
              periodSeconds: 3
              timeoutSeconds: 10
      """
    When I create it
    Then pod "liveness-httpget-pod" becomes Ready within 1 minute
    And pod "liveness-httpget-pod" stays Ready with 0 restarts for 20 seconds
    And the log of container "liveness-httpget-container" of pod "liveness-httpget-pod" has at least 5 lines matching "url:/index.html$"
    And pod "liveness-httpget-pod" has no "Unhealthy" event matching "statuscode"
    When I run "rm /usr/share/nginx/html/index.html" in container "liveness-httpget-container" of pod "liveness-httpget-pod"
    Then the command exits with code 0
    And container "liveness-httpget-container" of pod "liveness-httpget-pod" restarts at least 1 times within 1 minute
    And pod "liveness-httpget-pod" gets an event "Unhealthy" with a message matching "^Liveness probe failed: HTTP probe failed with statuscode: 404$" within 30 seconds
    And pod "liveness-httpget-pod" gets an event "Killing" with a message matching "failed liveness probe, will be restarted" within 30 seconds
    And container "liveness-httpget-container" of pod "liveness-httpget-pod" was restarted within the liveness restart delay after the first "Unhealthy" event matching "statuscode: 404"
    And pod "liveness-httpget-pod" becomes Ready within 30 seconds
    And pod "liveness-httpget-pod" stays Ready with 1 restart for 20 seconds

  @PROBE-04
  Scenario: A tcpSocket liveness probe restarts the container once nothing listens on the port
    Seed 001's tcpsocket-health-pod (port 80, initialDelay 5, period 5; a 4 s timeout, see the
    manifest). Seed 000 says a port that cannot be opened counts as success: a typo; a refused
    connection is a failure. In seed 001 the listener (nginx) was PID 1, so stopping it ended the
    container ("Completed") and the restart had nothing to do with the probe. Here the listener is
    a daemon beside PID 1 (busybox nc, which logs "probe connected" for each connection: the
    healthy window shows the kubelet connected at least 4 times): the container keeps running,
    and only the probe can restart it, which the kill (exit code 137 after the grace period, not
    an exit of its own) and the Killing event show.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: tcpsocket-health-pod
        labels: { app: myapp, type: pod }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: myapp
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - /bin/sh
              - -c
              - |
                printf '#!/bin/sh\necho probe connected >/proc/1/fd/1\n' >/tmp/log-connection && chmod +x /tmp/log-connection
                nc -ll -p 80 -e /tmp/log-connection &
                exec sleep 3600
            ports:
              - name: http
                containerPort: 80
            livenessProbe:
              tcpSocket:
                port: 80
              initialDelaySeconds: 5
              periodSeconds: 5
              # The article keeps the 1 s default. Under load a connect can miss 1 s ("i/o timeout",
              # seen on a busy two-core node) and count as a failure; the timeout is not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then pod "tcpsocket-health-pod" becomes Ready within 1 minute
    And pod "tcpsocket-health-pod" stays Ready with 0 restarts for 35 seconds
    And the log of container "myapp" of pod "tcpsocket-health-pod" has at least 4 lines matching "^probe connected$"
    And pod "tcpsocket-health-pod" has no "Unhealthy" event matching "connection refused"
    When I run "kill $(pidof nc)" in container "myapp" of pod "tcpsocket-health-pod"
    Then the command exits with code 0
    And container "myapp" of pod "tcpsocket-health-pod" restarts at least 1 times within 1 minute
    And pod "tcpsocket-health-pod" gets an event "Unhealthy" with a message matching "^Liveness probe failed: dial tcp \S+:80: connect: connection refused$" within 30 seconds
    And pod "tcpsocket-health-pod" gets an event "Killing" with a message matching "^Container myapp failed liveness probe, will be restarted$" within 30 seconds
    And container "myapp" of pod "tcpsocket-health-pod" was restarted within the liveness restart delay after the first "Unhealthy" event matching "connection refused"
    And the first run of container "myapp" of pod "tcpsocket-health-pod" ended with exit code 137
    And pod "tcpsocket-health-pod" shows READY "1/1", STATUS "Running" and RESTARTS 1 within 30 seconds

  @PROBE-14
  Scenario: Only failureThreshold failures in a row restart the container; single failures do not
    The probe counts its own runs in /tmp/probes (a fresh file in every container run) and prints
    the count, so each failure leaves its own event: runs 1, 3 and 5 fail alone (three failures in
    all, as many as the threshold, never two in a row); from run 7 on every run fails. The kubelet
    must wait for runs 7, 8 and 9: the Killing event comes no earlier than run 9's failure, and the
    run ends within the liveness restart delay counted from run 7, the first of the streak.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-threshold
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["sleep", "3600"]
            livenessProbe:
              exec:
                command:
                  - /bin/sh
                  - -c
                  - |
                    n=$(( $(cat /tmp/probes 2>/dev/null || echo 0) + 1 )); echo $n > /tmp/probes
                    if [ $n -le 6 ] && [ $((n % 2)) -eq 0 ]; then echo "probe $n passes"; exit 0; fi
                    echo "probe $n fails"; exit 1
              periodSeconds: 3
              failureThreshold: 3
              # Longer than the period on purpose: a timed-out run would count as one more failure
              # and could complete a streak early; the timeout is not under test.
              timeoutSeconds: 5
      """
    When I create it
    Then pod "liveness-threshold" gets an event "Unhealthy" with a message matching "^Liveness probe failed: probe 5 fails\s*$" within 1 minute
    And container "busybox" of pod "liveness-threshold" restarts at least 1 times within 1 minute
    And pod "liveness-threshold" gets at least 6 "Unhealthy" events matching "^Liveness probe failed: probe [135789] fails" within 10 seconds
    And the first "Killing" event of pod "liveness-threshold" came no earlier than its first "Unhealthy" event matching "probe 9 fails"
    And container "busybox" of pod "liveness-threshold" was restarted within the liveness restart delay after the first "Unhealthy" event matching "probe 7 fails"
    And the first run of container "busybox" of pod "liveness-threshold" ended with exit code 137

  @PROBE-16
  Scenario: Every failure of a liveness probe restarts the container again: the restart count only grows
    Upstream's "monotonically increasing restart count" (agnhost liveness, healthy for 10 s, then
    500) polls restartCount every 2 s for up to 14 minutes and wants 5 restarts, never fewer than
    before. Here busybox httpd answers the probe's /healthz with 404 from the start, so each run
    ends at its first probe and only the kubelet's back-off spaces the restarts (about 90 s for
    five instead of two minutes of healthy runs). The watch records every state: the restart
    count is checked in all of them, and each restart has its own Unhealthy failure with the
    server's status code and its own Killing event; the server logged the kubelet's request in
    the run before the last.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: liveness-restarts
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: web
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "mkdir -p /www && exec httpd -f -vv -p 8080 -h /www"]
            livenessProbe:
              httpGet:
                port: 8080
                path: /healthz
              initialDelaySeconds: 2
              periodSeconds: 1
              failureThreshold: 1
              # A timeout would fail the probe too, without the server's answer; not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then container "web" of pod "liveness-restarts" restarts at least 5 times within 3 minutes
    And pod "liveness-restarts" gets at least 5 "Killing" events matching "^Container web failed liveness probe, will be restarted$" within 30 seconds
    And pod "liveness-restarts" gets at least 5 "Unhealthy" events matching "^Liveness probe failed: HTTP probe failed with statuscode: 404$" within 10 seconds
    And throughout the history of pod "liveness-restarts", no restart count ever went back
    And the first run of container "web" of pod "liveness-restarts" lasted 2 seconds plus the liveness restart delay
    And the previous log of container "web" of pod "liveness-restarts" contains "url:/healthz"

  @PROBE-18
  Scenario: A gRPC liveness probe passes while the health service answers SERVING and restarts the container once it answers NOT_SERVING
    Upstream's agnhost grpc-health-checking (gRPC health on port 5000, an HTTP control port
    8080), probed on 5000: upstream only watches for 4 minutes that nothing restarts. Here the
    healthy window is bounded by the probe's own decision time, the server logs every Check the
    kubelet sends, and then the service is switched to NOT_SERVING through its control port (a
    GET relayed by the API server): the kubelet must report the status the service answered and
    restart the container within the liveness restart delay. The restarted server answers
    SERVING again.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: grpc-liveness
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            args: ["grpc-health-checking"]
            ports:
              - containerPort: 5000
              - containerPort: 8080
            livenessProbe:
              grpc:
                port: 5000
              initialDelaySeconds: 5
              periodSeconds: 2
              failureThreshold: 1
              # Upstream's 5 s: a timeout would count as a failure; not under test.
              timeoutSeconds: 5
      """
    When I create it
    Then pod "grpc-liveness" becomes Ready within 1 minute
    And pod "grpc-liveness" stays Ready with 0 restarts for 20 seconds
    And the log of container "agnhost" of pod "grpc-liveness" has at least 5 lines matching "Serving the Check request for health check"
    And pod "grpc-liveness" has no "Unhealthy" event
    When I GET "/make-not-serving" from port 8080 of pod "grpc-liveness" through the API server proxy
    Then the response has HTTP status 200
    And container "agnhost" of pod "grpc-liveness" restarts at least 1 times within 30 seconds
    And pod "grpc-liveness" gets an event "Unhealthy" with a message matching '^Liveness probe failed: service unhealthy \(responded with "NOT_SERVING"\)$' within 10 seconds
    And pod "grpc-liveness" gets an event "Killing" with a message matching "^Container agnhost failed liveness probe, will be restarted$" within 10 seconds
    And container "agnhost" of pod "grpc-liveness" was restarted within the liveness restart delay after the first "Unhealthy" event matching "NOT_SERVING"
    And the previous log of container "agnhost" of pod "grpc-liveness" contains "Mark as unhealthy"
    And pod "grpc-liveness" becomes Ready within 30 seconds
    And pod "grpc-liveness" shows READY "1/1", STATUS "Running" and RESTARTS 1 within 10 seconds

  @PROBE-18
  Scenario: A gRPC liveness probe on a port nothing serves fails and restarts the container
    Upstream's second gRPC spec: the same server, probed on port 2333, where nothing listens (upstream
    waits 60 s before the first probe; 10 s here). The server itself is up on 5000 all along (its
    log says so, and no Check ever reaches it): the kubelet's failure to connect is what restarts
    the container, after the initial delay plus the liveness restart delay.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: grpc-wrong-port
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            args: ["grpc-health-checking"]
            ports:
              - containerPort: 5000
              - containerPort: 8080
            livenessProbe:
              grpc:
                port: 2333
              initialDelaySeconds: 10
              periodSeconds: 2
              failureThreshold: 1
              timeoutSeconds: 2
      """
    When I create it
    Then container "agnhost" of pod "grpc-wrong-port" restarts at least 1 times within 1 minute
    And pod "grpc-wrong-port" gets an event "Unhealthy" with a message matching '^Liveness probe failed: timeout: failed to connect service "[^"]+:2333" within 2s' within 10 seconds
    And pod "grpc-wrong-port" gets an event "Killing" with a message matching "^Container agnhost failed liveness probe, will be restarted$" within 10 seconds
    And the first run of container "agnhost" of pod "grpc-wrong-port" lasted 10 seconds plus the liveness restart delay
    And the previous log of container "agnhost" of pod "grpc-wrong-port" contains "gRPC server starting to listen on :5000"
    And the log of container "agnhost" of pod "grpc-wrong-port" does not contain "Serving the Check request"
