@epic:etc-hosts
Feature: The kubelet-managed /etc/hosts
  The kubelet writes each pod's /etc/hosts and mounts it into every container: for a pod on the
  pod network, its own header, localhost entries and a line mapping the pod's IP to its hostname;
  for a host-network pod, the node's own hosts file after a header of its own. A container that
  mounts something at /etc/hosts itself keeps what it mounted. From upstream's
  KubeletManagedEtcHosts test (test/e2e/common/node/kubelet_etc_hosts.go); row HOSTS-01 of the
  behaviour catalogue. hostAliases entries in the managed file are POD-04.

  @HOSTS-01 @capability:hostPath @capability:hostNetwork
  Scenario: The kubelet manages /etc/hosts of a pod on the pod network, leaves a container's own /etc/hosts mount alone, and gives a host-network pod the node's file
    As upstream, every container mounts the node's /etc/hosts (read-only here, and type File: the
    scenario never creates or changes anything on the node) at /etc/hosts-original to compare
    with. Upstream calls a file managed when it starts with the kubelet's header and differs from
    the node's, and wants exactly that for the two plain containers and the opposite for the
    others. Here the plain containers must also find the line the kubelet writes for the pod,
    the pod IP the API reports (given to the container through the downward API) and the pod's
    hostname; the container that mounts the node's file at /etc/hosts must see it unchanged; and
    the host-network pod's containers must see the node's file exactly, after the kubelet's
    "(host network)" header line.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: pod-network
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: node-hosts
            hostPath: { path: /etc/hosts, type: File }
        containers:
          - name: first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env: [{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]
            volumeMounts: [{ name: node-hosts, mountPath: /etc/hosts-original, readOnly: true }]
            command: ['sleep', '3600']
          - name: second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env: [{ name: POD_IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]
            volumeMounts: [{ name: node-hosts, mountPath: /etc/hosts-original, readOnly: true }]
            command: ['sleep', '3600']
          - name: own-mount
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts:
              - { name: node-hosts, mountPath: /etc/hosts-original, readOnly: true }
              - { name: node-hosts, mountPath: /etc/hosts, readOnly: true }
            command: ['sleep', '3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: host-network
      spec:
        hostNetwork: true
        terminationGracePeriodSeconds: 1
        volumes:
          - name: node-hosts
            hostPath: { path: /etc/hosts, type: File }
        containers:
          - name: first
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts: [{ name: node-hosts, mountPath: /etc/hosts-original, readOnly: true }]
            command: ['sleep', '3600']
          - name: second
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            volumeMounts: [{ name: node-hosts, mountPath: /etc/hosts-original, readOnly: true }]
            command: ['sleep', '3600']
      """
    When I create it
    Then pod "pod-network" becomes Ready within 1 minute
    And pod "host-network" becomes Ready within 1 minute
    When I run 'head -n 1 /etc/hosts; grep -Fx "$(printf "%s\t%s" "$POD_IP" "$(hostname)")" /etc/hosts && ! cmp -s /etc/hosts /etc/hosts-original' in container "first" of pod "pod-network"
    Then the command exits with code 0
    And its output contains "# Kubernetes-managed hosts file."
    And its output contains "pod-network"
    When I run 'head -n 1 /etc/hosts; grep -Fx "$(printf "%s\t%s" "$POD_IP" "$(hostname)")" /etc/hosts && ! cmp -s /etc/hosts /etc/hosts-original' in container "second" of pod "pod-network"
    Then the command exits with code 0
    And its output contains "# Kubernetes-managed hosts file."
    And its output contains "pod-network"
    When I run "cmp /etc/hosts /etc/hosts-original && echo identical to the node file" in container "own-mount" of pod "pod-network"
    Then the command exits with code 0
    And its output contains "identical to the node file"
    When I run "head -n 1 /etc/hosts; tail -n +2 /etc/hosts | cmp - /etc/hosts-original" in container "first" of pod "host-network"
    Then the command exits with code 0
    And its output contains "# Kubernetes-managed hosts file (host network)."
    When I run "head -n 1 /etc/hosts; tail -n +2 /etc/hosts | cmp - /etc/hosts-original" in container "second" of pod "host-network"
    Then the command exits with code 0
    And its output contains "# Kubernetes-managed hosts file (host network)."
