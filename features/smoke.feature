@epic:pod-anatomy @smoke
Feature: The cluster answers end to end: a pod runs, its logs and exec work through the API
  The first scenario a new cluster should pass. It proves scheduling, the runtime, the test images,
  and the kubelet's log and exec endpoints as the API server proxies them, through the
  Kubernetes client library, the way `kubectl logs` and `kubectl exec -c` do.

  Seed: reference article 003 (kubectl logs / exec), row POD-09 of the behaviour catalogue.

  @POD-09
  Scenario: A pod reaches Running, its log is readable and exec runs in the container it names
    Each container leaves a different trace, so reading the log of one and exec-ing into the
    other shows that the API reaches the container the request names, not just "a" container.

    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: smoke
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: writer
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "hello from writer"; exec sleep 3600']
          - name: other
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sh, -c, 'echo "only in other" > /tmp/who; exec sleep 3600']
      """
    When I create it
    Then pod "smoke" becomes Running within 1 minute
    And the log of container "writer" of pod "smoke" contains "hello from writer"
    When I run "cat /tmp/who" in container "other" of pod "smoke"
    Then the command exits with code 0
    And its output contains "only in other"
    When I run "cat /tmp/who" in container "writer" of pod "smoke"
    Then the command exits with code 1
