@epic:nodes
Feature: Placement among several nodes: nodeSelector, node affinity, pod affinity and anti-affinity
  With a choice of nodes, the scheduler MUST bind a pod only where its nodeSelector and required
  node affinity allow, and MUST honour required pod affinity (with the pods it names) and
  anti-affinity (away from them) per topology domain.

  Seeds: reference article 002 (nodeSelector), 004 (the scheduler chooses a node by affinity
  rules, taints and tolerations) and 000 (pod affinity). Every scenario needs two schedulable
  nodes (`@capability:multinode`, skipped on a single node) and never labels, taints or cordons a
  node: the nodes are told apart by their own kubernetes.io/hostname label and name. The evidence
  is where the pod runs, from two writers: the binding (spec.nodeName) and the kubelet that took
  the pod (status.hostIP, the node's InternalIP), and the container's own line naming both.

  @NODE-01 @capability:multinode
  Scenario: A nodeSelector among several nodes puts the pod on the one node that matches
    The pod selects the second node by name (its kubernetes.io/hostname): the scheduler could
    put it on the first (also schedulable, named here first), and must not.

    Given a schedulable node "first"
    And a schedulable node "second"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: selected
      spec:
        nodeSelector:
          kubernetes.io/hostname: ${nodes.second.hostname}
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
    Then pod "selected" becomes Running within 1 minute
    And pod "selected" runs on node "${nodes.second.name}"
    And the log of container "app" of pod "selected" contains "node ${nodes.second.name} host ${nodes.second.ip}"
    And pod "selected" does not run on node "${nodes.first.name}"

  @NODE-02 @capability:multinode
  Scenario: Required node affinity In puts the pod on a listed node, NotIn keeps it off the listed one
    Two pods with requiredDuringSchedulingIgnoredDuringExecution: "chosen" may only go to the
    second node (In), "avoiding" anywhere but the second node (NotIn). Neither rule labels a node.

    Given a schedulable node "first"
    And a schedulable node "second"
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: chosen
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - { key: kubernetes.io/hostname, operator: In, values: ['${nodes.second.hostname}'] }
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
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: avoiding
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - { key: kubernetes.io/hostname, operator: NotIn, values: ['${nodes.second.hostname}'] }
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
            command: [sh, -c, 'echo "node $NODE_NAME"; exec sleep 3600']
      """
    When I create pod "chosen"
    And I create pod "avoiding"
    Then pod "chosen" becomes Running within 1 minute
    And pod "avoiding" becomes Running within 1 minute
    And pod "chosen" runs on node "${nodes.second.name}"
    And the log of container "app" of pod "chosen" contains "node ${nodes.second.name} host ${nodes.second.ip}"
    And pod "avoiding" does not run on node "${nodes.second.name}"
    And the log of container "app" of pod "avoiding" does not contain "node ${nodes.second.name}"
    And pods "chosen" and "avoiding" run on different nodes

  @NODE-03 @capability:multinode
  Scenario: Required pod anti-affinity spreads two pods over two nodes; pod affinity puts a third beside the first
    "one" and "two" carry the same label and refuse a node (topology kubernetes.io/hostname) that
    already runs a pod with it, so they must land on two nodes. "beside" requires a node running
    a pod labelled role=one: only the node of "one" qualifies.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: one
        labels: { app: spread, role: one }
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: { matchLabels: { app: spread } }
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
            command: [sh, -c, 'echo "node $NODE_NAME"; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: two
        labels: { app: spread, role: two }
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: { matchLabels: { app: spread } }
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
            command: [sh, -c, 'echo "node $NODE_NAME"; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: beside
      spec:
        affinity:
          podAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: { matchLabels: { role: one } }
        terminationGracePeriodSeconds: 1
        containers:
          - name: app
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            env:
              - name: NODE_NAME
                valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
            command: [sh, -c, 'echo "node $NODE_NAME"; exec sleep 3600']
      """
    When I create pod "one"
    Then pod "one" becomes Running within 1 minute
    When I create pod "two"
    And I create pod "beside"
    Then pod "two" becomes Running within 1 minute
    And pod "beside" becomes Running within 1 minute
    And pods "one" and "two" run on different nodes
    And pods "one" and "beside" run on the same node
    And the log of container "app" of pod "beside" contains "node ${pods.one.node}"
