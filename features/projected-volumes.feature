@epic:configuration
Feature: projected volumes: ConfigMaps, Secrets and the downward API in one directory
  A projected volume writes several sources (configMap, secret, downwardAPI items) into one
  directory with the same atomic writer, modes and ownership as the single-source volumes, and
  keeps them current the same way. Upstream repeats its configMap, secret and downward API volume
  specs for projected sources; here the same checks by exec (content, mode, owner, group, link,
  filesystem), the updates measured against the kubelet's sync settings, and one volume holding
  all three kinds of source.

  Source: upstream e2e (common/storage/projected_configmap.go, projected_secret.go,
  projected_downwardapi.go, projected_combined.go), rows PROJ-01..PROJ-06 of the behaviour
  catalogue.

  @PROJ-01
  Scenario: A projected configMap source holds each key as a file with its content, 0644 or the mode asked for, readable by a non-root user
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: projected-config
      data:
        data-1: value-1
        data-2: value-2
        data-3: value-3
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-configmaps
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: plain, projected: { sources: [{ configMap: { name: projected-config } }] } }
          - { name: plain-again, projected: { sources: [{ configMap: { name: projected-config } }] } }
          - { name: default-mode, projected: { defaultMode: 0400, sources: [{ configMap: { name: projected-config } }] } }
          - name: mapped
            projected:
              sources: [{ configMap: { name: projected-config, items: [{ key: data-2, path: path/to/data-2 }] } }]
          - name: mapped-mode
            projected:
              sources: [{ configMap: { name: projected-config, items: [{ key: data-2, path: path/to/data-2, mode: 0400 }] } }]
        containers:
          - name: root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: plain, mountPath: /etc/projected, readOnly: true }
              - { name: plain-again, mountPath: /etc/projected-again, readOnly: true }
              - { name: default-mode, mountPath: /etc/default-mode, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
              - { name: mapped-mode, mountPath: /etc/mapped-mode, readOnly: true }
          - name: non-root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            securityContext: { runAsUser: 1000 }
            volumeMounts:
              - { name: plain, mountPath: /etc/projected, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
      """
    When I create it
    Then pod "projected-configmaps" becomes Running within 1 minute
    And file "/etc/projected/data-1" in container "root" of pod "projected-configmaps" has:
      | content | value-1       |
      | mode    | 0644          |
      | owner   | 0             |
      | group   | 0             |
      | type    | regular file  |
      | link    | ..data/data-1 |
    And file "/etc/projected-again/data-1" in container "root" of pod "projected-configmaps" has:
      | content | value-1 |
    And file "/etc/default-mode/data-1" in container "root" of pod "projected-configmaps" has:
      | content | value-1 |
      | mode    | 0400    |
    And file "/etc/mapped/path/to/data-2" in container "root" of pod "projected-configmaps" has:
      | content | value-2 |
      | mode    | 0644    |
    And there is no file "/etc/mapped/data-1" in container "root" of pod "projected-configmaps"
    And file "/etc/mapped-mode/path/to/data-2" in container "root" of pod "projected-configmaps" has:
      | content | value-2 |
      | mode    | 0400    |
    And file "/etc/projected/data-1" in container "non-root" of pod "projected-configmaps" has:
      | content | value-1 |
      | mode    | 0644    |
    And file "/etc/mapped/path/to/data-2" in container "non-root" of pod "projected-configmaps" has:
      | content | value-2 |
      | mode    | 0644    |

  @PROJ-02
  Scenario: Projected configMap sources follow their ConfigMaps within the kubelet's sync bound: updated, deleted, created
    One volume per source, all optional but the first: "updated-config" changes a value,
    "deleted-later" is deleted, "created-later" appears, "changed-later" loses one key and gains
    another.

    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: updated-config
      data:
        data-1: value-1
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: deleted-later
      data:
        data-1: value-1
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: changed-later
      data:
        data-1: value-1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-configmap-updates
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: update, projected: { sources: [{ configMap: { name: updated-config } }] } }
          - { name: delete, projected: { sources: [{ configMap: { name: deleted-later, optional: true } }] } }
          - { name: create, projected: { sources: [{ configMap: { name: created-later, optional: true } }] } }
          - { name: change, projected: { sources: [{ configMap: { name: changed-later, optional: true } }] } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: update, mountPath: /etc/projected/update, readOnly: true }
              - { name: delete, mountPath: /etc/projected/delete, readOnly: true }
              - { name: create, mountPath: /etc/projected/create, readOnly: true }
              - { name: change, mountPath: /etc/projected/change, readOnly: true }
      """
    When I create it
    Then pod "projected-configmap-updates" becomes Running within 1 minute
    And file "/etc/projected/update/data-1" in container "reader" of pod "projected-configmap-updates" has:
      | content | value-1 |
    And file "/etc/projected/delete/data-1" in container "reader" of pod "projected-configmap-updates" has:
      | content | value-1 |
    And there is no file "/etc/projected/create/data-1" in container "reader" of pod "projected-configmap-updates"
    And there is no file "/etc/projected/change/data-3" in container "reader" of pod "projected-configmap-updates"
    When I patch configmap "updated-config" with:
      """
      data:
        data-1: value-2
      """
    And I delete configmap "deleted-later"
    And I patch configmap "changed-later" with:
      """
      data:
        data-1: null
        data-3: value-3
      """
    And the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: created-later
      data:
        data-1: value-1
      """
    And I create configmap "created-later"
    Then file "/etc/projected/update/data-1" in container "reader" of pod "projected-configmap-updates" reads "value-2" within 2 minutes
    And file "/etc/projected/create/data-1" in container "reader" of pod "projected-configmap-updates" reads "value-1" within 2 minutes
    And file "/etc/projected/change/data-3" in container "reader" of pod "projected-configmap-updates" reads "value-3" within 2 minutes
    And file "/etc/projected/change/data-1" in container "reader" of pod "projected-configmap-updates" is gone within 2 minutes
    And file "/etc/projected/delete/data-1" in container "reader" of pod "projected-configmap-updates" is gone within 2 minutes
    And volume "update" of pod "projected-configmap-updates" was rewritten within the sync bound of its kubelet after the last change to configmap "updated-config"
    And volume "create" of pod "projected-configmap-updates" was rewritten within the sync bound of its kubelet after the last change to configmap "created-later"
    And file "/etc/projected/update/data-1" in container "reader" of pod "projected-configmap-updates" has:
      | link | ..data/data-1 |
      | mode | 0644          |

  @PROJ-03
  Scenario: A projected secret source holds each key as a file on tmpfs with its exact bytes, 0644 or the mode asked for
    Given the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: projected-secret
      stringData:
        data-1: "value-1\n"
        data-2: "value-2\n"
        data-3: "value-3\n"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-secrets
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: plain, projected: { sources: [{ secret: { name: projected-secret } }] } }
          - { name: plain-again, projected: { sources: [{ secret: { name: projected-secret } }] } }
          - { name: default-mode, projected: { defaultMode: 0400, sources: [{ secret: { name: projected-secret } }] } }
          - name: mapped
            projected:
              sources: [{ secret: { name: projected-secret, items: [{ key: data-1, path: new-path-data-1 }] } }]
          - name: mapped-mode
            projected:
              sources: [{ secret: { name: projected-secret, items: [{ key: data-1, path: new-path-data-1, mode: 0400 }] } }]
        containers:
          - name: root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: plain, mountPath: /etc/projected-secret-volume, readOnly: true }
              - { name: plain-again, mountPath: /etc/projected-secret-volume-2, readOnly: true }
              - { name: default-mode, mountPath: /etc/default-mode, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
              - { name: mapped-mode, mountPath: /etc/mapped-mode, readOnly: true }
      """
    When I create it
    Then pod "projected-secrets" becomes Running within 1 minute
    And file "/etc/projected-secret-volume/data-1" in container "root" of pod "projected-secrets" has:
      | content    | value-1\n     |
      | mode       | 0644          |
      | owner      | 0             |
      | group      | 0             |
      | link       | ..data/data-1 |
      | filesystem | tmpfs         |
    And file "/etc/projected-secret-volume-2/data-1" in container "root" of pod "projected-secrets" has:
      | content | value-1\n |
    And file "/etc/default-mode/data-1" in container "root" of pod "projected-secrets" has:
      | content | value-1\n |
      | mode    | 0400      |
    And file "/etc/mapped/new-path-data-1" in container "root" of pod "projected-secrets" has:
      | content | value-1\n |
      | mode    | 0644      |
    And there is no file "/etc/mapped/data-1" in container "root" of pod "projected-secrets"
    And file "/etc/mapped-mode/new-path-data-1" in container "root" of pod "projected-secrets" has:
      | content | value-1\n |
      | mode    | 0400      |

  @PROJ-03
  Scenario: With fsGroup a non-root user reads a projected secret through its group, with the defaultMode asked for
    Given the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: group-secret
      stringData:
        data-1: "value-1\n"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-secret-fsgroup
      spec:
        terminationGracePeriodSeconds: 1
        securityContext: { runAsUser: 1000, fsGroup: 1001 }
        volumes:
          - { name: secret, projected: { defaultMode: 0440, sources: [{ secret: { name: group-secret } }] } }
        containers:
          - name: non-root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: secret, mountPath: /etc/projected-secret-volume, readOnly: true }
      """
    When I create it
    Then pod "projected-secret-fsgroup" becomes Running within 1 minute
    And file "/etc/projected-secret-volume/data-1" in container "non-root" of pod "projected-secret-fsgroup" has:
      | content    | value-1\n |
      | mode       | 0440      |
      | owner      | 0         |
      | group      | 1001      |
      | filesystem | tmpfs     |

  @PROJ-03
  Scenario: Optional projected secret sources follow their Secrets: a deleted one empties, an updated one gains and loses keys, a created one fills
    Given the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: deleted-later
      stringData:
        data-1: value-1
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: updated-later
      stringData:
        data-1: value-1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-optional-secrets
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: delete, projected: { sources: [{ secret: { name: deleted-later, optional: true } }] } }
          - { name: update, projected: { sources: [{ secret: { name: updated-later, optional: true } }] } }
          - { name: create, projected: { sources: [{ secret: { name: created-later, optional: true } }] } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: delete, mountPath: /etc/projected-secret-volumes/delete, readOnly: true }
              - { name: update, mountPath: /etc/projected-secret-volumes/update, readOnly: true }
              - { name: create, mountPath: /etc/projected-secret-volumes/create, readOnly: true }
      """
    When I create it
    Then pod "projected-optional-secrets" becomes Running within 1 minute
    And file "/etc/projected-secret-volumes/delete/data-1" in container "reader" of pod "projected-optional-secrets" has:
      | content | value-1 |
    And file "/etc/projected-secret-volumes/update/data-1" in container "reader" of pod "projected-optional-secrets" has:
      | content | value-1 |
    And there is no file "/etc/projected-secret-volumes/create/data-1" in container "reader" of pod "projected-optional-secrets"
    When I delete secret "deleted-later"
    And I patch secret "updated-later" with:
      """
      data:
        data-1: null
      stringData:
        data-3: value-3
      """
    And the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: created-later
      stringData:
        data-1: value-1
      """
    And I create secret "created-later"
    Then file "/etc/projected-secret-volumes/create/data-1" in container "reader" of pod "projected-optional-secrets" reads "value-1" within 2 minutes
    And file "/etc/projected-secret-volumes/update/data-3" in container "reader" of pod "projected-optional-secrets" reads "value-3" within 2 minutes
    And file "/etc/projected-secret-volumes/update/data-1" in container "reader" of pod "projected-optional-secrets" is gone within 2 minutes
    And file "/etc/projected-secret-volumes/delete/data-1" in container "reader" of pod "projected-optional-secrets" is gone within 2 minutes
    And volume "create" of pod "projected-optional-secrets" was rewritten within the sync bound of its kubelet after the last change to secret "created-later"
    And volume "update" of pod "projected-optional-secrets" was rewritten within the sync bound of its kubelet after the last change to secret "updated-later"

  @PROJ-04
  Scenario: A projected downwardAPI source holds the pod's name and a container's resources in whole units, 0644 or the mode asked for
    The limited container's files hold upstream's values (1250m CPU limit reads 2, 128Mi reads
    134217728, 250m request 1, 32Mi 33554432); the unlimited container's limits are the node's
    allocatable. A second volume sets defaultMode 0400, a third the item's mode 0400.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-dapi
      spec:
        terminationGracePeriodSeconds: 1
        nodeSelector: { kubernetes.io/hostname: '${nodes.target.hostname}' }
        volumes:
          - name: podinfo
            projected:
              sources:
                - downwardAPI:
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
            projected:
              defaultMode: 0400
              sources: [{ downwardAPI: { items: [{ path: podname, fieldRef: { fieldPath: metadata.name } }] } }]
          - name: item-mode
            projected:
              sources: [{ downwardAPI: { items: [{ path: podname, fieldRef: { fieldPath: metadata.name }, mode: 0400 }] } }]
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
    Then pod "projected-dapi" becomes Running within 1 minute
    And file "/etc/podinfo/podname" in container "client-container" of pod "projected-dapi" has:
      | content | projected-dapi    |
      | mode    | 0644           |
      | owner   | 0              |
      | type    | regular file   |
      | link    | ..data/podname |
    And file "/etc/podinfo/uid" in container "client-container" of pod "projected-dapi" holds field "metadata.uid" of pod "projected-dapi"
    And file "/etc/podinfo/cpu_limit" in container "client-container" of pod "projected-dapi" has:
      | content | 2 |
    And file "/etc/podinfo/memory_limit" in container "client-container" of pod "projected-dapi" has:
      | content | 134217728 |
    And file "/etc/podinfo/cpu_request" in container "client-container" of pod "projected-dapi" has:
      | content | 1 |
    And file "/etc/podinfo/memory_request" in container "client-container" of pod "projected-dapi" has:
      | content | 33554432 |
    And file "/etc/podinfo/cpu_request_millicores" in container "client-container" of pod "projected-dapi" has:
      | content | 250 |
    And file "/etc/podinfo/default_cpu_limit" in container "client-container" of pod "projected-dapi" holds field "status.allocatable.cpu" of node "${nodes.target.name}" in whole units
    And file "/etc/podinfo/default_memory_limit" in container "client-container" of pod "projected-dapi" holds field "status.allocatable.memory" of node "${nodes.target.name}" in whole units
    And file "/etc/default-mode/podname" in container "client-container" of pod "projected-dapi" has:
      | content | projected-dapi |
      | mode    | 0400        |
    And file "/etc/item-mode/podname" in container "client-container" of pod "projected-dapi" has:
      | content | projected-dapi |
      | mode    | 0400        |

  @PROJ-04
  Scenario: A projected downwardAPI source's labels and annotations files follow the pod's metadata within the kubelet's sync bound
    The files list the pairs sorted by key, one `key="value"` a line; after the patch the new
    label is added and the changed annotation replaced. The annotations file also lists what the
    kubelet itself annotates the pod with (kubernetes.io/config.seen and config.source), and
    nothing else.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-dapi-update
        labels: { key1: value1, key2: value2 }
        annotations: { builder: bar }
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: podinfo
            projected:
              sources:
                - downwardAPI:
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
    Then pod "projected-dapi-update" becomes Running within 1 minute
    And file "/etc/podinfo/labels" in container "client-container" of pod "projected-dapi-update" has:
      | content | key1="value1"\nkey2="value2" |
      | link    | ..data/labels                |
    And file "/etc/podinfo/annotations" in container "client-container" of pod "projected-dapi-update" has:
      | content | /builder="bar"(\nkubernetes\.io/config\.[a-z]+=".*")*/ |
    When I patch pod "projected-dapi-update" with:
      """
      metadata:
        labels: { key3: value3 }
        annotations: { builder: foo }
      """
    Then file "/etc/podinfo/labels" in container "client-container" of pod "projected-dapi-update" reads "key1=\"value1\"\nkey2=\"value2\"\nkey3=\"value3\"" within 2 minutes
    And file "/etc/podinfo/annotations" in container "client-container" of pod "projected-dapi-update" has the line "builder=\"foo\"" within 2 minutes
    And volume "podinfo" of pod "projected-dapi-update" was rewritten within the sync bound of its kubelet after the last change to pod "projected-dapi-update"
    And file "/etc/podinfo/annotations" in container "client-container" of pod "projected-dapi-update" has:
      | content | /builder="foo"(\nkubernetes\.io/config\.[a-z]+=".*")*/ |

  @PROJ-05
  Scenario: One projected volume holds a ConfigMap's, a Secret's and the downward API's files side by side
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: combined-config
      data:
        configmap-data: configmap-value-1
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: combined-secret
      stringData:
        secret-data: secret-value-1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-combined
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: podinfo
            projected:
              sources:
                - downwardAPI: { items: [{ path: podname, fieldRef: { fieldPath: metadata.name } }] }
                - secret: { name: combined-secret }
                - configMap: { name: combined-config }
        containers:
          - name: projected-all-volume-test
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: podinfo, mountPath: /all }
      """
    When I create it
    Then pod "projected-combined" becomes Running within 1 minute
    And file "/all/podname" in container "projected-all-volume-test" of pod "projected-combined" has:
      | content | projected-combined |
      | link    | ..data/podname     |
      | mode    | 0644               |
    And file "/all/secret-data" in container "projected-all-volume-test" of pod "projected-combined" has:
      | content | secret-value-1     |
      | link    | ..data/secret-data |
      | mode    | 0644               |
    And file "/all/configmap-data" in container "projected-all-volume-test" of pod "projected-combined" has:
      | content | configmap-value-1     |
      | link    | ..data/configmap-data |
      | mode    | 0644                  |

  @PROJ-06
  Scenario: A projected secret source holds the Secret of the pod's own namespace, not one of the same name in another namespace
    A Secret named like the pod's, with the same key and a different value and a key of its own,
    exists in a second namespace before the pod starts. The container prints the file it was
    given, its mode, owner and group, the volume's filesystem and the keys in it: the pod's own
    Secret's value and keys only.

    Given another namespace "other"
    And the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: same-name
        namespace: ${namespaces.other}
      stringData:
        data-1: "value-of-the-other-namespace\n"
        only-in-other: "this should never be mounted\n"
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: same-name
      stringData:
        data-1: "value-1\n"
        data-2: "value-2\n"
        data-3: "value-3\n"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: projected-secret-namespaced
      spec:
        restartPolicy: Never
        volumes:
          - { name: secret, projected: { sources: [{ secret: { name: same-name } }] } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                cat /etc/projected-secret-volume/data-1
                stat -L -c '%a %u %g %n' /etc/projected-secret-volume/data-1
                stat -f -c '%T' /etc/projected-secret-volume
                ls /etc/projected-secret-volume
            volumeMounts:
              - { name: secret, mountPath: /etc/projected-secret-volume, readOnly: true }
      """
    When I create it
    Then pod "projected-secret-namespaced" becomes Succeeded within 1 minute
    And the log of container "reader" of pod "projected-secret-namespaced" is:
      """
      value-1
      644 0 0 /etc/projected-secret-volume/data-1
      tmpfs
      data-1
      data-2
      data-3
      """
