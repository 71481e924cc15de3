/*
 * The pod sandbox ("infra") process of pod-conformance's local cluster: it holds the pod's
 * namespaces open and does nothing else. As PID 1 of a pod that shares its process namespace it
 * must also reap orphaned children, or they stay zombies. Exits 0 on SIGTERM or SIGINT.
 * Built static (musl-gcc -static -Os) so the image needs no libc: see clusters/images/.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int signo) {
  (void)signo;
  _exit(0);
}

static void on_child(int signo) {
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction stop = {.sa_handler = on_stop};
  struct sigaction child = {.sa_handler = on_child, .sa_flags = SA_NOCLDSTOP | SA_RESTART};
  if (sigaction(SIGTERM, &stop, NULL) != 0 || sigaction(SIGINT, &stop, NULL) != 0 ||
      sigaction(SIGCHLD, &child, NULL) != 0) {
    return 1;
  }
  for (;;) {
    pause();
  }
}
