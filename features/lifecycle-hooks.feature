@epic:lifecycle-hooks
Feature: Container lifecycle hooks
  postStart runs right after a container is created, alongside its entrypoint, and the container is
  not Running until it returns; preStop runs when the container is stopped by request (deletion,
  probe failure, ...), before the main process gets SIGTERM, and termination waits for it up to
  the grace period. A failing postStart kills the container; a failing preStop does not stop the
  termination. Rows HOOK-01..HOOK-10 of the behaviour catalogue; seeds 000 (五. Pod hook), 001
  (postStart / preStop with the hostPath message file) and 002 (Lifecycle 字段).

  Seed 002 says preStop happens when the container is killed, "for example on receiving SIGKILL"
  (收到了 SIGKILL 信号): wrong. preStop runs before SIGTERM is sent; SIGKILL only follows once the
  grace period is over, and nothing can run on SIGKILL. HOOK-07 records the order.

  Removal bounds ("is gone between") allow 30 s past the moment the pod may first be removed, as
  in the termination feature (which says why): the kubelet's cleanup after the containers end
  (volumes, sandbox, the status manager's delete at its next write or 10 s sync) took 12-25 s with
  two full runs sharing a 2-core node. Their lower bounds (the deletion waited for the hook) and the
  containers' own "finished between" bounds are what the behaviours turn on.

  Evidence is black-box. Hooks and SIGTERM traps append marker lines "<seconds since boot> <label>"
  (/proc/uptime: one clock for all containers of a node, 10 ms resolution) to a file on a hostPath
  volume: the scenario's own directory /var/lib/pod-conformance-hostpath/<namespace>, removed by a
  cleanup pod afterwards. A reader pod bound to the same node reads the file after the pod is gone.
  Removal times come from the cluster's deletionTimestamps (see termination.feature); a "margin"
  of 10 s on top of a hook's or grace period's length covers the kubelet noticing the deletion, its
  1 s PLEG relist, the final status write and delete, and whole-second timestamps (this cluster
  needs about 1 s; upstream's node e2e allows 30 s).

  @HOOK-01 @capability:exec
  Scenario: A postStart exec hook runs right after the container is created (the seed's message file)
    The manifest of seed 001 (seed 000 has the same hook, with a "potStart" typo). The cluster's
    busybox replaces the seed's nginx image; it has no /usr/share, so the hook creates it first.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: poststart-hook-pod
      spec:
        containers:
          - name: myapp
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            lifecycle:
              postStart:
                exec:
                  command: ['/bin/sh', '-c', 'mkdir -p /usr/share && echo Hello from the postStart handler > /usr/share/message']
      """
    When I create it
    Then pod "poststart-hook-pod" becomes Ready within 1 minute
    When I run "cat /usr/share/message" in container "myapp" of pod "poststart-hook-pod"
    Then the command exits with code 0
    And its output contains "Hello from the postStart handler"

  @HOOK-02 @capability:hostPath
  Scenario: A preStop exec hook runs when the pod is deleted, and its hostPath file survives on the node
    Seed 001's prestop-hook-pod: the hook writes "Hello from the preStop Handler" to a hostPath
    volume and the article reads the file on the node after deleting the pod. Adapted: the volume
    is this scenario's own directory instead of the node's /tmp, the image is busybox with a SIGTERM
    trap (the seed's nginx also stops on SIGTERM), and a reader pod on the same node reads the file.
    It first checks that the file is not there before the deletion.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: prestop-hook-pod
      spec:
        containers:
          - name: myapp
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait']
            volumeMounts:
              - { name: message, mountPath: /data/ }
            lifecycle:
              preStop:
                exec:
                  command: ['/bin/sh', '-c', 'echo Hello from the preStop Handler > /data/message']
        volumes:
          - name: message
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
      """
    When I create it
    Then pod "prestop-hook-pod" becomes Ready within 1 minute
    When a reader pod on the node of pod "prestop-hook-pod" reads "message" from its hostPath volume "message"
    Then the reader finds no such file
    When I delete pod "prestop-hook-pod"
    Then pod "prestop-hook-pod" is gone between 0 seconds and 30 seconds after the delete request
    When a reader pod on the node of pod "prestop-hook-pod" reads "message" from its hostPath volume "message"
    Then the text read contains "Hello from the preStop Handler"

  @HOOK-03 @capability:hostPath
  Scenario: httpGet postStart and preStop hooks send their request to the pod's own IP
    With no host in the handler the kubelet sends the request to the pod IP. A native sidecar
    (started, and probed, before the app container) serves a CGI script on port 8080 that records
    each request URI and its Host header on the hostPath volume; the Host header names the address
    the kubelet connected to. The sidecar outlives the app container, so it also records the
    preStop request, read after the pod is gone.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: http-hooks
      spec:
        volumes:
          - name: evidence
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
        initContainers:
          - name: recorder
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            restartPolicy: Always
            command:
              - sh
              - -c
              - |
                mkdir -p /www/cgi-bin
                cat > /www/cgi-bin/record <<'SCRIPT'
                #!/bin/sh
                read -r up _ </proc/uptime
                echo "$up $REQUEST_URI host=$HTTP_HOST" >>/evidence/requests.log
                printf 'Content-Type: text/plain\r\n\r\nrecorded\n'
                SCRIPT
                chmod +x /www/cgi-bin/record
                httpd -f -p 8080 -h /www &
                trap 'kill $!; exit 0' TERM
                wait
            startupProbe:
              tcpSocket: { port: 8080 }
              periodSeconds: 1
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
            lifecycle:
              postStart:
                httpGet: { path: '/cgi-bin/record?hook=postStart', port: 8080 }
              preStop:
                httpGet: { path: '/cgi-bin/record?hook=preStop', port: 8080 }
      """
    When I create it
    Then pod "http-hooks" becomes Ready within 1 minute
    When I delete pod "http-hooks"
    Then pod "http-hooks" is gone between 0 seconds and 30 seconds after the delete request
    And container "app" of pod "http-hooks" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    When a reader pod on the node of pod "http-hooks" reads "requests.log" from its hostPath volume "evidence"
    Then the requests read are "/cgi-bin/record?hook=postStart, /cgi-bin/record?hook=preStop", each sent to the IP of pod "http-hooks" on port 8080

  @HOOK-03 @capability:handlerHost
  Scenario Outline: httpGet hooks with a host send their request to that address, over <scheme>
    Upstream's "should execute poststart/prestop <scheme> hook properly": the handler's host names
    another pod's IP, where agnhost netexec serves plain HTTP on 8080 and HTTPS on 9090 (with the
    certificate of upstream's image; the kubelet does not verify it) and logs every request. The
    hooked pod is created once the server pod is Ready, so its manifest can carry the server's
    address; nothing in the hooked pod listens on the port, so a request sent to the pod's own
    IP would fail the hook instead. Upstream waits until the server logged each request at least
    once; here each is logged exactly once, the preStop request not before the deletion, and the
    hooked container then gets SIGTERM (its trap's termination message) and the pod is removed.
    Pod Security's baseline level refuses a handler with a host (as upstream, which runs these
    specs in a privileged namespace), hence the capability.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: hook-server
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: http
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            args: ["netexec", "--http-port", "8080", "--udp-port", "-1"]
            ports:
              - containerPort: 8080
            readinessProbe:
              tcpSocket: { port: 8080 }
              periodSeconds: 1
          - name: https
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            args: ["netexec", "--http-port", "9090", "--udp-port", "-1", "--tls-cert-file", "/localhost.crt", "--tls-private-key-file", "/localhost.key"]
            ports:
              - containerPort: 9090
            readinessProbe:
              tcpSocket: { port: 9090 }
              periodSeconds: 1
      """
    When I create it
    Then pod "hook-server" becomes Ready within 1 minute
    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: hooked
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
            lifecycle:
              postStart:
                httpGet: { scheme: <scheme>, host: '${pods.hook-server.ip}', port: <port>, path: '/echo?msg=poststart' }
              preStop:
                httpGet: { scheme: <scheme>, host: '${pods.hook-server.ip}', port: <port>, path: '/echo?msg=prestop' }
      """
    When I create it
    Then pod "hooked" becomes Ready within 1 minute
    And the log of container "<server>" of pod "hook-server" has exactly 1 line matching "GET /echo\?msg=poststart&code=$"
    And the log of container "<server>" of pod "hook-server" does not contain "msg=prestop"
    When I delete pod "hooked"
    Then pod "hooked" is gone between 0 seconds and 30 seconds after the delete request
    And container "main" of pod "hooked" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And the log of container "<server>" of pod "hook-server" has exactly 1 line matching "GET /echo\?msg=prestop&code=$"
    And the log of container "<server>" of pod "hook-server" has exactly 1 line matching "GET /echo\?msg=poststart&code=$"
    And the log of container "<other>" of pod "hook-server" does not contain "msg="

    Examples:
      | scheme | port | server | other |
      | HTTP   | 8080 | http   | https |
      | HTTPS  | 9090 | https  | http  |

  @HOOK-04
  Scenario: A failing postStart hook kills the container, and restartPolicy Always restarts it
    The kubelet reports FailedPostStartHook and kills the container (a Killing event naming the
    hook), although its entrypoint was running; with restartPolicy Always it is started again,
    and fails again, so the pod is never Ready. The entrypoint ignores SIGTERM (PID 1 without a
    handler), so the kill ends in SIGKILL (exit 137) after the 2-second grace period.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: poststart-fails
      spec:
        terminationGracePeriodSeconds: 2
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo entrypoint ran; exec sleep 3600']
            lifecycle:
              postStart:
                exec:
                  command: ['sh', '-c', 'echo the hook fails; exit 3']
      """
    When I create it
    Then pod "poststart-fails" gets an event "FailedPostStartHook" within 1 minute
    And pod "poststart-fails" gets an event "Killing" with a message matching "FailedPostStartHook" within 30 seconds
    And container "main" of pod "poststart-fails" restarts at least 2 times within 90 seconds
    And the first run of container "main" of pod "poststart-fails" ended with exit code 137
    And pod "poststart-fails" is Running
    And pod "poststart-fails" was not Ready in every observed state

  @HOOK-04
  Scenario: A failing postStart hook kills the container, and with restartPolicy Never the pod fails
    The hook prints a line into the container's log (through PID 1's stdout) before it fails, so
    the log shows both the entrypoint and the hook ran.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: poststart-fails-once
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 2
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo entrypoint ran; exec sleep 3600']
            lifecycle:
              postStart:
                exec:
                  command: ['sh', '-c', 'echo the hook ran >/proc/1/fd/1; exit 3']
      """
    When I create it
    Then pod "poststart-fails-once" becomes Failed within 1 minute
    And pod "poststart-fails-once" gets an event "FailedPostStartHook" within 30 seconds
    And container "main" of pod "poststart-fails-once" is terminated with exit code 137
    And pod "poststart-fails-once" shows STATUS "Error"
    And the log of container "main" of pod "poststart-fails-once" contains "entrypoint ran"
    And the log of container "main" of pod "poststart-fails-once" contains "the hook ran"
    And pod "poststart-fails-once" was not Ready in every observed state

  @HOOK-05
  Scenario: A failing preStop hook does not stop the deletion
    The hook exits 3: the kubelet reports FailedPreStopHook and goes on to send SIGTERM, which
    the container's trap handles (its termination message says so, exit 0),
    so the pod is gone long before its 30-second grace period ends.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: prestop-fails
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
            lifecycle:
              preStop:
                exec:
                  command: ['sh', '-c', 'echo the hook fails; exit 3']
      """
    When I create it
    Then pod "prestop-fails" becomes Ready within 1 minute
    When I delete pod "prestop-fails"
    Then pod "prestop-fails" is gone between 0 seconds and 30 seconds after the delete request
    And container "main" of pod "prestop-fails" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And container "main" of pod "prestop-fails" finished between 0 seconds and 10 seconds after the delete request
    And pod "prestop-fails" gets an event "FailedPreStopHook" within 30 seconds

  @HOOK-06 @capability:hostPath
  Scenario: Deletion waits for a preStop hook that takes 5 seconds; the pod stays Terminating meanwhile
    The grace period (30 s) is longer than the hook, so the hook completes; SIGTERM follows it, the
    trap exits at once, and the pod is gone no earlier than 5 s and no later than 5 s + margin.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: slow-prestop
      spec:
        terminationGracePeriodSeconds: 30
        volumes:
          - name: evidence
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                trap 'mark SIGTERM received; exit 0' TERM
                mark main start
                sleep 3600 & wait
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
            lifecycle:
              preStop:
                exec:
                  command:
                    - sh
                    - -c
                    - |
                      mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                      mark preStop start; sleep 5; mark preStop done
      """
    When I create it
    Then pod "slow-prestop" becomes Ready within 1 minute
    When I delete pod "slow-prestop"
    Then pod "slow-prestop" shows STATUS "Terminating" within 5 seconds
    And pod "slow-prestop" is gone between 5 seconds and 35 seconds after the delete request
    When a reader pod on the node of pod "slow-prestop" reads "markers.log" from its hostPath volume "evidence"
    Then the markers read are "main start, preStop start, preStop done, SIGTERM received"
    And marker "SIGTERM received" was written at least 5 seconds after marker "preStop start"
    And marker "SIGTERM received" was written between 0 seconds and 10 seconds after marker "preStop done"

  @HOOK-06 @capability:hostPath
  Scenario: A preStop hook that hangs is cut off when the grace period ends
    The hook never returns; the grace period (8 s) counts from before the hook started, so the
    kubelet gives up on it about 8 s after the request, then sends SIGTERM, which the trap answers.
    The hook's start comes within 2 s of the request, hence "at least 6 s" between the markers.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: hanging-prestop
      spec:
        terminationGracePeriodSeconds: 8
        volumes:
          - name: evidence
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                trap 'mark SIGTERM received; exit 0' TERM
                mark main start
                sleep 3600 & wait
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
            lifecycle:
              preStop:
                exec:
                  command:
                    - sh
                    - -c
                    - |
                      mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                      mark preStop start; sleep 3600; mark preStop done
      """
    When I create it
    Then pod "hanging-prestop" becomes Ready within 1 minute
    When I delete pod "hanging-prestop"
    Then pod "hanging-prestop" stays Running for 5 seconds
    And pod "hanging-prestop" is gone between 8 seconds and 38 seconds after the delete request
    When a reader pod on the node of pod "hanging-prestop" reads "markers.log" from its hostPath volume "evidence"
    Then the markers read are "main start, preStop start, SIGTERM received"
    And marker "SIGTERM received" was written at least 6 seconds after marker "preStop start"
    And marker "SIGTERM received" was written between 6 seconds and 11 seconds after marker "preStop start"

  @HOOK-07 @capability:hostPath
  Scenario: preStop runs before the container's main process gets SIGTERM
    Seed 002 places preStop at the kill, "for example on receiving SIGKILL". The markers show the
    order the kubelet follows: the hook runs to completion first, then SIGTERM reaches PID 1.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: prestop-order
      spec:
        volumes:
          - name: evidence
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                trap 'mark SIGTERM received; exit 0' TERM
                mark main start
                sleep 3600 & wait
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
            lifecycle:
              preStop:
                exec:
                  command:
                    - sh
                    - -c
                    - |
                      mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                      mark preStop start; sleep 1; mark preStop done
      """
    When I create it
    Then pod "prestop-order" becomes Ready within 1 minute
    When I delete pod "prestop-order"
    Then pod "prestop-order" is gone between 1 second and 31 seconds after the delete request
    And container "main" of pod "prestop-order" was terminated with exit code 0 when the pod was removed
    When a reader pod on the node of pod "prestop-order" reads "markers.log" from its hostPath volume "evidence"
    Then the markers read are "main start, preStop start, preStop done, SIGTERM received"
    And marker "SIGTERM received" was written at least 1 second after marker "preStop start"

  @HOOK-08 @capability:hostPath
  Scenario: preStop is not called for a container that exits on its own, neither on restart nor on completion
    With restartPolicy OnFailure, "worker" exits 1, is restarted, then exits 0 and completes.
    "control" runs until the pod is deleted. Both have the same kind of preStop hook: only the
    one of the container that is stopped by the deletion runs.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: exits-on-its-own
      spec:
        restartPolicy: OnFailure
        volumes:
          - name: evidence
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
        containers:
          - name: worker
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                mark worker start
                if [ "$(grep -c 'worker start' /evidence/markers.log)" -lt 2 ]; then mark worker exit 1; exit 1; fi
                mark worker exit 0
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
            lifecycle:
              preStop:
                exec:
                  command: ['sh', '-c', 'read -r up _ </proc/uptime; echo "$up worker preStop" >>/evidence/markers.log']
          - name: control
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                mark() { read -r up _ </proc/uptime; echo "$up $*" >>/evidence/markers.log; }
                trap 'mark control SIGTERM; exit 0' TERM
                sleep 3600 & wait
            volumeMounts:
              - { name: evidence, mountPath: /evidence }
            lifecycle:
              preStop:
                exec:
                  command: ['sh', '-c', 'read -r up _ </proc/uptime; echo "$up control preStop" >>/evidence/markers.log']
      """
    When I create it
    Then container "worker" of pod "exits-on-its-own" restarts at least 1 times within 1 minute
    And container "worker" of pod "exits-on-its-own" becomes terminated with exit code 0 within 1 minute
    And pod "exits-on-its-own" has no "FailedPreStopHook" event
    When I delete pod "exits-on-its-own"
    Then pod "exits-on-its-own" is gone between 0 seconds and 30 seconds after the delete request
    When a reader pod on the node of pod "exits-on-its-own" reads "markers.log" from its hostPath volume "evidence"
    Then the markers read are "worker start, worker exit 1, worker start, worker exit 0, control preStop, control SIGTERM"

  @HOOK-09
  Scenario: postStart is not guaranteed to run before the entrypoint, but the container is not Running until it returns
    Seed 002: postStart runs after the ENTRYPOINT starts, with no ordering guarantee, and seed 001:
    a hook that hangs keeps the container from reaching Running. The entrypoint and the hook both
    write markers to the container's log (the hook through /proc/1/fd/1). The entrypoint wrote its
    marker before the 5-second hook finished, yet the kubelet reported the container running, and
    the pod Ready, only once the hook had returned: Ready at least 5 s after the container's
    startedAt (whole-second timestamps: a 5 s hold cannot read as less than 5 s).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: slow-poststart
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'read -r up _ </proc/uptime; echo "$up main start"; exec sleep 3600']
            lifecycle:
              postStart:
                exec:
                  command:
                    - sh
                    - -c
                    - |
                      mark() { read -r up _ </proc/uptime; echo "$up $*" >/proc/1/fd/1; }
                      mark postStart start; sleep 5; mark postStart done
      """
    When I create it
    Then pod "slow-poststart" becomes Ready within 1 minute
    And pod "slow-poststart" became Ready at least 5 seconds after container "main" started
    When I read the log of container "main" of pod "slow-poststart"
    Then marker "main start" was written before marker "postStart done"
    And marker "postStart done" was written at least 5 seconds after marker "postStart start"

  @HOOK-10
  Scenario: A tcpSocket postStart handler is accepted by the API but fails at run time, without a connection
    The API still accepts tcpSocket in a lifecycle handler (kept for compatibility; `kubectl explain`
    in seed 001 says "TCP hooks not yet supported"). Recorded on Kubernetes v1.35: the kubelet does
    not connect; it reports FailedPostStartHook (its log says "invalid handler") and kills the
    container like any failed postStart, so the container is restarted. A listener in a native
    sidecar logs every connection; it connects to itself once at start ("self-test"), and that
    is the only connection it ever sees.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: tcp-poststart
      spec:
        terminationGracePeriodSeconds: 2
        initContainers:
          - name: listener
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            restartPolicy: Always
            command:
              - sh
              - -c
              - |
                cat > /tmp/handler <<'SCRIPT'
                #!/bin/sh
                read -r up _ </proc/uptime
                read -t 1 -r line || line='nothing sent'
                echo "$up connection: $line" >/proc/1/fd/1
                SCRIPT
                chmod +x /tmp/handler
                nc -ll -p 9000 -e /tmp/handler &
                until echo self-test | nc 127.0.0.1 9000 2>/dev/null; do sleep 0.2; done
                touch /tmp/ready
                trap 'exit 0' TERM
                wait
            startupProbe:
              exec: { command: ['test', '-f', '/tmp/ready'] }
              periodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sleep', '3600']
            lifecycle:
              postStart:
                tcpSocket: { port: 9000 }
      """
    When I create it
    Then the postStart handler of container "main" of pod "tcp-poststart" reads back as '{"tcpSocket":{"port":9000}}'
    And pod "tcp-poststart" gets an event "FailedPostStartHook" within 1 minute
    And container "main" of pod "tcp-poststart" restarts at least 1 times within 1 minute
    And the first run of container "main" of pod "tcp-poststart" ended with exit code 137
    When I read the log of container "listener" of pod "tcp-poststart"
    Then the markers read are "connection: self-test"

  @HOOK-10
  Scenario: A tcpSocket preStop handler is accepted but fails at run time; the deletion goes on
    Recorded on Kubernetes v1.35: on deletion the kubelet reports FailedPreStopHook for the tcpSocket
    handler and sends SIGTERM at once, which the trap records in the termination message; the pod
    is gone well within its grace period.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: tcp-prestop
      spec:
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'trap "echo SIGTERM received >/dev/termination-log; exit 0" TERM; sleep 3600 & wait']
            lifecycle:
              preStop:
                tcpSocket: { port: 9000 }
      """
    When I create it
    Then the preStop handler of container "main" of pod "tcp-prestop" reads back as '{"tcpSocket":{"port":9000}}'
    And pod "tcp-prestop" becomes Ready within 1 minute
    When I delete pod "tcp-prestop"
    Then pod "tcp-prestop" is gone between 0 seconds and 30 seconds after the delete request
    And container "main" of pod "tcp-prestop" was terminated with exit code 0 and message "SIGTERM received" when the pod was removed
    And container "main" of pod "tcp-prestop" finished between 0 seconds and 10 seconds after the delete request
    And pod "tcp-prestop" gets an event "FailedPreStopHook" within 30 seconds
