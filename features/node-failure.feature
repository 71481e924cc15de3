@epic:nodes
Feature: Node failure: a node whose kubelet stops
  Seed: reference article 003, "if a node fails, the same pods are scheduled on other available
  nodes of the cluster". On v1.35 a pod is never moved: once its node's kubelet falls silent, the
  node lifecycle controller turns the node's Ready condition Unknown (node-monitor-grace-period
  after the last heartbeat it saw) and taints the node node.kubernetes.io/unreachable (NoSchedule
  and NoExecute); the taint-eviction controller deletes each pod on it once the pod's toleration
  of that taint runs out, marking it DisruptionTarget (reason DeletionByTaintManager). The pod then
  stays Terminating, bound to the silent node, until a kubelet there confirms the end of its
  containers. Nothing recreates a bare pod; a ReplicaSet creates a new pod (a new name and UID),
  which the scheduler binds to a healthy node.

  The scenarios stop a real kubelet (`@capability:nodeStop`: the local provider's extra nodes,
  never node 1, which hosts the control plane's processes and the registries; the API server,
  CoreDNS and kube-proxy are host processes, so the rest of the cluster keeps working), and run
  alone (`@run-alone`): a silent node fails every pod on it, so they are skipped while another
  run holds a lease on the cluster. The kubelet is always started again: by the scenario, else
  after it, else by the guard the stop leaves behind once the run's worker is gone.

  The pods prefer the node to be stopped (preferred node affinity on its kubernetes.io/hostname),
  so nothing in their spec forbids another node. They tolerate the unreachable and not-ready
  NoExecute taints for 5 s: without a toleration of their own the DefaultTolerationSeconds
  admission plugin gives them 300 s, which would hold the scenario for five minutes; 5 s rather
  than 0 so that the bound below shows the toleration counted. The bounds, from the cluster's own
  timestamps, follow v1.35's defaults, which the local cluster keeps: node-monitor-grace-period 50 s
  and node-monitor-period 5 s, so Ready turns Unknown 50-55 s after the controller saw the last
  heartbeat, which it sees up to one period after the kubelet wrote it: [49 s, 65 s] with a second
  for whole-second timestamps and a few for a loaded machine; the deletion comes tolerationSeconds
  after the controller saw the taint: [4 s, 15 s]. The controller marks the pod DisruptionTarget
  first and deletes it in a second request, so the scenarios wait for the deletion (STATUS
  Terminating) before they measure it.

  @NODE-04 @capability:nodeStop @run-alone
  Scenario: A bare pod on a node whose kubelet stops is deleted by the taint-eviction controller and not moved
    Given a node whose kubelet can be stopped "failing"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: bare
        labels: { app: bare }
      spec:
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                preference:
                  matchExpressions:
                    - { key: kubernetes.io/hostname, operator: In, values: ['${nodes.failing.hostname}'] }
        tolerations:
          - { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
          - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
              - name: HOST_IP
                valueFrom: { fieldRef: { fieldPath: status.hostIP } }
            command: [sh, -c, 'echo "node $NODE_NAME host $HOST_IP"; exec sleep 3600']
      """
    When I create it
    Then pod "bare" becomes Running within 1 minute
    And pod "bare" runs on node "${nodes.failing.name}"
    And the log of container "app" of pod "bare" contains "node ${nodes.failing.name} host ${nodes.failing.ip}"
    When I stop the kubelet of node "${nodes.failing.name}"
    Then condition Ready of node "${nodes.failing.name}" becomes "Unknown" within 90 seconds
    And condition Ready of node "${nodes.failing.name}" turned "Unknown" between 49 seconds and 65 seconds after its last heartbeat
    And node "${nodes.failing.name}" gets the taint "node.kubernetes.io/unreachable:NoExecute" within 30 seconds
    And node "${nodes.failing.name}" gets the taint "node.kubernetes.io/unreachable:NoSchedule" within 30 seconds
    And condition DisruptionTarget of pod "bare" becomes "True" within 30 seconds
    And condition DisruptionTarget of pod "bare" is "True" with reason "DeletionByTaintManager"
    And pod "bare" shows STATUS "Terminating" within 10 seconds
    And pod "bare" was deleted between 4 seconds and 15 seconds after node "${nodes.failing.name}" got the taint "node.kubernetes.io/unreachable:NoExecute"
    And pod "bare" keeps showing STATUS "Terminating" for 10 seconds
    And field "spec.nodeName" of pod "bare" is "${nodes.failing.name}"
    And the pods matching label selector "app=bare" are "bare"
    When I start the kubelet of node "${nodes.failing.name}"
    Then pod "bare" becomes gone within 1 minute
    And condition Ready of node "${nodes.failing.name}" becomes "True" within 1 minute
    And node "${nodes.failing.name}" loses the taint "node.kubernetes.io/unreachable:NoExecute" within 30 seconds
    And no pod matches label selector "app=bare"

  @NODE-05 @capability:nodeStop @run-alone
  Scenario: A ReplicaSet's pod on a node whose kubelet stops is replaced by a new pod on a healthy node
    Given a node whose kubelet can be stopped "failing"
    And the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels: { app: web }
        template:
          metadata:
            labels: { app: web }
          spec:
            affinity:
              nodeAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 100
                    preference:
                      matchExpressions:
                        - { key: kubernetes.io/hostname, operator: In, values: ['${nodes.failing.hostname}'] }
            tolerations:
              - { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
              - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5 }
            terminationGracePeriodSeconds: 1
            containers:
              - name: app
                image: ${images.busybox}
                imagePullPolicy: IfNotPresent
                env:
                  - name: NODE_NAME
                    valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
                  - name: HOST_IP
                    valueFrom: { fieldRef: { fieldPath: status.hostIP } }
                command: [sh, -c, 'echo "node $NODE_NAME host $HOST_IP"; exec sleep 3600']
      """
    When I create it
    Then a new pod matching label selector "app=web" appears within 30 seconds, called "first"
    And pod "${pods.first.name}" becomes Running within 1 minute
    And pod "${pods.first.name}" runs on node "${nodes.failing.name}"
    When I stop the kubelet of node "${nodes.failing.name}"
    Then condition Ready of node "${nodes.failing.name}" becomes "Unknown" within 90 seconds
    And node "${nodes.failing.name}" gets the taint "node.kubernetes.io/unreachable:NoExecute" within 30 seconds
    And condition DisruptionTarget of pod "${pods.first.name}" becomes "True" within 30 seconds
    And condition DisruptionTarget of pod "${pods.first.name}" is "True" with reason "DeletionByTaintManager"
    And a new pod matching label selector "app=web" appears within 30 seconds, called "second"
    And pod "${pods.second.name}" becomes Running within 1 minute
    And pod "${pods.second.name}" does not run on node "${nodes.failing.name}"
    And the log of container "app" of pod "${pods.second.name}" contains "node ${pods.second.node} host"
    And pod "${pods.first.name}" shows STATUS "Terminating" within 10 seconds
    And pod "${pods.first.name}" keeps showing STATUS "Terminating" for 5 seconds
    And field "spec.nodeName" of pod "${pods.first.name}" is "${nodes.failing.name}"
    And the pods matching label selector "app=web" are "${pods.first.name}, ${pods.second.name}"
    When I start the kubelet of node "${nodes.failing.name}"
    Then pod "${pods.first.name}" becomes gone within 1 minute
    And condition Ready of node "${nodes.failing.name}" becomes "True" within 1 minute
    And node "${nodes.failing.name}" loses the taint "node.kubernetes.io/unreachable:NoExecute" within 30 seconds
    And the pods matching label selector "app=web" are "${pods.second.name}"
