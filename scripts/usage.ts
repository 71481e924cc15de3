/**
 * `pod-conformance help`: the commands, options, environment and exit codes, as one text.
 */
import { PROVIDER_NAMES } from '../clusters/index.ts';
import { MAX_PARALLEL, MAX_REPEAT } from './args.ts';

export const USAGE = `usage: pod-conformance <command> [options]

commands:
  run       run the scenarios against a cluster; without --kubeconfig or --provider the default
            (local) cluster is used, and brought up when none is running
  test      typecheck, lint and unit tests, then the scenarios (a checkout's npm test)
  list      print the behaviour IDs and scenarios the options select; needs no cluster
  report    write the HTML report again from the last run's results
  cleanup   remove the namespaces of runs that are no longer alive; list those kept by --keep
  catalogue [--upstream] [<reports dir>]
            per behaviour ID its scenario count and its result in the last run (read from
            <reports dir>/messages.ndjson, default the reports directory); with --upstream, per
            upstream e2e pod spec (features/upstream-specs.yaml) whether it is covered (by which
            IDs, and their result), out of scope (why) or pending (which issue); exit 1 when the
            catalogue, the feature files and the upstream list disagree; needs no cluster
  matrix <run> <run>… [--out <file>]
            several runs side by side, each a reports directory or a conformance.json; writes
            <file> (default: matrix.html in the reports directory); needs no cluster
  bench [options]
            \`run\` with the same options, timed: prints how fast the run was and writes
            reports/bench.json; a checkout only (it times the checkout's npm run -s scenarios,
            npm's start included); with --repeat <n>, n runs each timed, then their stability
  cluster   up|down|status|restart|kubeconfig|logs|images|prerequisites: the cluster itself
            (pod-conformance cluster --help)
  help      print this

options (of run, test and bench; list takes --tags only; cleanup --kubeconfig, --context,
--provider; report none; catalogue --upstream; matrix --out):
  --tags <expression>         select scenarios (cucumber tag expression: "@INIT-02 or @INIT-03")
  --kubeconfig <path>         an existing cluster's kubeconfig (implies --provider existing)
  --context <name>            the kubeconfig context to use
  --provider ${PROVIDER_NAMES.join('|')}
  --keep failed|always        keep scenario namespaces for inspection (the console prints the delete command)
  --parallel <n>              cucumber workers, 1 to ${MAX_PARALLEL} (default: chosen from the selection's
                              recorded durations and the cluster's nodes; or POD_CONFORMANCE_PARALLEL)
  --report                    also write the HTML report (reports/html/behaviours.html, index.html)
  --repeat <n>                run and bench: the selection n times in a row (1 to ${MAX_REPEAT}), each
                              a run of its own, then per scenario how often it passed, failed and was
                              skipped, with the first line of each failure (also reports/repeat.json)
  -h, --help                  print this and exit

environment:
  POD_CONFORMANCE_IMAGE_MAP=<file>     map the test images to ones your cluster can pull (busybox: ref)
  POD_CONFORMANCE_IMAGE_MAP=upstream   pull upstream's public images (registry.k8s.io) instead of loading ours
  POD_CONFORMANCE_IMAGES_PRELOADED=1   the test image archives are imported on every node already
  POD_CONFORMANCE_CAPABILITIES=…       override capability detection ("hostPath,-multinode")
  POD_CONFORMANCE_LOCAL_INSTALL=never  the local provider names missing Debian packages, installs none
  POD_CONFORMANCE_REPORTS=<dir>        where reports go (default: a checkout's reports/, else ./reports)
  POD_CONFORMANCE_NO_INSTALL=1         a checkout with missing dependencies fails, naming them, instead
                                       of running npm ci first

exit codes:
  0         every selected scenario passed (or was skipped, with its reason)
  1         a scenario, static check or unit test failed
  2         bad usage or input (an option, a tag expression, a feature file, a manifest): nothing ran
  3         no usable cluster: it could not be brought up or reached, or refused the run's namespaces
  130, 143  interrupted by SIGINT, SIGTERM

In a checkout: npm run conformance -- [options] is \`run --report\`, npm run scenarios -- [options] is
\`run\`, npm test -- [options] is \`test\`, npm run catalogue|matrix|bench -- … the command of that
name (npm needs the "--").`;
