@epic:sysctls
Feature: Sysctls: namespaced kernel parameters set per pod
  A pod's securityContext.sysctls sets namespaced kernel parameters for the pod alone: the kubelet
  applies them in the pod's own namespaces (here the IPC namespace) before its containers start,
  and the API server refuses a name that cannot be a sysctl. From upstream's Sysctls tests
  (test/e2e/common/node/sysctl.go); rows SYSCTL-01 and SYSCTL-02 of the behaviour catalogue.
  kernel.shm_rmid_forced is in the safe set every kubelet allows without configuration, and the
  baseline Pod Security level admits it.

  @SYSCTL-01
  Scenario: A safe sysctl set in the pod's securityContext is in force in its containers, and only in its pod
    Upstream sets kernel.shm_rmid_forced to 1, wants the pod Succeeded, no error event (reason
    SysctlForbidden, Failed or Killing), and
    "kernel.shm_rmid_forced = 1" in the log of the container reading it. The second pod, without
    the sysctl, reads the same parameter and must see the default, 0, of a fresh IPC namespace:
    so the 1 came from the pod's spec, not from the node.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: sysctl
      spec:
        restartPolicy: Never
        securityContext:
          sysctls:
            - { name: kernel.shm_rmid_forced, value: '1' }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sysctl', 'kernel.shm_rmid_forced']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: no-sysctl
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sysctl', 'kernel.shm_rmid_forced']
      """
    When I create it
    Then pod "sysctl" becomes Succeeded within 1 minute
    And the log of container "main" of pod "sysctl" is:
      """
      kernel.shm_rmid_forced = 1
      """
    And pod "no-sysctl" becomes Succeeded within 1 minute
    And the log of container "main" of pod "no-sysctl" is:
      """
      kernel.shm_rmid_forced = 0
      """
    And pod "sysctl" has no "SysctlForbidden" event
    And pod "sysctl" has no "Failed" event
    And pod "sysctl" has no "Killing" event

  @SYSCTL-02 @api-level
  Scenario: The API server refuses sysctl names of an invalid form, naming each of them and none of the valid ones
    Upstream's pod: "foo-" and "bar.." cannot be sysctl names, "kernel.shmmax" and
    "safe-and-unsafe" can (whether a node allows them is the kubelet's business, not the API
    server's). The refusal must name the two invalid entries' fields, exactly those, and nothing
    may be stored.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: invalid-sysctls
      spec:
        restartPolicy: Never
        securityContext:
          sysctls:
            - { name: foo-, value: bar }
            - { name: kernel.shmmax, value: '100000000' }
            - { name: safe-and-unsafe, value: '100000000' }
            - { name: bar.., value: '42' }
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: ['sysctl', 'kernel.shmmax']
      """
    When I try to create pod "invalid-sysctls"
    Then the API rejects it as invalid, naming exactly the fields "spec.securityContext.sysctls[0].name, spec.securityContext.sysctls[3].name"
    And the rejection message contains 'Invalid value: "foo-"'
    And the rejection message contains 'Invalid value: "bar.."'
    And no pod "invalid-sysctls" was stored
