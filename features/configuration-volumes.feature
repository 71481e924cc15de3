@epic:configuration
Feature: ConfigMap and Secret volumes: content, modes and owners as files, updates, optional and required sources
  A configMap or secret volume holds one file per key (or per listed item, at its path), written
  by the kubelet's atomic writer: each file is a symbolic link into `..data`, itself a link to a
  timestamped directory the kubelet swaps in one rename when the source changes. Modes default to
  0644, `defaultMode` and an item's `mode` override them, an fsGroup owns the files; Secret
  volumes live in memory (tmpfs), never on the node's disk. Upstream runs a test image that prints
  content and mode; here each file's mode, owner, group, link and exact bytes are read by exec,
  updates are measured against the kubelet's own sync settings, and a missing required source
  shows the kubelet's FailedMount event and the recovery once it exists.

  Modes in the manifests are octal as kubectl reads them (`0400`): manifests are YAML 1.1 here too.

  Source: upstream e2e (common/storage/configmap_volume.go, secrets_volume.go), rows CFGVOL-01..03
  and SECVOL-01..03 of the behaviour catalogue.

  @CFGVOL-01
  Scenario: A configMap volume holds each key as a file with its content, 0644 or the mode asked for, owned by root, readable by a non-root user
    One pod mounts the ConfigMap five ways (plain, again in a second volume, with defaultMode
    0400, with one key mapped to a nested path, and mapped with item mode 0400); a root container
    and a container running as user 1000 read the files.

    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: volume-config
      data:
        data-1: value-1
        data-2: value-2
        data-3: value-3
      binaryData:
        dump.bin: 3sr+utD+/w==
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: configmap-volumes
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: plain, configMap: { name: volume-config } }
          - { name: plain-again, configMap: { name: volume-config } }
          - { name: default-mode, configMap: { name: volume-config, defaultMode: 0400 } }
          - name: mapped
            configMap: { name: volume-config, items: [{ key: data-2, path: path/to/data-2 }] }
          - name: mapped-mode
            configMap: { name: volume-config, items: [{ key: data-2, path: path/to/data-2, mode: 0400 }] }
        containers:
          - name: root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: plain, mountPath: /etc/plain, readOnly: true }
              - { name: plain-again, mountPath: /etc/plain-again, readOnly: true }
              - { name: default-mode, mountPath: /etc/default-mode, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
              - { name: mapped-mode, mountPath: /etc/mapped-mode, readOnly: true }
          - name: non-root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            securityContext: { runAsUser: 1000 }
            volumeMounts:
              - { name: plain, mountPath: /etc/plain, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
      """
    When I create it
    Then pod "configmap-volumes" becomes Running within 1 minute
    And file "/etc/plain/data-1" in container "root" of pod "configmap-volumes" has:
      | content    | value-1       |
      | mode       | 0644          |
      | owner      | 0             |
      | group      | 0             |
      | type       | regular file  |
      | link       | ..data/data-1 |
      | filesystem | not tmpfs     |
    And file "/etc/plain/data-3" in container "root" of pod "configmap-volumes" has:
      | content | value-3 |
    And file "/etc/plain/dump.bin" in container "root" of pod "configmap-volumes" has:
      | content in hex | de ca fe ba d0 fe ff |
      | mode           | 0644                 |
    And file "/etc/plain-again/data-1" in container "root" of pod "configmap-volumes" has:
      | content | value-1       |
      | link    | ..data/data-1 |
    And file "/etc/default-mode/data-1" in container "root" of pod "configmap-volumes" has:
      | content | value-1 |
      | mode    | 0400    |
      | owner   | 0       |
    And file "/etc/mapped/path/to/data-2" in container "root" of pod "configmap-volumes" has:
      | content | value-2      |
      | mode    | 0644         |
      | type    | regular file |
    And file "/etc/mapped/path" in container "root" of pod "configmap-volumes" has:
      | link | ..data/path |
      | type | directory   |
    And there is no file "/etc/mapped/data-1" in container "root" of pod "configmap-volumes"
    And file "/etc/mapped-mode/path/to/data-2" in container "root" of pod "configmap-volumes" has:
      | content | value-2 |
      | mode    | 0400    |
    And file "/etc/plain/data-1" in container "non-root" of pod "configmap-volumes" has:
      | content | value-1 |
      | mode    | 0644    |
      | owner   | 0       |
    And file "/etc/mapped/path/to/data-2" in container "non-root" of pod "configmap-volumes" has:
      | content | value-2 |
      | mode    | 0644    |

  @CFGVOL-02
  Scenario: A change to a ConfigMap reaches its mounted files within the kubelet's sync bound, swapped in through ..data
    The bound comes from the node's kubelet as it reports its settings (`/configz`: syncFrequency
    and the change detection strategy), the delay from the ConfigMap's last change (managedFields)
    to the time the kubelet stamped in the new `..data` directory's name.

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
      kind: Pod
      metadata:
        name: configmap-update
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: config, configMap: { name: updated-config } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: config, mountPath: /etc/config, readOnly: true }
      """
    When I create it
    Then pod "configmap-update" becomes Running within 1 minute
    And file "/etc/config/data-1" in container "reader" of pod "configmap-update" has:
      | content | value-1       |
      | link    | ..data/data-1 |
    When I patch configmap "updated-config" with:
      """
      data:
        data-1: value-2
      """
    Then file "/etc/config/data-1" in container "reader" of pod "configmap-update" reads "value-2" within 2 minutes
    And volume "config" of pod "configmap-update" was rewritten within the sync bound of its kubelet after the last change to configmap "updated-config"
    And file "/etc/config/data-1" in container "reader" of pod "configmap-update" has:
      | content | value-2       |
      | mode    | 0644          |
      | link    | ..data/data-1 |

  @CFGVOL-03
  Scenario: Optional configMap volumes follow their ConfigMaps: a deleted one empties, an updated one gains and loses keys, a created one fills
    The three volumes are optional, so the pod starts although "created-later" does not exist
    yet; its volume is an empty directory until the ConfigMap is created.

    Given the manifest:
      """
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
        name: updated-later
      data:
        data-1: value-1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: optional-configmaps
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: delete, configMap: { name: deleted-later, optional: true } }
          - { name: update, configMap: { name: updated-later, optional: true } }
          - { name: create, configMap: { name: created-later, optional: true } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: delete, mountPath: /etc/configmap-volumes/delete, readOnly: true }
              - { name: update, mountPath: /etc/configmap-volumes/update, readOnly: true }
              - { name: create, mountPath: /etc/configmap-volumes/create, readOnly: true }
      """
    When I create it
    Then pod "optional-configmaps" becomes Running within 1 minute
    And file "/etc/configmap-volumes/delete/data-1" in container "reader" of pod "optional-configmaps" has:
      | content | value-1 |
    And file "/etc/configmap-volumes/update/data-1" in container "reader" of pod "optional-configmaps" has:
      | content | value-1 |
    And there is no file "/etc/configmap-volumes/update/data-3" in container "reader" of pod "optional-configmaps"
    And file "/etc/configmap-volumes/create" in container "reader" of pod "optional-configmaps" has:
      | type | directory |
    And there is no file "/etc/configmap-volumes/create/data-1" in container "reader" of pod "optional-configmaps"
    When I delete configmap "deleted-later"
    And I patch configmap "updated-later" with:
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
    Then file "/etc/configmap-volumes/create/data-1" in container "reader" of pod "optional-configmaps" reads "value-1" within 2 minutes
    And file "/etc/configmap-volumes/update/data-3" in container "reader" of pod "optional-configmaps" reads "value-3" within 2 minutes
    And file "/etc/configmap-volumes/update/data-1" in container "reader" of pod "optional-configmaps" is gone within 2 minutes
    And file "/etc/configmap-volumes/delete/data-1" in container "reader" of pod "optional-configmaps" is gone within 2 minutes
    And volume "create" of pod "optional-configmaps" was rewritten within the sync bound of its kubelet after the last change to configmap "created-later"
    And volume "update" of pod "optional-configmaps" was rewritten within the sync bound of its kubelet after the last change to configmap "updated-later"

  @CFGVOL-03
  Scenario: A required configMap volume whose ConfigMap or key is missing holds the pod in ContainerCreating with FailedMount events until both exist
    The kubelet retries the mount with a growing back-off (0.5 s doubling), so the missing
    objects are supplied right after the first events.

    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: lacks-a-key
      data:
        data-1: value-1
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: required-configmaps
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: whole, configMap: { name: created-later } }
          - name: item
            configMap: { name: lacks-a-key, items: [{ key: data-4, path: path/to/data-4 }] }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: whole, mountPath: /etc/whole, readOnly: true }
              - { name: item, mountPath: /etc/item, readOnly: true }
      """
    When I create it
    Then pod "required-configmaps" gets an event "FailedMount" with a message matching "volume \"whole\" : configmap \"created-later\" not found" within 1 minute
    And pod "required-configmaps" gets an event "FailedMount" with a message matching "volume \"item\" : configmap references non-existent config key: data-4" within 30 seconds
    And container "reader" of pod "required-configmaps" is waiting with reason "ContainerCreating"
    And pod "required-configmaps" is Pending
    When the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: created-later
      data:
        data-1: value-1
      """
    And I create configmap "created-later"
    And I patch configmap "lacks-a-key" with:
      """
      data:
        data-4: value-4
      """
    Then pod "required-configmaps" becomes Running within 90 seconds
    And file "/etc/whole/data-1" in container "reader" of pod "required-configmaps" has:
      | content | value-1 |
    And file "/etc/item/path/to/data-4" in container "reader" of pod "required-configmaps" has:
      | content | value-4 |
    And there is no file "/etc/item/data-1" in container "reader" of pod "required-configmaps"

  @SECVOL-01
  Scenario: A secret volume holds each key as a file on tmpfs with its exact bytes, 0644 or the mode asked for, owned by root
    One pod mounts the Secret four ways (plain, again in a second volume, with defaultMode 0400,
    with one key mapped to a new path, and mapped with item mode 0400). The files live in memory:
    a Secret is never written to the node's disk.

    Given the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: volume-secret
      stringData:
        data-1: "value-1\n"
        data-2: "value-2\n"
        data-3: "value-3\n"
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: secret-volumes
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: plain, secret: { secretName: volume-secret } }
          - { name: plain-again, secret: { secretName: volume-secret } }
          - { name: default-mode, secret: { secretName: volume-secret, defaultMode: 0400 } }
          - name: mapped
            secret: { secretName: volume-secret, items: [{ key: data-1, path: new-path-data-1 }] }
          - name: mapped-mode
            secret: { secretName: volume-secret, items: [{ key: data-1, path: new-path-data-1, mode: 0400 }] }
        containers:
          - name: root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: plain, mountPath: /etc/secret-volume, readOnly: true }
              - { name: plain-again, mountPath: /etc/secret-volume-2, readOnly: true }
              - { name: default-mode, mountPath: /etc/default-mode, readOnly: true }
              - { name: mapped, mountPath: /etc/mapped, readOnly: true }
              - { name: mapped-mode, mountPath: /etc/mapped-mode, readOnly: true }
      """
    When I create it
    Then pod "secret-volumes" becomes Running within 1 minute
    And file "/etc/secret-volume/data-1" in container "root" of pod "secret-volumes" has:
      | content    | value-1\n     |
      | mode       | 0644          |
      | owner      | 0             |
      | group      | 0             |
      | type       | regular file  |
      | link       | ..data/data-1 |
      | filesystem | tmpfs         |
    And file "/etc/secret-volume/data-3" in container "root" of pod "secret-volumes" has:
      | content | value-3\n |
    And file "/etc/secret-volume-2/data-1" in container "root" of pod "secret-volumes" has:
      | content    | value-1\n |
      | filesystem | tmpfs     |
    And file "/etc/default-mode/data-1" in container "root" of pod "secret-volumes" has:
      | content | value-1\n |
      | mode    | 0400      |
      | owner   | 0         |
    And file "/etc/mapped/new-path-data-1" in container "root" of pod "secret-volumes" has:
      | content | value-1\n              |
      | mode    | 0644                   |
      | link    | ..data/new-path-data-1 |
    And there is no file "/etc/mapped/data-1" in container "root" of pod "secret-volumes"
    And file "/etc/mapped-mode/new-path-data-1" in container "root" of pod "secret-volumes" has:
      | content | value-1\n |
      | mode    | 0400      |

  @SECVOL-01
  Scenario: With fsGroup a non-root user reads a secret volume through its group: files owned by root and the fsGroup, with the defaultMode asked for
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
        name: secret-fsgroup
      spec:
        terminationGracePeriodSeconds: 1
        securityContext: { runAsUser: 1000, fsGroup: 1001 }
        volumes:
          - { name: secret, secret: { secretName: group-secret, defaultMode: 0440 } }
        containers:
          - name: non-root
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: secret, mountPath: /etc/secret-volume, readOnly: true }
      """
    When I create it
    Then pod "secret-fsgroup" becomes Running within 1 minute
    And file "/etc/secret-volume/data-1" in container "non-root" of pod "secret-fsgroup" has:
      | content    | value-1\n |
      | mode       | 0440      |
      | owner      | 0         |
      | group      | 1001      |
      | filesystem | tmpfs     |
    When I run "id -u; id -G" in container "non-root" of pod "secret-fsgroup"
    Then its output contains "1000"
    And its output contains "1001"

  @SECVOL-02
  Scenario: Optional secret volumes follow their Secrets: a deleted one empties, an updated one gains and loses keys, a created one fills
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
        name: optional-secrets
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - { name: delete, secret: { secretName: deleted-later, optional: true } }
          - { name: update, secret: { secretName: updated-later, optional: true } }
          - { name: create, secret: { secretName: created-later, optional: true } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: delete, mountPath: /etc/secret-volumes/delete, readOnly: true }
              - { name: update, mountPath: /etc/secret-volumes/update, readOnly: true }
              - { name: create, mountPath: /etc/secret-volumes/create, readOnly: true }
      """
    When I create it
    Then pod "optional-secrets" becomes Running within 1 minute
    And file "/etc/secret-volumes/delete/data-1" in container "reader" of pod "optional-secrets" has:
      | content | value-1 |
    And file "/etc/secret-volumes/update/data-1" in container "reader" of pod "optional-secrets" has:
      | content | value-1 |
    And there is no file "/etc/secret-volumes/update/data-3" in container "reader" of pod "optional-secrets"
    And there is no file "/etc/secret-volumes/create/data-1" in container "reader" of pod "optional-secrets"
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
    Then file "/etc/secret-volumes/create/data-1" in container "reader" of pod "optional-secrets" reads "value-1" within 2 minutes
    And file "/etc/secret-volumes/update/data-3" in container "reader" of pod "optional-secrets" reads "value-3" within 2 minutes
    And file "/etc/secret-volumes/update/data-1" in container "reader" of pod "optional-secrets" is gone within 2 minutes
    And file "/etc/secret-volumes/delete/data-1" in container "reader" of pod "optional-secrets" is gone within 2 minutes
    And volume "create" of pod "optional-secrets" was rewritten within the sync bound of its kubelet after the last change to secret "created-later"
    And volume "update" of pod "optional-secrets" was rewritten within the sync bound of its kubelet after the last change to secret "updated-later"

  @SECVOL-03
  Scenario: A secret volume holds the Secret of the pod's own namespace, not one of the same name in another namespace
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
        name: secret-namespaced
      spec:
        restartPolicy: Never
        volumes:
          - { name: secret, secret: { secretName: same-name } }
        containers:
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                cat /etc/secret-volume/data-1
                stat -L -c '%a %u %g %n' /etc/secret-volume/data-1
                stat -f -c '%T' /etc/secret-volume
                ls /etc/secret-volume
            volumeMounts:
              - { name: secret, mountPath: /etc/secret-volume, readOnly: true }
      """
    When I create it
    Then pod "secret-namespaced" becomes Succeeded within 1 minute
    And the log of container "reader" of pod "secret-namespaced" is:
      """
      value-1
      644 0 0 /etc/secret-volume/data-1
      tmpfs
      data-1
      data-2
      data-3
      """
