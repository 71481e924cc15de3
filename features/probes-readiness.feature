@epic:probes @story:readiness
Feature: Readiness probes decide whether a pod receives traffic, and never restart it
  A failing readiness probe keeps the container running but marks it, and the pod, not ready
  (ContainersReady=False, Ready=False); the EndpointSlices of the pod's Services then list its
  endpoint as not ready, so no traffic is routed to it, until the probe passes again. Before
  initialDelaySeconds the readiness state is Failure. Readiness failures never restart anything.

  Seeds: reference articles 000 (readinessProbe, "the readiness state before the initial delay
  is Failure", readiness-httpget-pod on /index1.html) and 001 (readiness probe with `kubectl
  describe` output: Unhealthy events "statuscode: 404" and "connection refused"); rows
  PROBE-05..09 of the behaviour catalogue. Upstream's "never ready" test for an exec timeout
  reads a stale object and asserts nothing; here every state the watch delivers during the
  window is checked, and the events are asserted too.

  Timing terms, computed from the probe as read back from the API (defaults included), with every
  measured value attached to the scenario in the report:
  - readiness failure delay: from the probe's first reported failure to Ready=False, at least
  (failureThreshold − 1) × periodSeconds − 2 s and at most (failureThreshold + 1) × periodSeconds
  + 5 s (one-second timestamps, slow exec probes on a loaded two-core node).
  - a "stays Running but not Ready … for D" window is refused unless D is at least the readiness
  decision time, initialDelaySeconds + (max(failureThreshold, successThreshold) + 1) ×
  periodSeconds + 5 s: by then a passing probe would have made the pod Ready, and failures that
  restarted the container would have shown.

  Kubelet events are rate-limited per pod (a burst of 25, then one per five minutes), so event
  assertions come early in each scenario, while the budget lasts.

  @PROBE-05
  Scenario: A failing exec readiness probe keeps the container running but not ready, and never restarts it
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-exec
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: busybox
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            # /tmp/ready is never created.
            command: ["/bin/sh", "-c", "exec sleep 3600"]
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              initialDelaySeconds: 1
              periodSeconds: 3
              # Generous: the timeout is not under test, and an exec can be slow on a loaded node.
              timeoutSeconds: 5
      """
    When I create it
    Then container "busybox" of pod "readiness-exec" becomes running within 1 minute
    And pod "readiness-exec" stays Running but not Ready, with 0 restarts, for 20 seconds
    And pod "readiness-exec" gets at least 3 "Unhealthy" events matching "^Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory" within 10 seconds
    And pod "readiness-exec" has no "Killing" event
    And pod "readiness-exec" shows READY "0/1", STATUS "Running" and RESTARTS 0 within 5 seconds

  @PROBE-06
  Scenario: An httpGet readiness probe on a missing path (/index1.html) never becomes ready
    Seed 000's readiness-httpget-pod: the server answers, but not on the probed path. nginx is
    replaced by busybox httpd serving the same directory; the probe keeps the article's settings
    (initialDelay 1, period 3) and gets a 4 s timeout (see the manifest).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-httpget-pod
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: readiness-httpget-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - /bin/sh
              - -c
              - mkdir -p /usr/share/nginx/html && echo hello > /usr/share/nginx/html/index.html && exec httpd -f -p 80 -h /usr/share/nginx/html
            readinessProbe:
              httpGet:
                port: 80
                path: /index1.html
              initialDelaySeconds: 1
              periodSeconds: 3
              # A timed-out request would fail with another message; the timeout is not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then container "readiness-httpget-container" of pod "readiness-httpget-pod" becomes running within 1 minute
    And pod "readiness-httpget-pod" stays Running but not Ready, with 0 restarts, for 20 seconds
    And pod "readiness-httpget-pod" gets at least 3 "Unhealthy" events matching "^Readiness probe failed: HTTP probe failed with statuscode: 404$" within 10 seconds
    And pod "readiness-httpget-pod" has no "Killing" event
    When I run "wget -q -O - http://127.0.0.1/index.html" in container "readiness-httpget-container" of pod "readiness-httpget-pod"
    Then the command exits with code 0
    And its output contains "hello"

  @PROBE-07
  Scenario: A tcpSocket readiness probe on a port nobody listens on never becomes ready
    Seed 001's tcpsocket-ready-pod after the article's edit: the server listens on 8080, the probe
    knocks on 80 (initialDelay 5, period 5). The article's describe shows "connect: connection
    refused", READY 0/1, RESTARTS 0.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: tcpsocket-ready-pod
        labels: { app: myapp, type: pod }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: myapp
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www"]
            ports:
              - name: http
                containerPort: 80
            readinessProbe:
              tcpSocket:
                port: 80
              initialDelaySeconds: 5
              periodSeconds: 5
              # A connect that times out under load fails with "i/o timeout" instead of "connection
              # refused"; the timeout is not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then container "myapp" of pod "tcpsocket-ready-pod" becomes running within 1 minute
    And pod "tcpsocket-ready-pod" stays Running but not Ready, with 0 restarts, for 30 seconds
    And pod "tcpsocket-ready-pod" gets at least 3 "Unhealthy" events matching "^Readiness probe failed: dial tcp \S+:80: connect: connection refused$" within 10 seconds
    And pod "tcpsocket-ready-pod" has no "Killing" event
    And pod "tcpsocket-ready-pod" shows READY "0/1", STATUS "Running" and RESTARTS 0 within 5 seconds

  @PROBE-08
  Scenario: A pod whose readiness fails leaves its Service's ready endpoints and returns when it recovers
    The pod is ready while /tmp/ready exists. Removing the file (exec) makes the probe fail; the
    pod turns not Ready within the readiness failure delay, and its endpoint in the Service's
    EndpointSlice says ready=false (the slice keeps it, flagged, since the Service does not
    publish not-ready addresses). Creating the file again brings both back. The pod stays Ready
    for 20 s before the file goes, longer than the delay's upper bound (17 s): measured from the
    container's start instead of the first failure, the interval would fall outside the bounds,
    so the timing check tells the two apart (the step refuses a timeline that does not).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels: { app: web }
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: web
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "mkdir -p /www && echo hello > /www/index.html && touch /tmp/ready && exec httpd -f -p 8080 -h /www"]
            ports:
              - name: http
                containerPort: 8080
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              periodSeconds: 3
              failureThreshold: 3
              # Generous: the timeout is not under test, and an exec can be slow on a loaded node.
              timeoutSeconds: 5
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector: { app: web }
        ports:
          - port: 80
            targetPort: http
      """
    When I create it
    Then pod "web" becomes Ready within 1 minute
    And the endpoint of pod "web" in service "web" becomes ready within 30 seconds
    And pod "web" stays Ready for 20 seconds
    When I run "rm /tmp/ready" in container "web" of pod "web"
    Then the command exits with code 0
    And pod "web" becomes not Ready within 30 seconds
    And the endpoint of pod "web" in service "web" becomes not ready within 30 seconds
    And pod "web" turned not Ready within the readiness failure delay after the first "Unhealthy" event matching "Readiness probe failed: cat: can't open '/tmp/ready'"
    And pod "web" shows READY "0/1", STATUS "Running" and RESTARTS 0 within 5 seconds
    When I run "touch /tmp/ready" in container "web" of pod "web"
    Then pod "web" becomes Ready within 30 seconds
    And the endpoint of pod "web" in service "web" becomes ready within 30 seconds
    And pod "web" shows READY "1/1", STATUS "Running" and RESTARTS 0 within 5 seconds

  @PROBE-09
  Scenario: Before initialDelaySeconds the readiness state is Failure, so the pod is not Ready earlier
    The probe would pass at once (the file exists from the start); only the 10-second initial delay
    holds the pod back. Every observed state with Ready=True is checked, not only the last.
    Upstream asserts only the lower bound; the upper bound (one period after the delay, plus
    margin) shows the delay is not simply ignored in favour of a much later first probe. An exec
    probe keeps the network out of the measurement (upstream and seed 000 use httpGet; on the
    local cluster under parallel load the first requests to a new pod sometimes time out).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: readiness-delay
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: web
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ["/bin/sh", "-c", "touch /tmp/ready && exec sleep 3600"]
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              initialDelaySeconds: 10
              periodSeconds: 2
              # A timed-out first run would delay Ready past the upper bound; not under test.
              timeoutSeconds: 4
      """
    When I create it
    Then pod "readiness-delay" becomes Ready within 1 minute
    And pod "readiness-delay" was not Ready before initialDelaySeconds had passed since container "web" started, and was Ready within one period after
    And pod "readiness-delay" shows READY "1/1", STATUS "Running" and RESTARTS 0 within 5 seconds
