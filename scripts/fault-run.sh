#!/usr/bin/env bash
# A run of the scenarios with one fault in it, for the fault table of the local cluster:
#
#   scripts/fault-run.sh <component> <delay> [run options…]
#   scripts/fault-run.sh kubelet 40s --tags "@epic:probes"
#
# runs `pod-conformance run [run options…]` and, <delay> after its first scenario starts (cucumber's
# first testCaseStarted in the run's messages.ndjson), restarts <component> of the local cluster
# with `pod-conformance cluster restart <component>` (clusters/local/faults.ts), which prints what
# it did and how long the outage lasted. <delay>: whole seconds, minutes or hours (40, 40s, 2m).
#
# Exit code: the run's; at least 1 when the fault was not injected (the run ended first) or the
# component did not come back healthy; 2 for bad usage, before anything runs.
set -u

usage='usage: scripts/fault-run.sh <component> <delay: 40s, 2m, 90> [run options, e.g. --tags "@epic:probes"]'
if [ $# -lt 2 ]; then
  echo "error: $usage" >&2
  exit 2
fi
component=$1
delay=$2
shift 2
if ! [[ $delay =~ ^([0-9]+)([smh]?)$ ]]; then
  echo "error: delay \"$delay\" is not a whole number of seconds, minutes or hours (40, 40s, 2m); $usage" >&2
  exit 2
fi
case ${BASH_REMATCH[2]} in
  m) delay_ms=$((BASH_REMATCH[1] * 60000)) ;;
  h) delay_ms=$((BASH_REMATCH[1] * 3600000)) ;;
  *) delay_ms=$((BASH_REMATCH[1] * 1000)) ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
pc() { node "$root/bin/pod-conformance.mjs" "$@"; }
# The component and the provider, checked before the run starts (bad ones: one line, exit 2).
pc cluster restart "$component" --dry-run >/dev/null || exit $?

# Where the run writes cucumber's messages (scripts/shared/paths.ts: a checkout's reports/, an
# installed package's ./reports, or POD_CONFORMANCE_REPORTS).
if [ -n "${POD_CONFORMANCE_REPORTS:-}" ]; then
  reports=$(realpath -m "$POD_CONFORMANCE_REPORTS")
elif [[ $root == */node_modules/* ]]; then
  reports=$PWD/reports
else
  reports=$root/reports
fi
messages=$reports/messages.ndjson

now_ms() { date +%s%3N; }
seconds() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/start"
started=$(now_ms)

# The injector: waits for the run's first scenario, then the delay, then restarts the component.
# It gives up when the run is over first ($tmp/done).
(
  until [ "$messages" -nt "$tmp/start" ] && grep -q '"testCaseStarted"' "$messages" 2>/dev/null; do
    if [ -e "$tmp/done" ]; then
      echo "fault-run: the run ended before its first scenario; no fault injected"
      exit 1
    fi
    sleep 0.2
  done
  first=$(now_ms)
  echo "fault-run: first scenario started $(seconds $((first - started))) s after the run; restarting $component in $delay"
  while [ $(($(now_ms) - first)) -lt "$delay_ms" ]; do
    if [ -e "$tmp/done" ]; then
      echo "fault-run: the run ended before $delay had passed; no fault injected"
      exit 1
    fi
    sleep 0.2
  done
  echo "fault-run: injecting at +$(seconds $(($(now_ms) - first))) s after the first scenario ($(date +%T))"
  pc cluster restart "$component"
) &
injector=$!

# The run in the foreground: it gets the terminal's signals as usual; the restart defers them
# until the component runs again.
pc run "$@"
code=$?
touch "$tmp/done"
wait "$injector"
fault=$?
if [ "$fault" -ne 0 ]; then
  echo "fault-run: the fault was not injected, or $component did not come back healthy (exit $fault)"
  [ "$code" -eq 0 ] && code=1
fi
exit "$code"
