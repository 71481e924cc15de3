@epic:image-pull
Feature: Image pulls: from a registry, with and without the credentials a private one wants
  The kubelet pulls a container's image through the runtime before it creates the container:
  with imagePullPolicy Always on every start, even when the node holds the image already, and
  with the credentials of the pod's imagePullSecrets (kubernetes.io/dockerconfigjson Secrets) for
  the registry the image names. A pull that fails leaves the container waiting (ErrImagePull,
  then ImagePullBackOff) and the pod Pending. From upstream's "when running a container with a new
  image" specs (test/e2e/common/node/runtime.go); rows PULL-01..04 of the behaviour catalogue.

  The registries are real ones on the node's loopback: ${images.registryBusybox} answers anyone,
  ${images.privateRegistryBusybox} only the credentials pod-conformance / pod-conformance
  (htpasswd), and ${images.invalidRegistryBusybox} names a closed port, where no registry is. A
  cluster without the first two (the image map names none) skips those scenarios with the reason.
  Every pull here uses imagePullPolicy Always, so the Pulling and Pulled events name a pull that
  happened, never an image that was already there ("already present on machine").

  @PULL-01 @capability:registry
  Scenario: An image is pulled from a registry and its container runs; Always pulls it again while the node holds it
    The container's imageID is a repository digest (repository@sha256:…): the manifest a registry
    served. The second pod starts after the first one ran from the image, so the node holds it:
    Always still pulls ("Successfully pulled", not "already present on machine").

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: first-pull
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: image-pull-test
            image: ${images.registryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo running the pulled image; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: pull-again
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: image-pull-test
            image: ${images.registryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo running the image pulled again; exec sleep 3600']
      """
    When I create pod "first-pull"
    Then pod "first-pull" becomes Running within 1 minute
    And container "image-pull-test" of pod "first-pull" is running
    And the log of container "image-pull-test" of pod "first-pull" shows "running the pulled image" within 30 seconds
    And pod "first-pull" gets an event "Pulling" with a message matching "Pulling image \"${images.registryBusybox}\"" within 10 seconds
    And pod "first-pull" gets an event "Pulled" with a message matching "Successfully pulled image \"${images.registryBusybox}\"" within 10 seconds
    And the first "Started" event of pod "first-pull" came no earlier than its first "Pulled" event
    And container "image-pull-test" of pod "first-pull" has image "${images.registryBusybox}"
    And field "status.containerStatuses[name=image-pull-test].imageID" of pod "first-pull" matches "^[^@]+@sha256:[0-9a-f]{64}$"
    And pod "first-pull" has no "Failed" event
    When I create pod "pull-again"
    Then pod "pull-again" becomes Running within 1 minute
    And the log of container "image-pull-test" of pod "pull-again" shows "running the image pulled again" within 30 seconds
    And pod "pull-again" gets an event "Pulled" with a message matching "Successfully pulled image \"${images.registryBusybox}\"" within 10 seconds
    And pod "pull-again" has no "Pulled" event matching "already present on machine"
    And pod "pull-again" has no "Failed" event

  @PULL-02 @capability:registry
  Scenario: An image from a private registry is refused without an imagePullSecret: ErrImagePull, then ImagePullBackOff, the pod Pending
    The registry itself refuses the pull (401 Unauthorized, named in the kubelet's Failed event):
    it is there and serves the image to whoever brings its credentials (PULL-03).

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: no-secret
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: image-pull-test
            image: ${images.privateRegistryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo never printed; exec sleep 3600']
      """
    When I create it
    Then container "image-pull-test" of pod "no-secret" becomes waiting with reason "ImagePullBackOff" within 1 minute
    And pod "no-secret" gets an event "Pulling" with a message matching "Pulling image \"${images.privateRegistryBusybox}\"" within 10 seconds
    And pod "no-secret" gets an event "Failed" with a message matching "Failed to pull image \"${images.privateRegistryBusybox}\": .*[Uu]nauthorized" within 10 seconds
    And pod "no-secret" gets an event "BackOff" with a message matching "Back-off pulling image \"${images.privateRegistryBusybox}\"" within 30 seconds
    And container "image-pull-test" of pod "no-secret" went through "ErrImagePull, ImagePullBackOff" in that order
    And container "image-pull-test" of pod "no-secret" was never running
    And pod "no-secret" was Pending in every observed state
    And pod "no-secret" has no "Pulled" event

  @PULL-03 @capability:registry
  Scenario: An image from a private registry is pulled with the credentials of the pod's imagePullSecret, and its container runs
    The Secret holds the registry's credentials as a Docker config (kubernetes.io/dockerconfigjson,
    the `auth` field is base64 of "pod-conformance:pod-conformance", for the registry of the
    privateRegistryBusybox image: a cluster that maps that image to a registry of its own gives it
    these credentials); the container's imageID names the private registry's repository and the
    digest it served. Once the pod ran, the node
    holds the image; a pod without the Secret asking for it with Always is still refused by the
    registry: the credentials made the difference, not an image already there.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: private-registry
      type: kubernetes.io/dockerconfigjson
      stringData:
        .dockerconfigjson: |
          {"auths": {"${images.privateRegistryBusybox.registry}": {"username": "pod-conformance", "password": "pod-conformance", "auth": "cG9kLWNvbmZvcm1hbmNlOnBvZC1jb25mb3JtYW5jZQ=="}}}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: with-secret
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        imagePullSecrets:
          - name: private-registry
        containers:
          - name: image-pull-test
            image: ${images.privateRegistryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo running the private image; exec sleep 3600']
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: without-secret
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: image-pull-test
            image: ${images.privateRegistryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo never printed; exec sleep 3600']
      """
    When I create secret "private-registry"
    And I create pod "with-secret"
    Then pod "with-secret" becomes Running within 1 minute
    And container "image-pull-test" of pod "with-secret" is running
    And the log of container "image-pull-test" of pod "with-secret" shows "running the private image" within 30 seconds
    And pod "with-secret" gets an event "Pulling" with a message matching "Pulling image \"${images.privateRegistryBusybox}\"" within 10 seconds
    And pod "with-secret" gets an event "Pulled" with a message matching "Successfully pulled image \"${images.privateRegistryBusybox}\"" within 10 seconds
    And the first "Started" event of pod "with-secret" came no earlier than its first "Pulled" event
    And field "status.containerStatuses[name=image-pull-test].imageID" of pod "with-secret" matches "^${images.privateRegistryBusybox.registry}/[^@]+@sha256:[0-9a-f]{64}$"
    And pod "with-secret" has no "Failed" event
    When I create pod "without-secret"
    Then container "image-pull-test" of pod "without-secret" becomes waiting with reason "ErrImagePull" within 30 seconds
    And pod "without-secret" gets an event "Failed" with a message matching "Failed to pull image \"${images.privateRegistryBusybox}\": .*[Uu]nauthorized" within 10 seconds
    And pod "without-secret" was Pending in every observed state

  @PULL-04
  Scenario: An image from a registry that is not there is never pulled: ErrImagePull, then ImagePullBackOff, the pod Pending
    Upstream names a registry whose DNS name does not resolve; here it is a closed port on the
    node's loopback (${images.invalidRegistryBusybox}), so nothing leaves the machine. Always
    asks the registry on every attempt: the kubelet tries, fails and backs off.

    Given the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: invalid-registry
      spec:
        restartPolicy: Never
        terminationGracePeriodSeconds: 1
        containers:
          - name: image-pull-test
            image: ${images.invalidRegistryBusybox}
            imagePullPolicy: Always
            command: ['sh', '-c', 'echo never printed; exec sleep 3600']
      """
    When I create it
    Then container "image-pull-test" of pod "invalid-registry" becomes waiting with reason "ImagePullBackOff" within 1 minute
    And pod "invalid-registry" gets an event "Pulling" with a message matching "Pulling image \"${images.invalidRegistryBusybox}\"" within 10 seconds
    And pod "invalid-registry" gets an event "Failed" with a message matching "Failed to pull image \"${images.invalidRegistryBusybox}\"" within 10 seconds
    And pod "invalid-registry" gets an event "BackOff" with a message matching "Back-off pulling image \"${images.invalidRegistryBusybox}\"" within 30 seconds
    And container "image-pull-test" of pod "invalid-registry" went through "ErrImagePull, ImagePullBackOff" in that order
    And container "image-pull-test" of pod "invalid-registry" was never running
    And pod "invalid-registry" was Pending in every observed state
    And pod "invalid-registry" has no "Pulled" event
