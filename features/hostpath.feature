@epic:configuration
Feature: hostPath volumes: a node's directory in the pod, as the node has it
  A hostPath volume mounts a directory of the node: its mode and contents are the node's, what a
  container writes stays on the node after the pod, and a subPath mounts a subdirectory the
  kubelet creates. Upstream mounts the node's /tmp and writes /tmp/test-file there; here the node's
  /tmp is only read (its sticky 1777 mode), and every write goes to the scenario's own directory
  (/var/lib/pod-conformance-hostpath/<namespace>, type DirectoryOrCreate, removed after the
  scenario), read back by a second container and, after the pod is gone, by a reader pod on the
  same node.

  Source: upstream e2e (common/storage/host_path.go), row HOSTPATH-01 of the behaviour catalogue.

  @HOSTPATH-01 @capability:hostPath
  Scenario: A hostPath volume shows the node's directory with its mode; files written through it, also through a subPath, stay on the node
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: host-path
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: test-volume
            hostPath: { path: '/var/lib/pod-conformance-hostpath/${namespace}', type: DirectoryOrCreate }
          - name: node-tmp
            hostPath: { path: /tmp, type: Directory }
        containers:
          - name: writer
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: test-volume, mountPath: /test-volume }
              - { name: test-volume, mountPath: /sub-volume, subPath: sub-path }
              - { name: node-tmp, mountPath: /node-tmp, readOnly: true }
          - name: reader
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: test-volume, mountPath: /test-volume, readOnly: true }
      """
    When I create it
    Then pod "host-path" becomes Running within 1 minute
    And file "/node-tmp" in container "writer" of pod "host-path" has:
      | type  | directory |
      | mode  | 1777      |
      | owner | 0         |
    And file "/test-volume" in container "writer" of pod "host-path" has:
      | type  | directory |
      | mode  | 0755      |
      | owner | 0         |
    And file "/test-volume/sub-path" in container "reader" of pod "host-path" has:
      | type | directory |
    When I run "umask 022 && printf 'mount-tester new file\n' > /test-volume/test-file && printf 'through the subPath\n' > /sub-volume/test-file" in container "writer" of pod "host-path"
    Then the command exits with code 0
    And file "/test-volume/test-file" in container "reader" of pod "host-path" has:
      | content | mount-tester new file\n |
      | mode    | 0644                    |
      | owner   | 0                       |
    And file "/test-volume/sub-path/test-file" in container "reader" of pod "host-path" has:
      | content | through the subPath\n |
    When I delete pod "host-path"
    Then pod "host-path" becomes gone within 1 minute
    When a reader pod on the node of pod "host-path" reads "sub-path/test-file" from its hostPath volume "test-volume"
    Then the text read contains "through the subPath"
