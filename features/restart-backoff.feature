@epic:restart-policy
Feature: Restart back-off is per container image: a new image starts without waiting out the old back-off
  The kubelet keys a container's crash-loop back-off by the container's name and image: once the
  image changes, the pending back-off no longer applies and the container starts at once. Row
  BACKOFF-01 of the behaviour catalogue, from upstream's "Pods should have their
  auto-restart back-off timer reset on image update" (test/e2e/common/node/pods.go, about 7
  minutes there, under one here).

  @BACKOFF-01
  Scenario: A container in a 40 s back-off starts at once when its image is changed
    The container sets only args: busybox runs them as the command (sh that fails after 1 s), the
    pause image passes them to /pause, which ignores them and runs. The first runs must show the
    back-off growing (no delay, then 10 s, then 20 s, within RESTART-03's bounds), so when the
    fourth run has ended the kubelet owes a 40 s back-off (at least 39 s on whole-second
    timestamps). The image is changed then; the next run must start within 20 s of the previous
    run's end, which only a reset back-off allows, and it must be the pause image's.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: back-off-image
      spec:
        terminationGracePeriodSeconds: 1
        containers:
          - name: back-off
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            args: ['sh', '-c', 'echo "busybox run failing"; sleep 1; exit 1']
      """
    When I create it
    Then container "back-off" of pod "back-off-image" restarts at least 3 times within 2 minutes
    And container "back-off" of pod "back-off-image" becomes terminated with exit code 1 within 30 seconds
    And container "back-off" of pod "back-off-image" was restarted after back-off delays of "0, 10, 20" seconds
    When I patch pod "back-off-image" with:
      """yaml
      spec:
        containers:
          - name: back-off
            image: ${images.pause}
      """
    Then container "back-off" of pod "back-off-image" becomes running within 20 seconds
    And the latest run of container "back-off" of pod "back-off-image" started at most 20 seconds after the run before it ended
    And field "status.containerStatuses[name=back-off].image" of pod "back-off-image" is "${images.pause}"
    And container "back-off" of pod "back-off-image" has 4 restarts
    And container "back-off" of pod "back-off-image" keeps 4 restarts for 5 seconds
