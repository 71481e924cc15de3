@epic:configuration
Feature: emptyDir volumes: a world-writable scratch directory on the node's disk or in memory
  The kubelet makes an emptyDir as a directory with permissions 0777 owned by root: on the
  node's disk by default, on tmpfs with `medium: Memory` (whose root also has the sticky bit, mode
  1777, as tmpfs makes it; upstream checks the permissions alone, and so does this outline). Any
  user of the pod can create files there, which keep the mode and owner they were given. Upstream
  has one spec per user, mode and medium (a test image creates the file and prints its
  permissions and the mount type); here they are one outline, each row its own result, with the
  file's and the directory's mode, owner, group and filesystem read by exec, and the default
  medium shown to be no tmpfs.

  Source: upstream e2e (common/storage/empty_dir.go), row EMPTYDIR-01 of the behaviour catalogue.

  @EMPTYDIR-01
  Scenario Outline: An emptyDir on <medium> is a 0777 directory owned by root where user <uid> creates a file with mode <mode>
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: emptydir
      spec:
        terminationGracePeriodSeconds: 1
        securityContext: { runAsUser: <uid>, runAsGroup: <uid> }
        volumes:
          - name: test-volume
            emptyDir: { medium: '<medium field>' }
        containers:
          - name: test-container
            image: ${images.busybox}
            imagePullPolicy: IfNotPresent
            command: [sleep, '3600']
            volumeMounts:
              - { name: test-volume, mountPath: /test-volume }
      """
    When I create it
    Then pod "emptydir" becomes Running within 1 minute
    And file "/test-volume" in container "test-container" of pod "emptydir" has:
      | type        | directory    |
      | permissions | 0777         |
      | owner       | 0            |
      | group       | 0            |
      | filesystem  | <filesystem> |
    When I run "umask 0 && printf 'mount-tester new file\n' > /test-volume/test-file && chmod <mode> /test-volume/test-file" in container "test-container" of pod "emptydir"
    Then the command exits with code 0
    And file "/test-volume/test-file" in container "test-container" of pod "emptydir" has:
      | type       | regular file             |
      | mode       | <mode>                   |
      | owner      | <uid>                    |
      | group      | <uid>                    |
      | content    | mount-tester new file\n  |
      | filesystem | <filesystem>             |

    Examples:
      | uid  | mode | medium              | medium field | filesystem |
      | 0    | 0644 | tmpfs               | Memory       | tmpfs      |
      | 0    | 0666 | tmpfs               | Memory       | tmpfs      |
      | 0    | 0777 | tmpfs               | Memory       | tmpfs      |
      | 1001 | 0644 | tmpfs               | Memory       | tmpfs      |
      | 1001 | 0666 | tmpfs               | Memory       | tmpfs      |
      | 1001 | 0777 | tmpfs               | Memory       | tmpfs      |
      | 0    | 0644 | the default medium  |              | not tmpfs  |
      | 0    | 0666 | the default medium  |              | not tmpfs  |
      | 0    | 0777 | the default medium  |              | not tmpfs  |
      | 1001 | 0644 | the default medium  |              | not tmpfs  |
      | 1001 | 0666 | the default medium  |              | not tmpfs  |
      | 1001 | 0777 | the default medium  |              | not tmpfs  |
