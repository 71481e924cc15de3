@epic:configuration
Feature: A container's environment: ConfigMaps, Secrets, the downward API and $(VAR) expansion
  The kubelet composes each container's environment from `env` (literal values, ConfigMap and
  Secret keys, the pod's own fields and resources through the downward API) and `envFrom` (every
  key of a ConfigMap or Secret, under an optional prefix), expands `$(VAR)` references to
  variables defined before, and hands the result to the runtime. Upstream runs `env` and looks
  for substrings in the log; here the environment is read as the main process received it
  (`/proc/1/environ`, NUL-separated, by exec), so every value is exact, including a Secret's
  trailing newline, and a prefixed copy can never stand in for the unprefixed variable.

  Source: upstream e2e (common/node/configmap.go, secrets.go, expansion.go, downwardapi.go), rows
  ENV-01..ENV-05 of the behaviour catalogue.

  @ENV-01
  Scenario: ConfigMap keys become variables: one key by reference, all keys through envFrom under any printable prefix
    Every envFrom source adds all three keys under its prefix (none, a digit, shell specials,
    upper case, symbols); a key the pod also sets in `env` keeps the `env` value, which takes
    precedence over every envFrom source.

    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: env-config
      data:
        data-1: value-1
        data-2: value-2
        data-3: value-3
        overridden: from-the-configmap
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: env-from-configmap
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: env-test
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: CONFIG_DATA_1
                valueFrom: { configMapKeyRef: { name: env-config, key: data-1 } }
              - name: overridden
                value: from-env
            envFrom:
              - configMapRef: { name: env-config }
              - { prefix: p-, configMapRef: { name: env-config } }
              - { prefix: 1-, configMapRef: { name: env-config } }
              - { prefix: $_-, configMapRef: { name: env-config } }
              - { prefix: ABC_, configMapRef: { name: env-config } }
              - { prefix: '#@!', configMapRef: { name: env-config } }
      """
    When I create it
    Then pod "env-from-configmap" becomes Running within 1 minute
    And the environment of container "env-test" of pod "env-from-configmap" includes:
      | CONFIG_DATA_1 | value-1  |
      | data-1        | value-1  |
      | data-2        | value-2  |
      | data-3        | value-3  |
      | p-data-1      | value-1  |
      | p-data-2      | value-2  |
      | p-data-3      | value-3  |
      | 1-data-1      | value-1  |
      | 1-data-2      | value-2  |
      | 1-data-3      | value-3  |
      | $_-data-1     | value-1  |
      | $_-data-2     | value-2  |
      | $_-data-3     | value-3  |
      | ABC_data-1    | value-1  |
      | ABC_data-2    | value-2  |
      | ABC_data-3    | value-3  |
      | #@!data-1     | value-1  |
      | #@!data-2     | value-2  |
      | #@!data-3     | value-3  |
      | overridden    | from-env |

  @ENV-02
  Scenario: Secret keys become variables with their exact bytes: one key by reference, all keys through envFrom under any printable prefix
    The Secret's values end with a newline, which the variables keep.

    Given the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: env-secret
      stringData:
        data-1: "value-1\n"
        data-2: "value-2\n"
        data-3: "value-3\n"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: env-from-secret
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: env-test
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: SECRET_DATA
                valueFrom: { secretKeyRef: { name: env-secret, key: data-1 } }
            envFrom:
              - secretRef: { name: env-secret }
              - { prefix: p-, secretRef: { name: env-secret } }
              - { prefix: 1-, secretRef: { name: env-secret } }
              - { prefix: $_-, secretRef: { name: env-secret } }
              - { prefix: ABC_, secretRef: { name: env-secret } }
              - { prefix: '#@!', secretRef: { name: env-secret } }
      """
    When I create it
    Then pod "env-from-secret" becomes Running within 1 minute
    And the environment of container "env-test" of pod "env-from-secret" includes:
      | SECRET_DATA | value-1\n |
      | data-1      | value-1\n |
      | data-2      | value-2\n |
      | data-3      | value-3\n |
      | p-data-1    | value-1\n |
      | p-data-2    | value-2\n |
      | p-data-3    | value-3\n |
      | 1-data-1    | value-1\n |
      | 1-data-2    | value-2\n |
      | 1-data-3    | value-3\n |
      | $_-data-1   | value-1\n |
      | $_-data-2   | value-2\n |
      | $_-data-3   | value-3\n |
      | ABC_data-1  | value-1\n |
      | ABC_data-2  | value-2\n |
      | ABC_data-3  | value-3\n |
      | #@!data-1   | value-1\n |
      | #@!data-2   | value-2\n |
      | #@!data-3   | value-3\n |

  @ENV-03
  Scenario: $(VAR) expands to variables defined before it, in values, the command and its arguments
    The kubelet expands `$(VAR)` before the container starts: in a value (FOOBAR), in the command
    and in the arguments, where the shell would otherwise run `TEST_VAR` as a command and print
    nothing. `$$(FOO)` escapes to the literal `$(FOO)`, a reference to an undefined variable or to
    one defined later stays as written. The shells' own argv (`/proc/1/cmdline`) shows the
    expanded text, so the substitution is the kubelet's, not the shell's.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: var-expansion
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: values
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - { name: FOO, value: foo-value }
              - { name: BAR, value: bar-value }
              - { name: FOOBAR, value: '$(FOO);;$(BAR)' }
              - { name: ESCAPED, value: '$$(FOO)' }
              - { name: UNDEFINED, value: '$(NOT_DEFINED)' }
              - { name: EARLY, value: '$(LATE)' }
              - { name: LATE, value: late-value }
          - name: in-command
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - { name: TEST_VAR, value: test-value }
            command: [sh, -c, 'TEST_VAR=wrong echo "command got $(TEST_VAR)"; sleep 3600; exit 0']
          - name: in-args
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - { name: TEST_VAR, value: test-value }
            command: [sh, -c]
            args: ['TEST_VAR=wrong echo "args got $(TEST_VAR)"; sleep 3600; exit 0']
      """
    When I create it
    Then pod "var-expansion" becomes Running within 1 minute
    And the environment of container "values" of pod "var-expansion" includes:
      | FOO       | foo-value           |
      | BAR       | bar-value           |
      | FOOBAR    | foo-value;;bar-value |
      | ESCAPED   | $(FOO)              |
      | UNDEFINED | $(NOT_DEFINED)      |
      | EARLY     | $(LATE)             |
      | LATE      | late-value          |
    And the log of container "in-command" of pod "var-expansion" contains "command got test-value"
    And the log of container "in-args" of pod "var-expansion" contains "args got test-value"
    When I run "tr '\0' ' ' < /proc/1/cmdline" in container "in-command" of pod "var-expansion"
    Then its output contains 'echo "command got test-value"'
    When I run "tr '\0' ' ' < /proc/1/cmdline" in container "in-args" of pod "var-expansion"
    Then its output contains 'echo "args got test-value"'

  @ENV-04
  Scenario: The downward API gives a container the pod's name, namespace, UID, IP, node name and host IPs
    Each variable must equal what the API server stores for the pod (upstream only matches IP and
    UUID patterns): the values are read back from the pod object and compared exactly.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: dapi-env
      spec:
        terminationGracePeriodSeconds: 1
        nodeSelector: { kubernetes.io/hostname: '${nodes.target.hostname}' }
        containers:
          - name: dapi-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: POD_NAME
                valueFrom: { fieldRef: { fieldPath: metadata.name } }
              - name: POD_NAMESPACE
                valueFrom: { fieldRef: { fieldPath: metadata.namespace } }
              - name: POD_UID
                valueFrom: { fieldRef: { fieldPath: metadata.uid } }
              - name: POD_IP
                valueFrom: { fieldRef: { fieldPath: status.podIP } }
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
              - name: HOST_IP
                valueFrom: { fieldRef: { fieldPath: status.hostIP } }
              - name: HOST_IPS
                valueFrom: { fieldRef: { fieldPath: status.hostIPs } }
      """
    When I create it
    Then pod "dapi-env" becomes Running within 1 minute
    And the environment of container "dapi-container" of pod "dapi-env" includes:
      | POD_NAME      | dapi-env                                |
      | POD_NAMESPACE | ${namespace}                            |
      | NODE_NAME     | ${nodes.target.name}                    |
      | HOST_IP       | ${nodes.target.ip}                      |
      | HOST_IPS      | /${nodes.target.ip}(,[0-9a-fA-F:.]+)?/  |
      | POD_UID       | /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/ |
    And variable "POD_UID" in the environment of container "dapi-container" of pod "dapi-env" is field "metadata.uid" of pod "dapi-env"
    And variable "POD_IP" in the environment of container "dapi-container" of pod "dapi-env" is field "status.podIP" of pod "dapi-env"
    And variable "HOST_IP" in the environment of container "dapi-container" of pod "dapi-env" is field "status.hostIP" of pod "dapi-env"

  @ENV-05
  Scenario: The downward API gives a container its resources in whole units, and the node's allocatable where it sets no limit
    A limit of 1250m CPU reads 2 (rounded up), 64Mi reads 67108864; a divisor changes the unit
    (250m in millicores, 64Mi in Mi). A container without limits reads the node's allocatable
    CPU and memory, compared with what the node reports, not only "some positive number".

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: dapi-resources
      spec:
        terminationGracePeriodSeconds: 1
        nodeSelector: { kubernetes.io/hostname: '${nodes.target.hostname}' }
        containers:
          - name: limited
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            resources:
              requests: { cpu: 250m, memory: 32Mi }
              limits: { cpu: 1250m, memory: 64Mi }
            env:
              - name: CPU_LIMIT
                valueFrom: { resourceFieldRef: { resource: limits.cpu } }
              - name: MEMORY_LIMIT
                valueFrom: { resourceFieldRef: { resource: limits.memory } }
              - name: CPU_REQUEST
                valueFrom: { resourceFieldRef: { resource: requests.cpu } }
              - name: MEMORY_REQUEST
                valueFrom: { resourceFieldRef: { resource: requests.memory } }
              - name: CPU_REQUEST_MILLICORES
                valueFrom: { resourceFieldRef: { resource: requests.cpu, divisor: 1m } }
              - name: MEMORY_LIMIT_MI
                valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } }
          - name: unlimited
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: CPU_LIMIT
                valueFrom: { resourceFieldRef: { resource: limits.cpu } }
              - name: MEMORY_LIMIT
                valueFrom: { resourceFieldRef: { resource: limits.memory } }
      """
    When I create it
    Then pod "dapi-resources" becomes Running within 1 minute
    And the environment of container "limited" of pod "dapi-resources" includes:
      | CPU_LIMIT              | 2        |
      | MEMORY_LIMIT           | 67108864 |
      | CPU_REQUEST            | 1        |
      | MEMORY_REQUEST         | 33554432 |
      | CPU_REQUEST_MILLICORES | 250      |
      | MEMORY_LIMIT_MI        | 64       |
    And variable "CPU_LIMIT" in the environment of container "unlimited" of pod "dapi-resources" is field "status.allocatable.cpu" of node "${nodes.target.name}" in whole units
    And variable "MEMORY_LIMIT" in the environment of container "unlimited" of pod "dapi-resources" is field "status.allocatable.memory" of node "${nodes.target.name}" in whole units

  @ENV-01
  Scenario: A missing required key keeps its container from starting, with the event that names it, until the key exists; a missing optional one is left out
    The container that needs key "added-later" waits with CreateContainerConfigError and the
    kubelet's Failed event names the key; its neighbour, whose references are optional, runs
    without the variables. Once the key is added the kubelet's next attempt starts the
    container with its value.

    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: partial-config
      data:
        present: here
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: missing-keys
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: optional
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: PRESENT
                valueFrom: { configMapKeyRef: { name: partial-config, key: present } }
              - name: MISSING_KEY
                valueFrom: { configMapKeyRef: { name: partial-config, key: added-later, optional: true } }
              - name: MISSING_SECRET
                valueFrom: { secretKeyRef: { name: no-such-secret, key: any, optional: true } }
            envFrom:
              - { prefix: absent-, configMapRef: { name: no-such-config, optional: true } }
          - name: required
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: REQUIRED
                valueFrom: { configMapKeyRef: { name: partial-config, key: added-later } }
      """
    When I create it
    Then container "required" of pod "missing-keys" becomes waiting with reason "CreateContainerConfigError" within 1 minute
    And pod "missing-keys" gets an event "Failed" with a message matching "couldn't find key added-later in ConfigMap ${namespace}/partial-config" within 30 seconds
    And container "optional" of pod "missing-keys" becomes running within 1 minute
    And the environment of container "optional" of pod "missing-keys" includes:
      | PRESENT | here |
    And the environment of container "optional" of pod "missing-keys" has no variable "MISSING_KEY"
    And the environment of container "optional" of pod "missing-keys" has no variable "MISSING_SECRET"
    And container "required" of pod "missing-keys" is waiting with reason "CreateContainerConfigError"
    When I patch configmap "partial-config" with:
      """
      data:
        added-later: arrived
      """
    Then container "required" of pod "missing-keys" becomes running within 1 minute
    And the environment of container "required" of pod "missing-keys" includes:
      | REQUIRED | arrived |

  @ENV-06
  Scenario: subPathExpr expands $(VAR) from the container's environment: the mount is that subdirectory of the volume
    A file written through the expanded mount appears in the volume's subdirectory named after
    the pod (POD_NAME from the downward API), seen through a second mount of the whole volume.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: subpath-expansion
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: workdir1, emptyDir: {} }
        containers:
          - name: dapi-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - name: POD_NAME
                valueFrom: { fieldRef: { fieldPath: metadata.name } }
            volumeMounts:
              - { name: workdir1, mountPath: /logscontainer, subPathExpr: '$(POD_NAME)' }
              - { name: workdir1, mountPath: /testcontainer }
      """
    When I create it
    Then pod "subpath-expansion" becomes Running within 1 minute
    And file "/testcontainer/subpath-expansion" in container "dapi-container" of pod "subpath-expansion" has:
      | type | directory |
    When I run "echo written through the subpath > /logscontainer/test.log" in container "dapi-container" of pod "subpath-expansion"
    Then the command exits with code 0
    And file "/testcontainer/subpath-expansion/test.log" in container "dapi-container" of pod "subpath-expansion" has:
      | content | written through the subpath\n |

  @ENV-06
  Scenario Outline: A subPathExpr that expands to <what> keeps the container from starting with CreateContainerConfigError and an event that says why
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: subpath-refused
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: workdir1, emptyDir: {} }
        containers:
          - name: dapi-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - { name: POD_NAME, value: '<value>' }
            volumeMounts:
              - { name: workdir1, mountPath: /logscontainer, subPathExpr: '$(POD_NAME)' }
      """
    When I create it
    Then container "dapi-container" of pod "subpath-refused" becomes waiting with reason "CreateContainerConfigError" within 1 minute
    And pod "subpath-refused" gets an event "Failed" with a message matching "<message>" within 30 seconds
    And pod "subpath-refused" is Pending

    Examples:
      | what             | value | message                                            |
      | a step back (..) | ..    | unable to provision SubPath `..`: must not contain '..' |
      | an absolute path | /tmp  | SubPath `/tmp` must not be an absolute path         |

  @ENV-06
  Scenario: A subPathExpr that cannot expand yet holds the container until the pod's annotation supplies the value
    ANNOTATION comes from an annotation the pod lacks at first ("missing value for ANNOTATION");
    once the annotation is added, the kubelet's next attempt resolves the path and starts the
    container, with the subdirectory created in the volume.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: subpath-later
        annotations: { notmysubpath: mypath }
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: workdir1, emptyDir: {} }
        containers:
          - name: dapi-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - { name: POD_NAME, value: foo }
              - name: ANNOTATION
                valueFrom: { fieldRef: { fieldPath: "metadata.annotations['mysubpath']" } }
            volumeMounts:
              - { name: workdir1, mountPath: /subpath_mount, subPathExpr: '$(ANNOTATION)/$(POD_NAME)' }
              - { name: workdir1, mountPath: /volume_mount }
      """
    When I create it
    Then container "dapi-container" of pod "subpath-later" becomes waiting with reason "CreateContainerConfigError" within 1 minute
    And pod "subpath-later" gets an event "Failed" with a message matching "missing value for ANNOTATION" within 30 seconds
    When I patch pod "subpath-later" with:
      """
      metadata:
        annotations: { mysubpath: mypath }
      """
    Then container "dapi-container" of pod "subpath-later" becomes running within 1 minute
    And file "/volume_mount/mypath/foo" in container "dapi-container" of pod "subpath-later" has:
      | type | directory |

  @ENV-06
  Scenario: A container writes through an expanded subpath; a later change of the annotation neither breaks it nor its removal
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: subpath-writes
        annotations: { mysubpath: mypath }
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: workdir1, emptyDir: {} }
        containers:
          - name: dapi-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            env:
              - { name: POD_NAME, value: foo }
              - name: ANNOTATION
                valueFrom: { fieldRef: { fieldPath: "metadata.annotations['mysubpath']" } }
            volumeMounts:
              - { name: workdir1, mountPath: /subpath_mount, subPathExpr: '$(ANNOTATION)/$(POD_NAME)' }
              - { name: workdir1, mountPath: /volume_mount }
      """
    When I create it
    Then pod "subpath-writes" becomes Running within 1 minute
    When I run "touch /volume_mount/mypath/foo/test.log" in container "dapi-container" of pod "subpath-writes"
    Then the command exits with code 0
    And file "/subpath_mount/test.log" in container "dapi-container" of pod "subpath-writes" has:
      | type | regular file |
    When I patch pod "subpath-writes" with:
      """
      metadata:
        annotations: { mysubpath: mynewpath }
      """
    Then container "dapi-container" of pod "subpath-writes" has 0 restarts
    And file "/subpath_mount/test.log" in container "dapi-container" of pod "subpath-writes" has:
      | type | regular file |
    When I delete pod "subpath-writes"
    Then pod "subpath-writes" becomes gone within 1 minute
