@epic:pod-anatomy
Feature: Pod anatomy: containers that share a network, volumes and processes, and per-pod settings
  A pod is a group of containers that share the infra (pause) container's network namespace and
  may share volumes and the PID namespace; settings that concern Linux namespaces, the hosts file
  or scheduling are pod-level, while the image and its pull policy are per container.

  Seed: reference articles 002 (Pod fields) and 003 (shared storage and network, logs and exec,
  the API server proxy), rows POD-01..06, POD-09 and POD-10 of the behaviour catalogue.

  @POD-01
  Scenario: Containers of a pod share one network namespace and reach each other on localhost
    The server listens on 127.0.0.1 only, which no other network namespace can reach: the
    client container getting its page proves both containers use the same one.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: shared-net
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: server
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'mkdir -p /www && echo "page of the server container" > /www/index.html && exec httpd -f -p 127.0.0.1:8080 -h /www']
          - name: client
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'until wget -q -O - http://127.0.0.1:8080/index.html; do sleep 1; done; touch /tmp/fetched; exec sleep 3600']
            readinessProbe:
              exec: { command: [test, -e, /tmp/fetched] }
              periodSeconds: 1
      """
    When I create it
    Then pod "shared-net" becomes Ready within 1 minute
    And the log of container "client" of pod "shared-net" contains "page of the server container"
    When I run "wget -q -O - http://127.0.0.1:8080/index.html" in container "client" of pod "shared-net"
    Then the command exits with code 0
    And its output contains "page of the server container"
    When I run "ls /www" in container "client" of pod "shared-net"
    Then the command exits with code 1

  @POD-02
  Scenario: Containers of a pod share a volume: what one writes to an emptyDir the other reads
    The file exists only in the volume (the reader's own filesystem has no /www or writer
    output), so the reader printing it proves the volume is shared.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: shared-volume
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: shared
            emptyDir: {}
        containers:
          - name: writer
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts: [{ name: shared, mountPath: /out }]
            command: [sh, -c, 'echo "written by the writer container" > /out/message; exec sleep 3600']
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts: [{ name: shared, mountPath: /in, readOnly: true }]
            command: [sh, -c, 'until [ -s /in/message ]; do sleep 1; done; echo "reader sees: $(cat /in/message)"; touch /tmp/read; exec sleep 3600']
            readinessProbe:
              exec: { command: [test, -e, /tmp/read] }
              periodSeconds: 1
      """
    When I create it
    Then pod "shared-volume" becomes Ready within 1 minute
    And the log of container "reader" of pod "shared-volume" contains "reader sees: written by the writer container"
    When I run "echo appended by the writer >> /out/message" in container "writer" of pod "shared-volume"
    And I run "cat /in/message" in container "reader" of pod "shared-volume"
    Then its output contains "appended by the writer"

  @POD-03
  Scenario: With shareProcessNamespace the infra (pause) process is PID 1 and containers see each other's processes
    Reference article 002 shows `ps aux` in the busybox container listing /pause as PID 1 and the
    nginx processes; here each container runs a distinctive sleep that the other must see.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: shared-pid
      spec:
        shareProcessNamespace: true
        terminationGracePeriodSeconds: 1
        containers:
          - name: first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3601']
          - name: second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3602']
      """
    When I create it
    Then pod "shared-pid" becomes Running within 1 minute
    When I run "tr '\0' ' ' < /proc/1/cmdline" in container "second" of pod "shared-pid"
    Then its output contains "/pause"
    When I run "ps -o pid,args" in container "second" of pod "shared-pid"
    Then its output contains "sleep 3601"
    And its output contains "sleep 3602"
    When I run "ps -o pid,args" in container "first" of pod "shared-pid"
    Then its output contains "sleep 3602"

  @POD-03
  Scenario: Without shareProcessNamespace each container's own process is PID 1 and the others are invisible
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: own-pid
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3601']
          - name: second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3602']
      """
    When I create it
    Then pod "own-pid" becomes Running within 1 minute
    When I run "tr '\0' ' ' < /proc/1/cmdline" in container "second" of pod "own-pid"
    Then its output contains "sleep 3602"
    When I run "ps -o pid,args" in container "second" of pod "own-pid"
    Then the command exits with code 0
    And its output contains "sleep 3602"
    And its output does not contain "sleep 3601"
    And its output does not contain "pause"
    When I run "tr '\0' ' ' < /proc/1/cmdline" in container "first" of pod "own-pid"
    Then its output contains "sleep 3601"

  @POD-04
  Scenario: hostAliases entries are written to the pod's kubelet-managed /etc/hosts
    The manifest is the article's (its nginx image replaced by the test image). The container
    prints /etc/hosts as it found it at start, before anything could edit it: the kubelet's header
    (the file is managed, as upstream's conformance test checks), the pod's own entry and the
    aliases, one line per IP with its hostnames, separated by tabs (upstream's check).

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: gysl-hostaliases
      spec:
        terminationGracePeriodSeconds: 1
        hostAliases:
          - ip: "10.0.0.20"
            hostnames:
              - "test.gysl"
              - "app.gysl"
        containers:
          - name: gysl-nginx
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'cat /etc/hosts; exec sleep 3600']
      """
    When I create it
    Then pod "gysl-hostaliases" becomes Running within 1 minute
    And the log of container "gysl-nginx" of pod "gysl-hostaliases" contains "# Kubernetes-managed hosts file."
    And the log of container "gysl-nginx" of pod "gysl-hostaliases" contains "test.gysl"
    When I run 'grep -Fx "$(printf "10.0.0.20\ttest.gysl\tapp.gysl")" /etc/hosts' in container "gysl-nginx" of pod "gysl-hostaliases"
    Then the command exits with code 0
    When I run "grep -c gysl-hostaliases /etc/hosts" in container "gysl-nginx" of pod "gysl-hostaliases"
    Then the command exits with code 0

  @POD-05 @capability:hostNetwork
  Scenario: hostNetwork puts the pod in the node's network namespace: its IP is the node's
    The node is the cluster's own, targeted by its kubernetes.io/hostname label; an ordinary pod on
    the same node is the control and must not see the node's address.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: host-net
      spec:
        hostNetwork: true
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: pod-net
      spec:
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      """
    When I create it
    Then pod "host-net" becomes Running within 1 minute
    And pod "pod-net" becomes Running within 1 minute
    And field "status.podIP" of pod "host-net" is "${nodes.target.ip}"
    When I run "ip -4 -o addr show" in container "app" of pod "host-net"
    Then its output contains "inet ${nodes.target.ip}/"
    When I run "ip -4 -o addr show | grep -v ' lo '" in container "app" of pod "pod-net"
    Then the command exits with code 0
    And its output contains "inet "
    And its output does not contain "inet ${nodes.target.ip}/"

  @POD-05 @capability:hostPID
  Scenario: hostPID puts the pod in the node's PID namespace: it sees processes of other pods on the node
    An ordinary pod on the same node runs a shell whose argument names the scenario's namespace;
    the hostPID pod must see that process, an ordinary pod must not.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: marker
      spec:
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'while true; do sleep 1; done', 'marker-of-${namespace}']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: host-pid
      spec:
        hostPID: true
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: own-pid
      spec:
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      """
    When I create it
    Then pod "marker" becomes Running within 1 minute
    And pod "host-pid" becomes Running within 1 minute
    And pod "own-pid" becomes Running within 1 minute
    When I run "ps -o pid,args | grep -F 'marker-of-${namespace}' | grep -v grep" in container "app" of pod "host-pid"
    Then the command exits with code 0
    And its output contains "marker-of-${namespace}"
    When I run "ps -o pid,args" in container "app" of pod "own-pid"
    Then the command exits with code 0
    And its output contains "sleep 3600"
    And its output does not contain "marker-of-${namespace}"

  @POD-05 @capability:hostIPC @capability:hostPID @capability:privileged
  Scenario: hostIPC puts the pod in the node's IPC namespace
    The node's IPC namespace is the one its kubelet runs in. With hostPID the container sees the
    kubelet's process and compares its own IPC namespace id with the kubelet's (reading another
    process's namespace needs privilege; the node's PID 1 may refuse even that, so the kubelet is
    the reference). A host may run several kubelets, each in its own IPC namespace (a kind node's
    runs in its container's), so the container's namespace must be one of theirs. A pod without
    hostIPC is the control: same check, a namespace of its own (exit 1; exit 2 would mean no
    kubelet process was found).

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: host-ipc
      spec:
        hostIPC: true
        hostPID: true
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { privileged: true }
            command: [sleep, '3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: own-ipc
      spec:
        hostPID: true
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { privileged: true }
            command: [sleep, '3600']
      """
    When I create it
    Then pod "host-ipc" becomes Running within 1 minute
    And pod "own-ipc" becomes Running within 1 minute
    When I run 'own=$(readlink /proc/self/ns/ipc); found=; for d in /proc/[0-9]*; do set -- $({ tr "\0" " " < $d/cmdline; } 2>/dev/null); [ "${1##*/}" = kubelet ] || continue; ns=$(readlink $d/ns/ipc) && found="$found $ns"; done; echo "container $own kubelets$found"; [ -n "$found" ] || exit 2; case "$found " in *" $own "*) exit 0 ;; *) exit 1 ;; esac' in container "app" of pod "host-ipc"
    Then the command exits with code 0
    And its output contains "kubelets ipc:["
    When I run 'own=$(readlink /proc/self/ns/ipc); found=; for d in /proc/[0-9]*; do set -- $({ tr "\0" " " < $d/cmdline; } 2>/dev/null); [ "${1##*/}" = kubelet ] || continue; ns=$(readlink $d/ns/ipc) && found="$found $ns"; done; echo "container $own kubelets$found"; [ -n "$found" ] || exit 2; case "$found " in *" $own "*) exit 0 ;; *) exit 1 ;; esac' in container "app" of pod "own-ipc"
    Then the command exits with code 1
    And its output contains "kubelets ipc:["

  @POD-06 @api-level
  Scenario: imagePullPolicy defaults to Always only for untagged and :latest images
    API-level behaviour: the API server's defaulting sets the policy when it admits the pod, so
    the scenario reads back what the API server answers to a server-side dry run (nothing is
    stored, scheduled or pulled, which keeps the scenario portable to any cluster). Reference
    article 002 says the default is Always in every case: outdated. A tag other than latest, or a
    digest without a tag, defaults to IfNotPresent. The references name a closed port on this
    machine as their registry: defaulting reads only the tag, and nothing could ever be pulled from
    outside even if the pod were created for real.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pull-policies
      spec:
        containers:
          - name: untagged
            image: 127.0.0.1:9/pod-conformance/busybox
          - name: latest
            image: 127.0.0.1:9/pod-conformance/busybox:latest
          - name: tagged
            image: 127.0.0.1:9/pod-conformance/busybox:1.37
          - name: digest
            image: 127.0.0.1:9/pod-conformance/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000
          - name: explicit
            image: 127.0.0.1:9/pod-conformance/busybox
            imagePullPolicy: Never
      """
    When I create pod "pull-policies" with a server-side dry run
    Then field "spec.containers[name=untagged].imagePullPolicy" of pod "pull-policies" is "Always"
    And field "spec.containers[name=latest].imagePullPolicy" of pod "pull-policies" is "Always"
    And field "spec.containers[name=tagged].imagePullPolicy" of pod "pull-policies" is "IfNotPresent"
    And pod "pull-policies" reads back as:
      """
      spec:
        containers:
          - { name: digest, image: "127.0.0.1:9/pod-conformance/busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000", imagePullPolicy: IfNotPresent }
          - { name: explicit, imagePullPolicy: Never }
      """
    And no pod "pull-policies" was stored

  @POD-09
  Scenario: The log subresource returns the named container's output, and exec runs in the container it names
    Reference article 003: `kubectl logs` prints what the container sent to stdout, `kubectl exec`
    runs a command in a container of the pod. The smoke scenario reads the log of the pod's first
    container; here each container's log is read and must hold only its own lines, so a log
    endpoint that ignored the container it was asked for would fail. stderr lands in the log too.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: talkers
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "stdout of first"; echo first > /tmp/who; exec sleep 3600']
            readinessProbe:
              exec: { command: [test, -e, /tmp/who] }
              periodSeconds: 1
          - name: second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "stdout of second"; echo "stderr of second" >&2; echo second > /tmp/who; exec sleep 3600']
            readinessProbe:
              exec: { command: [test, -e, /tmp/who] }
              periodSeconds: 1
      """
    When I create it
    Then pod "talkers" becomes Ready within 1 minute
    And the log of container "second" of pod "talkers" contains "stdout of second"
    And the log of container "second" of pod "talkers" contains "stderr of second"
    And the log of container "second" of pod "talkers" does not contain "stdout of first"
    And the log of container "first" of pod "talkers" contains "stdout of first"
    And the log of container "first" of pod "talkers" does not contain "of second"
    When I run "cat /tmp/who" in container "second" of pod "talkers"
    Then its output contains "second"
    When I run "cat /tmp/who" in container "first" of pod "talkers"
    Then its output contains "first"
    And its output does not contain "second"

  @POD-09
  Scenario: The log read through a WebSocket is exactly what the container wrote
    Upstream (Pods should support retrieving logs from the container over websockets) reads the
    log subresource upgraded to a WebSocket and requires exactly "container is alive\n". Here the
    container writes three lines and the WebSocket read must return exactly them, in order, while
    the container still runs (the server ends the stream at the end of the log, not of the
    container). stderr is left out: its lines may interleave with stdout's in either order.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: websocket-logs
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "container is alive"; echo "second line"; echo "last line"; exec sleep 3600']
      """
    When I create it
    Then pod "websocket-logs" becomes Ready within 1 minute
    And the log of container "main" of pod "websocket-logs" shows "last line" within 30 seconds
    When I read the log of container "main" of pod "websocket-logs" through a WebSocket
    Then the text read is exactly:
      """
      container is alive
      second line
      last line
      """

  @POD-10
  Scenario: The API server proxies HTTP to a pod port and returns what the container served
    Reference article 003 reaches the pod with `kubectl proxy` and
    `curl …/api/v1/namespaces/default/pods/$POD_NAME/proxy/`; this is the same subresource
    without kubectl, with an explicit port and, as in the article, without one (the API server
    then uses the pod's first declared container port). A missing page answers the container's
    own 404, relayed unchanged.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: server
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'mkdir -p /www && echo "page served by container server of pod web" > /www/index.html && exec httpd -f -v -p 8080 -h /www']
            ports: [{ containerPort: 8080 }]
            readinessProbe:
              tcpSocket: { port: 8080 }
              periodSeconds: 1
      """
    When I create it
    Then pod "web" becomes Ready within 1 minute
    When I GET "/index.html" from port 8080 of pod "web" through the API server proxy
    Then the response has HTTP status 200
    And the response body contains "page served by container server of pod web"
    When I GET "/no-such-page.html" from port 8080 of pod "web" through the API server proxy
    Then the response has HTTP status 404
    When I GET "/" from pod "web" through the API server proxy
    Then the response has HTTP status 200
    And the response body contains "page served by container server of pod web"
