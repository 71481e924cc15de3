@epic:security-context
Feature: Security context: the user a container runs as, its root filesystem, its privileges
  A container's securityContext (and the pod's, which a container's own setting overrides) says
  which uid its processes run as, whether its root filesystem is read-only, whether it is
  privileged, and whether a process may gain more privileges than its parent (no_new_privs).
  From upstream's Security Context, Kubelet and PrivilegedPod tests
  (test/e2e/common/node/security_context.go, kubelet.go and privileged.go); rows SEC-01..04 and
  PRIV-01 of the behaviour catalogue.

  Upstream mostly checks that the pod reached Succeeded or Failed after a shell test inside it;
  here each container also prints what the kernel says of it (its uids and no_new_privs flag
  from /proc/self/status, its effective capabilities) and what an attempt did, so the log is
  the container's own evidence and a pod that "succeeded" without running fails. Shell output
  goes to stdout (`exec 2>&1`) where a log is read line for line, so the order of lines is the
  order they were written.

  @SEC-01
  Scenario: runAsUser sets the uid of the container's processes; a container's own setting overrides the pod's
    Upstream runs `test $(id -u) -eq N` as uid 65534 and as uid 0 and wants the pod Succeeded.
    Here the pod sets runAsUser 1234 for all its containers; two containers override it with
    65534 and 0, the third keeps the pod's. Each prints its uid and the real, effective, saved
    and filesystem uids the kernel holds for it, and exits with the test's result.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: run-as
      spec:
        restartPolicy: Never
        securityContext: { runAsUser: 1234 }
        containers:
          - name: uid-65534
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { runAsUser: 65534 }
            command: ['sh', '-c', 'echo "id -u: $(id -u)"; grep "^Uid:" /proc/self/status | tr -s "\t" " "; test "$(id -u)" -eq 65534']
          - name: uid-0
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { runAsUser: 0 }
            command: ['sh', '-c', 'echo "id -u: $(id -u)"; grep "^Uid:" /proc/self/status | tr -s "\t" " "; test "$(id -u)" -eq 0']
          - name: pod-default
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sh', '-c', 'echo "id -u: $(id -u)"; grep "^Uid:" /proc/self/status | tr -s "\t" " "; test "$(id -u)" -eq 1234']
      """
    When I create it
    Then pod "run-as" becomes Succeeded within 1 minute
    And the log of container "uid-65534" of pod "run-as" is:
      """
      id -u: 65534
      Uid: 65534 65534 65534 65534
      """
    And the log of container "uid-0" of pod "run-as" is:
      """
      id -u: 0
      Uid: 0 0 0 0
      """
    And the log of container "pod-default" of pod "run-as" is:
      """
      id -u: 1234
      Uid: 1234 1234 1234 1234
      """

  @SEC-02
  Scenario: readOnlyRootFilesystem makes every write to the root filesystem fail, and volumes stay writable; without it the root filesystem is writable
    Upstream has three specs: a running read-only container's `echo test > /file` must have
    logged exactly the shell's "Read-only file system" error, a read-only container's
    `touch checkfile` must fail the pod, and with readOnlyRootFilesystem false the same touch must
    succeed. The pods here do that and print what happened: the read-only containers also write
    to an emptyDir volume, which must work (only the root filesystem is read-only), and the
    writable one reads back what it wrote.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: read-only-root
      spec:
        restartPolicy: Never
        volumes:
          - name: scratch
            emptyDir: {}
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { readOnlyRootFilesystem: true }
            volumeMounts: [{ name: scratch, mountPath: /scratch }]
            command: ['/bin/sh', '-c', 'exec 2>&1; echo test > /file; echo "written to a volume" > /scratch/file && cat /scratch/file; touch checkfile']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: read-only-running
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: scratch
            emptyDir: {}
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { readOnlyRootFilesystem: true }
            volumeMounts: [{ name: scratch, mountPath: /scratch }]
            command: ['/bin/sh', '-c', 'exec 2>&1; echo test > /file; echo "written to a volume" > /scratch/file && cat /scratch/file; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: writable-root
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { readOnlyRootFilesystem: false }
            command: ['/bin/sh', '-c', 'exec 2>&1; echo test > /file && cat /file && touch checkfile && ls /checkfile']
      """
    When I create it
    Then pod "read-only-root" becomes Failed within 1 minute
    And container "main" of pod "read-only-root" is terminated with reason "Error" and exit code 1
    And the log of container "main" of pod "read-only-root" is:
      """
      /bin/sh: can't create /file: Read-only file system
      written to a volume
      touch: checkfile: Read-only file system
      """
    And pod "read-only-running" becomes Ready within 1 minute
    And the log of container "main" of pod "read-only-running" is:
      """
      /bin/sh: can't create /file: Read-only file system
      written to a volume
      """
    And pod "writable-root" becomes Succeeded within 1 minute
    And the log of container "main" of pod "writable-root" is:
      """
      test
      /checkfile
      """

  @SEC-03
  Scenario: A container that is not privileged cannot change its network configuration, even as root
    Upstream runs `ip link add dummy0 type dummy || true` with privileged false and wants
    "Operation not permitted" in the log and the pod Succeeded. The container here runs as root
    (so the refusal is about privileges, not the user), prints whether CAP_NET_ADMIN (bit 12) and
    CAP_SYS_ADMIN (bit 21) are in its effective capability set, tries two changes that need
    CAP_NET_ADMIN in its own network namespace, and shows that the link does not exist.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: unprivileged
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { privileged: false }
            command:
              - sh
              - -c
              - |
                exec 2>&1
                echo "id -u: $(id -u)"
                caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
                echo "CAP_NET_ADMIN $(( 0x$caps >> 12 & 1 )), CAP_SYS_ADMIN $(( 0x$caps >> 21 & 1 ))"
                ip link add dummy0 type dummy; echo "ip link add: exit $?"
                ip addr add 192.0.2.1/32 dev lo; echo "ip addr add: exit $?"
                ip link show dummy0 || echo "no link dummy0"
      """
    When I create it
    Then pod "unprivileged" becomes Succeeded within 1 minute
    And the log of container "main" of pod "unprivileged" is:
      """
      id -u: 0
      CAP_NET_ADMIN 0, CAP_SYS_ADMIN 0
      ip: RTNETLINK answers: Operation not permitted
      ip link add: exit 2
      ip: RTNETLINK answers: Operation not permitted
      ip addr add: exit 2
      ip: can't find device 'dummy0'
      no link dummy0
      """

  @SEC-04
  Scenario Outline: allowPrivilegeEscalation <setting> for uid 1000: a setuid-root program runs with effective uid <euid>
    Upstream runs its nonewprivs image, a setuid-root program that prints its effective uid, as
    uid 1000. This pod's init container makes a setuid-root copy of busybox on an emptyDir; the
    container runs it as ping, an applet busybox does not drop its privileges for. ping needs root
    for its raw socket, so it works only when the setuid bit took effect. The copy runs under a
    parent that never reaps it (a sleep), so once it has exited its credentials stay readable in
    /proc, and the container prints its effective uid. The container also prints its own uids and
    its no_new_privs flag, which allowPrivilegeEscalation false sets and nothing else does.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: escalation
      spec:
        restartPolicy: Never
        volumes:
          - name: setuid
            emptyDir: {}
        initContainers:
          - name: make-setuid
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts: [{ name: setuid, mountPath: /setuid }]
            command: ['sh', '-c', 'cp /bin/busybox /setuid/busybox && chmod 4755 /setuid/busybox']
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: <securityContext>
            volumeMounts: [{ name: setuid, mountPath: /setuid }]
            command:
              - sh
              - -c
              - |
                exec 2>&1
                grep -E '^(Uid|NoNewPrivs):' /proc/self/status | tr -s '\t' ' '
                ( /setuid/busybox ping -c 1 127.0.0.1 & exec sleep 600 ) &
                keeper=$!
                pid=
                until [ -n "$pid" ]; do read -r pid rest < /proc/$keeper/task/$keeper/children; done
                until grep -q '^State:[[:space:]]*Z' /proc/$pid/status; do :; done
                echo "Effective uid: $(awk '/^Uid:/ { print $3 }' /proc/$pid/status)"
                kill $keeper
      """
    When I create it
    Then pod "escalation" becomes Succeeded within 1 minute
    And the log of container "main" of pod "escalation" contains "Uid: 1000 1000 1000 1000"
    And the log of container "main" of pod "escalation" has at least 1 line matching "^NoNewPrivs: <no_new_privs>$"
    And the log of container "main" of pod "escalation" has at least 1 line matching "^Effective uid: <euid>$"
    And the log of container "main" of pod "escalation" contains "<ping>"

    Examples:
      | setting             | securityContext                                      | no_new_privs | euid | ping                                    |
      | not set             | { runAsUser: 1000 }                                  | 0            | 0    | 1 packets transmitted, 1 packets received |
      | false               | { runAsUser: 1000, allowPrivilegeEscalation: false } | 1            | 1000 | ping: permission denied (are you root?) |
      | true                | { runAsUser: 1000, allowPrivilegeEscalation: true }  | 0            | 0    | 1 packets transmitted, 1 packets received |

  @PRIV-01 @capability:privileged @capability:exec
  Scenario: A privileged container may change the pod's network configuration; its unprivileged neighbour may not, and sees the change
    Upstream's pod: a privileged and an unprivileged container, both root; `ip link add` must
    succeed in the first and fail in the second. Here each also prints its effective CAP_NET_ADMIN
    and CAP_SYS_ADMIN bits, and the unprivileged container, which shares the pod's network
    namespace, sees the link the privileged one made, so the change is shown to have happened.
    Upstream adds a dummy link; a kernel without the dummy driver ("Operation not supported", as on
    this project's VM) gets a bridge instead: the privilege is the same (CAP_NET_ADMIN in the pod's
    network namespace). The link goes with the pod's network namespace.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: privileged-pod
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: privileged-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { privileged: true }
            command: ['sh', '-c', 'caps=$(sed -n "s/^CapEff:[[:space:]]*//p" /proc/self/status); echo "CAP_NET_ADMIN $(( 0x$caps >> 12 & 1 )), CAP_SYS_ADMIN $(( 0x$caps >> 21 & 1 ))"; exec sleep 3600']
          - name: not-privileged-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            securityContext: { privileged: false }
            command: ['sh', '-c', 'caps=$(sed -n "s/^CapEff:[[:space:]]*//p" /proc/self/status); echo "CAP_NET_ADMIN $(( 0x$caps >> 12 & 1 )), CAP_SYS_ADMIN $(( 0x$caps >> 21 & 1 ))"; exec sleep 3600']
      """
    When I create it
    Then pod "privileged-pod" becomes Ready within 1 minute
    And the log of container "privileged-container" of pod "privileged-pod" is:
      """
      CAP_NET_ADMIN 1, CAP_SYS_ADMIN 1
      """
    And the log of container "not-privileged-container" of pod "privileged-pod" is:
      """
      CAP_NET_ADMIN 0, CAP_SYS_ADMIN 0
      """
    When I run "ip link add priv0 type dummy 2>/dev/null || ip link add priv0 type bridge" in container "privileged-container" of pod "privileged-pod"
    Then the command exits with code 0
    When I run "ip link show priv0" in container "not-privileged-container" of pod "privileged-pod"
    Then the command exits with code 0
    And its output contains "priv0"
    When I run "ip link add unpriv0 type bridge 2>&1" in container "not-privileged-container" of pod "privileged-pod"
    Then the command exits with code 2
    And its output contains "RTNETLINK answers: Operation not permitted"
    When I run "ip link del priv0" in container "privileged-container" of pod "privileged-pod"
    Then the command exits with code 0
