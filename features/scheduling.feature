@epic:pod-anatomy
Feature: Scheduling: nodeSelector and nodeName
  The scheduler binds a pod only to a node whose labels match its nodeSelector; a pod whose
  nodeName is set is bound by its creator and the scheduler never touches it; once bound, a pod
  never moves to another node.

  Seed: reference article 002 (NodeSelector, NodeName), rows POD-07 and POD-08 of the behaviour
  catalogue. The scenarios never label, taint or cordon a node: they target the nodes through the
  labels and names the nodes already have (`Given a schedulable node "target"`), so they run on any
  cluster and leave it as they found it.

  @POD-07
  Scenario: A pod whose nodeSelector matches a node's own label is scheduled to that node
    The catalogue suggests labelling the node for the scenario; we do not, because the suite must
    never change what it did not create (other tenants' pods may select on node labels). Every
    node carries kubernetes.io/hostname, which is as much a label as any other for nodeSelector.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: selected
      spec:
        nodeSelector:
          kubernetes.io/hostname: ${nodes.target.hostname}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
            command: [sh, -c, 'echo "running on node $NODE_NAME"; exec sleep 3600']
      """
    When I create it
    Then pod "selected" becomes Running within 1 minute
    And pod "selected" gets an event "Scheduled" with a message matching "to ${nodes.target.name}" within 30 seconds
    And field "spec.nodeName" of pod "selected" is "${nodes.target.name}"
    And the log of container "app" of pod "selected" contains "running on node ${nodes.target.name}"

  @POD-07 @api-level
  Scenario: A pod whose nodeSelector matches no node stays Pending and Unschedulable
    The label key is the suite's own and its value the scenario's namespace, so no node can carry
    it (the catalogue's "label the node" is not needed, see the scenario above). The scheduler's
    FailedScheduling event is the positive trace that it considered the pod and found no node.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: unmatched
      spec:
        nodeSelector:
          pod-conformance.io/no-node-has-this: ${namespace}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
      """
    When I create it
    Then pod "unmatched" gets an event "FailedScheduling" with a message matching "didn't match Pod's node affinity/selector" within 1 minute
    And condition PodScheduled of pod "unmatched" is "False" with reason "Unschedulable"
    And pod "unmatched" stays Pending for 10 seconds
    And field "spec.nodeName" of pod "unmatched" is "null"
    And pod "unmatched" was Pending in every observed state

  @POD-08
  Scenario: nodeName bypasses the scheduler, and a bound pod cannot be moved
    The pod is created with spec.nodeName already set: the watch's first event has the node, no
    Scheduled event is emitted, and the kubelet of that node runs it. Afterwards neither an update
    of nodeName nor a Binding (what the scheduler itself posts) can move it.

    Given a schedulable node "target"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pinned
      spec:
        nodeName: ${nodes.target.name}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "started by the kubelet of the pinned node"; exec sleep 3600']
      """
    When I create it
    Then pod "pinned" becomes Running within 1 minute
    And the log of container "app" of pod "pinned" contains "started by the kubelet of the pinned node"
    And the watch saw pod "pinned" added already bound to node "${nodes.target.name}"
    And pod "pinned" has no "Scheduled" event
    When I try to patch pod "pinned" with:
      """
      spec:
        nodeName: elsewhere-${namespace}
      """
    Then the API rejects it as invalid
    And the rejection message contains "pod updates may not change fields"
    When I try to bind pod "pinned" to node "elsewhere-${namespace}"
    Then the API refuses it with HTTP status 409
    And the rejection message contains "already assigned to node"
    And field "spec.nodeName" of pod "pinned" is "${nodes.target.name}"
    And container "app" of pod "pinned" is running

  @POD-08 @capability:multinode
  Scenario: A pod bound to one node is not moved to another real node
    With two schedulable nodes, the update and the Binding name a node that exists and could run
    the pod; both are still refused and the pod keeps running where it was bound.

    Given a schedulable node "first"
    And a schedulable node "second"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pinned
      spec:
        nodeName: ${nodes.first.name}
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "started on the first node"; exec sleep 3600']
      """
    When I create it
    Then pod "pinned" becomes Running within 1 minute
    And the log of container "app" of pod "pinned" contains "started on the first node"
    When I try to patch pod "pinned" with:
      """
      spec:
        nodeName: ${nodes.second.name}
      """
    Then the API rejects it as invalid
    When I try to bind pod "pinned" to node "${nodes.second.name}"
    Then the API refuses it with HTTP status 409
    And pod "pinned" stays Running for 5 seconds
    And field "spec.nodeName" of pod "pinned" is "${nodes.first.name}"
    And the watch saw pod "pinned" added already bound to node "${nodes.first.name}"
