@epic:container-command
Feature: A container's command and args against its image's ENTRYPOINT and CMD
  A container runs its image's ENTRYPOINT with the image's CMD as arguments unless the pod says
  otherwise: `args` replaces only the CMD, `command` replaces the ENTRYPOINT and drops the image's
  CMD, and both together replace both.

  From upstream's Containers specs (test/e2e/common/node/containers.go); row CMD-01 of the
  behaviour catalogue. The image is agnhost, whose ENTRYPOINT is /agnhost and CMD `pause` (as
  upstream's); its `entrypoint-tester` prints the whole argument vector it was started with and
  exits 0, so each container's log is the evidence of what the runtime ran, compared line for
  line. /agnhost-2 is the same binary under another name, so a replaced ENTRYPOINT shows.

  @CMD-01
  Scenario: The image's ENTRYPOINT and CMD run unless command or args replace them
    Upstream has four pods: the defaults (agnhost pause prints "Paused"), args only, command and
    args (as "override the image's default command", which also sets args), and both overridden.
    A fifth pod here sets only the command: the image's CMD must not be appended to it (had it
    been, entrypoint-tester would print "pause" as a third argument). Upstream reads each log
    for a substring; here the whole log must be exactly the line, and every pod ends the way its
    program does: pause keeps running, entrypoint-tester exits 0.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: image-defaults
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: override-args
      spec:
        restartPolicy: Never
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            args: ["entrypoint-tester", "override", "arguments"]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: override-command
      spec:
        restartPolicy: Never
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            command: ["/agnhost-2"]
            args: ["entrypoint-tester"]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: command-only
      spec:
        restartPolicy: Never
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            command: ["/agnhost-2", "entrypoint-tester"]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: override-both
      spec:
        restartPolicy: Never
        containers:
          - name: agnhost
            image: ${images.agnhost}
            imagePullPolicy: IfNotPresent
            command: ["/agnhost-2"]
            args: ["entrypoint-tester", "override", "arguments"]
      """
    When I create it
    Then pod "override-args" becomes Succeeded within 1 minute
    And pod "override-command" becomes Succeeded within 1 minute
    And pod "command-only" becomes Succeeded within 1 minute
    And pod "override-both" becomes Succeeded within 1 minute
    And container "agnhost" of pod "override-args" is terminated with exit code 0
    And the log of container "agnhost" of pod "override-args" is:
      """
      [/agnhost entrypoint-tester override arguments]
      """
    And container "agnhost" of pod "override-command" is terminated with exit code 0
    And the log of container "agnhost" of pod "override-command" is:
      """
      [/agnhost-2 entrypoint-tester]
      """
    And container "agnhost" of pod "command-only" is terminated with exit code 0
    And the log of container "agnhost" of pod "command-only" is:
      """
      [/agnhost-2 entrypoint-tester]
      """
    And container "agnhost" of pod "override-both" is terminated with exit code 0
    And the log of container "agnhost" of pod "override-both" is:
      """
      [/agnhost-2 entrypoint-tester override arguments]
      """
    And container "agnhost" of pod "image-defaults" is running
    And the log of container "agnhost" of pod "image-defaults" is:
      """
      Paused
      Signals registered
      """
