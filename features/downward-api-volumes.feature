@epic:configuration
Feature: downwardAPI volumes: the pod's own fields and resources as files, kept current
  A downwardAPI volume holds one file per item: a field of the pod (name, labels, annotations …)
  or a container's resource in whole units of its divisor, written by the kubelet's atomic
  writer like a configMap volume (links into `..data`, 0644 unless defaultMode or the item's mode
  says otherwise). Labels and annotations files follow the pod's metadata as it changes. Upstream
  runs a test image that prints content or mode; here content, mode and link are read by exec, the
  default limits compared with the node's reported allocatable, and the update measured against
  the kubelet's own sync settings.

  Source: upstream e2e (common/storage/downwardapi_volume.go), rows DAPI-01 and DAPI-02 of the
  behaviour catalogue.

  @DAPI-01
  Scenario: A downwardAPI volume holds the pod's name and a container's resources in whole units, 0644 or the mode asked for
    The limited container's files hold upstream's values (1250m CPU limit reads 2, 128Mi reads
    134217728, 250m request 1, 32Mi 33554432); the unlimited container's limits are the node's
    allocatable. A second volume sets defaultMode 0400, a third the item's mode 0400.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: dapi-volume
      spec:
        terminationGracePeriodSeconds: 1
        nodeSelector: { kubernetes.io/hostname: '${nodes.target.hostname}' }
        volumes:
          - name: podinfo
            downwardAPI:
              items:
                - { path: podname, fieldRef: { fieldPath: metadata.name } }
                - { path: uid, fieldRef: { fieldPath: metadata.uid } }
                - { path: cpu_limit, resourceFieldRef: { containerName: client-container, resource: limits.cpu } }
                - { path: cpu_request, resourceFieldRef: { containerName: client-container, resource: requests.cpu } }
                - { path: memory_limit, resourceFieldRef: { containerName: client-container, resource: limits.memory } }
                - { path: memory_request, resourceFieldRef: { containerName: client-container, resource: requests.memory } }
                - { path: cpu_request_millicores, resourceFieldRef: { containerName: client-container, resource: requests.cpu, divisor: 1m } }
                - { path: default_cpu_limit, resourceFieldRef: { containerName: unlimited, resource: limits.cpu } }
                - { path: default_memory_limit, resourceFieldRef: { containerName: unlimited, resource: limits.memory } }
          - name: default-mode
            downwardAPI:
              defaultMode: 0400
              items:
                - { path: podname, fieldRef: { fieldPath: metadata.name } }
          - name: item-mode
            downwardAPI:
              items:
                - { path: podname, fieldRef: { fieldPath: metadata.name }, mode: 0400 }
        containers:
          - name: client-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            resources:
              requests: { cpu: 250m, memory: 32Mi }
              limits: { cpu: 1250m, memory: 128Mi }
            volumeMounts:
              - { name: podinfo, mountPath: /etc/podinfo }
              - { name: default-mode, mountPath: /etc/default-mode }
              - { name: item-mode, mountPath: /etc/item-mode }
          - name: unlimited
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      """
    When I create it
    Then pod "dapi-volume" becomes Running within 1 minute
    And file "/etc/podinfo/podname" in container "client-container" of pod "dapi-volume" has:
      | content | dapi-volume    |
      | mode    | 0644           |
      | owner   | 0              |
      | type    | regular file   |
      | link    | ..data/podname |
    And file "/etc/podinfo/uid" in container "client-container" of pod "dapi-volume" holds field "metadata.uid" of pod "dapi-volume"
    And file "/etc/podinfo/cpu_limit" in container "client-container" of pod "dapi-volume" has:
      | content | 2 |
    And file "/etc/podinfo/memory_limit" in container "client-container" of pod "dapi-volume" has:
      | content | 134217728 |
    And file "/etc/podinfo/cpu_request" in container "client-container" of pod "dapi-volume" has:
      | content | 1 |
    And file "/etc/podinfo/memory_request" in container "client-container" of pod "dapi-volume" has:
      | content | 33554432 |
    And file "/etc/podinfo/cpu_request_millicores" in container "client-container" of pod "dapi-volume" has:
      | content | 250 |
    And file "/etc/podinfo/default_cpu_limit" in container "client-container" of pod "dapi-volume" holds field "status.allocatable.cpu" of node "${nodes.target.name}" in whole units
    And file "/etc/podinfo/default_memory_limit" in container "client-container" of pod "dapi-volume" holds field "status.allocatable.memory" of node "${nodes.target.name}" in whole units
    And file "/etc/default-mode/podname" in container "client-container" of pod "dapi-volume" has:
      | content | dapi-volume |
      | mode    | 0400        |
    And file "/etc/item-mode/podname" in container "client-container" of pod "dapi-volume" has:
      | content | dapi-volume |
      | mode    | 0400        |

  @DAPI-02
  Scenario: A downwardAPI volume's labels and annotations files follow the pod's metadata within the kubelet's sync bound
    The files list the pairs sorted by key, one `key="value"` a line; after the patch the new
    label is added and the changed annotation replaced. The annotations file also lists what the
    kubelet itself annotates the pod with (kubernetes.io/config.seen and config.source), and
    nothing else.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: dapi-update
        labels: { key1: value1, key2: value2 }
        annotations: { builder: bar }
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: podinfo
            downwardAPI:
              items:
                - { path: labels, fieldRef: { fieldPath: metadata.labels } }
                - { path: annotations, fieldRef: { fieldPath: metadata.annotations } }
        containers:
          - name: client-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: podinfo, mountPath: /etc/podinfo }
      """
    When I create it
    Then pod "dapi-update" becomes Running within 1 minute
    And file "/etc/podinfo/labels" in container "client-container" of pod "dapi-update" has:
      | content | key1="value1"\nkey2="value2" |
      | link    | ..data/labels                |
    And file "/etc/podinfo/annotations" in container "client-container" of pod "dapi-update" has:
      | content | /builder="bar"(\nkubernetes\.io/config\.[a-z]+=".*")*/ |
    When I patch pod "dapi-update" with:
      """
      metadata:
        labels: { key3: value3 }
        annotations: { builder: foo }
      """
    Then file "/etc/podinfo/labels" in container "client-container" of pod "dapi-update" reads "key1=\"value1\"\nkey2=\"value2\"\nkey3=\"value3\"" within 2 minutes
    And file "/etc/podinfo/annotations" in container "client-container" of pod "dapi-update" has the line "builder=\"foo\"" within 2 minutes
    And volume "podinfo" of pod "dapi-update" was rewritten within the sync bound of its kubelet after the last change to pod "dapi-update"
    And file "/etc/podinfo/annotations" in container "client-container" of pod "dapi-update" has:
      | content | /builder="foo"(\nkubernetes\.io/config\.[a-z]+=".*")*/ |
