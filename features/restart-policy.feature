@epic:restart-policy
Feature: Restart policy: which exits the kubelet restarts, and how long it waits between restarts
  A pod's restartPolicy decides what the kubelet does when a container exits: Always restarts it
  whatever its exit code, OnFailure only after a non-zero exit, Never not at all. Once no container
  will run again the pod reaches a final phase: Succeeded when every container exited 0, Failed
  when one did not. After the first restart, which comes at once, restarts of a container that
  keeps exiting are spaced by an exponential back-off (10 s, doubling, capped at 5 minutes) shown
  as the waiting reason CrashLoopBackOff.

  Seeds: reference articles 000 (section 二, Pod 的重启策略) and 004 (重启策略); rows RESTART-01..03
  of the behaviour catalogue. Upstream has no conformance test of the back-off timing.

  Every container below counts its runs in a file on an emptyDir (which outlives container
  restarts, not the pod) and writes "run N" to its log, so the number of runs is the container's
  own evidence, not only the restartCount the kubelet reports.

  @RESTART-01
  Scenario: restartPolicy defaults to Always, and the default is in force: a container that exits 0 is restarted
    The API server stores Always for a pod that does not say; the kubelet then restarts the
    container although it succeeded, which the container's own run counter shows. The second
    run's log can be read before the kubelet has written the restart count to the API, so the
    count is awaited before it is checked exactly.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: default-policy
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: state
            emptyDir: {}
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                n=$(( $(cat /state/runs 2>/dev/null || echo 0) + 1 )); echo $n > /state/runs
                echo "run $n"
                if [ "$n" -eq 1 ]; then sleep 1; exit 0; fi
                exec sleep 3600
            volumeMounts:
              - { name: state, mountPath: /state }
      """
    When I create it
    Then field "spec.restartPolicy" of pod "default-policy" is "Always"
    And the log of container "main" of pod "default-policy" shows "run 2" within 1 minute
    And container "main" of pod "default-policy" restarts at least 1 time within 30 seconds
    And container "main" of pod "default-policy" has 1 restart
    And the previous run of container "main" of pod "default-policy" terminated with reason "Completed" and exit code 0
    And the previous log of container "main" of pod "default-policy" contains "run 1"
    And pod "default-policy" is Running

  @RESTART-02
  Scenario Outline: restartPolicy <policy> after a first run that exits <exit>: <outcome>
    Run 1 exits with <exit> after a second, run 2 exits 0 after a second, any later run keeps
    running. So Always restarts twice (after a failure or a success alike; the first restart comes
    at once, the second after the 10-second back-off) and keeps running; OnFailure restarts only
    after the non-zero exit and then succeeds; Never runs once. The pod's phase turns final only
    once the kubelet has finished with the pod, shortly after the container's state, hence
    "becomes". The runs
    the container logged prove how often it ran; "keeps … restarts for 15 seconds" is longer than
    the first 10-second back-off, so a restart the policy forbids would show. The back-off before
    run 3 is the kubelet's BackOff event: its CrashLoopBackOff waiting state lasts only from the
    kubelet's sync at the back-off's expiry to the restart it starts there, and a loaded kubelet
    writes both in one status, so the state may never reach the API (the runs' ends do, as each
    next run's lastState). As upstream's "should run with the expected status" also checks, the
    pod is Ready only while its container keeps running, and it can be deleted: it is gone soon
    after the request (at once for a finished pod, after a 1 s grace for a running one).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: policy
      spec:
        restartPolicy: <policy>
        terminationGracePeriodSeconds: 1
        volumes:
          - name: state
            emptyDir: {}
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                n=$(( $(cat /state/runs 2>/dev/null || echo 0) + 1 )); echo $n > /state/runs
                echo "run $n"
                case $n in
                  1) sleep 1; exit <exit> ;;
                  2) sleep 1; exit 0 ;;
                  *) exec sleep 3600 ;;
                esac
            volumeMounts:
              - { name: state, mountPath: /state }
      """
    When I create it
    Then the log of container "main" of pod "policy" shows "run <last run>" within 90 seconds
    And container "main" of pod "policy" becomes <final state> within 30 seconds
    And pod "policy" becomes <phase> within 30 seconds
    And container "main" of pod "policy" has <restarts> restarts
    And container "main" of pod "policy" keeps <restarts> restarts for 15 seconds
    And pod "policy" shows STATUS "<status>"
    And container "main" of pod "policy" went through "<reasons>" in that order
    And pod "policy" gets at least <back-offs> "BackOff" events matching "Back-off restarting failed container main" within 10 seconds
    And condition Ready of pod "policy" is "<ready>"
    When I delete pod "policy"
    Then pod "policy" becomes gone within 30 seconds

    Examples:
      | policy    | exit | outcome                                   | last run | final state                                        | phase     | restarts | status    | reasons          | back-offs | ready |
      | Always    | 1    | restarted after both exits, keeps running | 3        | running                                            | Running   | 2        | Running   | Error, Completed | 1         | True  |
      | Always    | 0    | restarted after both exits, keeps running | 3        | running                                            | Running   | 2        | Running   | Completed        | 1         | True  |
      | OnFailure | 1    | restarted once, then Succeeded            | 2        | terminated with reason "Completed" and exit code 0 | Succeeded | 1        | Completed | Error, Completed | 0         | False |
      | OnFailure | 0    | not restarted, Succeeded                  | 1        | terminated with reason "Completed" and exit code 0 | Succeeded | 0        | Completed | Completed        | 0         | False |
      | Never     | 1    | not restarted, Failed                     | 1        | terminated with reason "Error" and exit code 1     | Failed    | 0        | Error     | Error            | 0         | False |
      | Never     | 0    | not restarted, Succeeded                  | 1        | terminated with reason "Completed" and exit code 0 | Succeeded | 0        | Completed | Completed        | 0         | False |

  @RESTART-03
  Scenario: A container that keeps failing is restarted at once, then after back-off delays of 10, 20 and 40 seconds
    The container fails a second after it starts. The kubelet restarts it at once after the first
    failure, then waits 10 s, 20 s, 40 s (exponential back-off from 10 s, doubling, capped at
    5 minutes); while it waits, the container's waiting reason is CrashLoopBackOff and STATUS shows
    it. The articles (000, 004) and the catalogue speak of delays of 10, 20, 40 s from the first
    failure on; v1.35 starts the back-off only with the second failure (the first restart has no
    delay), which this scenario encodes.

    Each delay is measured from the cluster's timestamps, the run's finishedAt to the next run's
    startedAt, over the recorded history (a single read keeps only the last run). A back-off of
    B seconds must give a delay in [B − 1 s, 1.5 B + 3 s]: −1 s for whole-second timestamps; at most
    half a back-off late because the kubelet requeues a pod in back-off with a jitter factor of 0.5
    (v1.35 at the back-off's expiry, so B … 1.5 B; v1.34 every 10–15 s, within 1.5 B for B ≥ 10),
    plus 3 s for its relist, the container's start and whole seconds. A restart without back-off
    comes at the next relist, about 2 s on a quiet node; a heavily loaded kubelet took 14 s once, so
    it must come before the first, 10 s back-off could have ended: within 8 s. The intervals of 0,
    10, 20 and 40 s ([0, 8], [9, 18], [19, 33], [39, 63]) are disjoint, so a back-off before the
    first restart, a constant, a linear or an undoubled back-off fails; five runs take about 75 s.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: crasher
      spec:
        terminationGracePeriodSeconds: 1
        volumes:
          - name: state
            emptyDir: {}
        containers:
          - name: main
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command:
              - sh
              - -c
              - |
                n=$(( $(cat /state/runs 2>/dev/null || echo 0) + 1 )); echo $n > /state/runs
                echo "run $n failing"; sleep 1; exit 2
            volumeMounts:
              - { name: state, mountPath: /state }
      """
    When I create it
    Then container "main" of pod "crasher" restarts at least 2 times within 1 minute
    And container "main" of pod "crasher" becomes waiting with reason "CrashLoopBackOff" within 30 seconds
    And pod "crasher" shows STATUS "CrashLoopBackOff"
    And container "main" of pod "crasher" restarts at least 4 times within 3 minutes
    And the log of container "main" of pod "crasher" shows "run 5 failing" within 30 seconds
    And container "main" of pod "crasher" was restarted after back-off delays of "0, 10, 20, 40" seconds
    And the previous run of container "main" of pod "crasher" terminated with reason "Error" and exit code 2
    And pod "crasher" went through STATUS "Error, CrashLoopBackOff" in that order
    And container "main" of pod "crasher" went through "Error, CrashLoopBackOff" in that order
