/**
 * The help pages: `pod-conformance help` (the commands, environment, report files and exit
 * codes) and one page per command (`help <command>`, `<command> --help`): what it does, its
 * options (from COMMAND_SPECS in scripts/args.ts, so a page never lists an option its command
 * refuses), examples. Every line fits in 80 columns (test/usage.test.ts).
 */
import { PROVIDER_NAMES } from '../clusters/index.ts';
import {
  COMMAND_SPECS,
  COMMANDS,
  MAX_PARALLEL,
  MAX_REPEAT,
  OUTPUTS,
  SHELLS,
  takesValue,
  type Command,
  type OptionName,
  type Shell,
} from './args.ts';

/** The widest line a page may have. */
export const PAGE_WIDTH = 80;

/** Each option: how it is written with its value, and what it does (wrapped by the page). */
const OPTION_HELP: Record<Exclude<OptionName, 'help' | 'version'>, [string, string]> = {
  tags: ['--tags <expression>', 'select scenarios by a cucumber tag expression: "@INIT-02 or @INIT-03"'],
  kubeconfig: ['--kubeconfig <path>', "an existing cluster's kubeconfig (implies --provider existing)"],
  context: ['--context <name>', 'the kubeconfig context to use'],
  provider: [
    `--provider <name>`,
    `${PROVIDER_NAMES.join(', ')}: the cluster to use or bring up (default: existing when a kubeconfig is given or KUBECONFIG is set, else kind when Docker and kind work, else local)`,
  ],
  keep: ['--keep failed|always', 'keep scenario namespaces for inspection (the console prints the delete command)'],
  parallel: [
    '--parallel <n>',
    `cucumber workers, 1 to ${MAX_PARALLEL} (default: from the selection's recorded durations and the nodes; or POD_CONFORMANCE_PARALLEL)`,
  ],
  report: ['--report', 'also write the HTML reports (html/behaviours.html, html/index.html)'],
  repeat: [
    '--repeat <n>',
    `run the selection n times in a row (1 to ${MAX_REPEAT}), each a run of its own, then per scenario how often it passed, failed and was skipped (also repeat.json)`,
  ],
  'in-cluster': [
    '--in-cluster',
    'run the scenarios as a pod inside the cluster: its own namespace, ServiceAccount and ClusterRole, the log live, the reports copied back, all removed after (docs/in-cluster.md)',
  ],
  'reports-dir': [
    '--reports-dir <dir>',
    "where reports go (default: POD_CONFORMANCE_REPORTS, else a checkout's reports/, else ./reports)",
  ],
  output: ['-o, --output json|wide', 'json: one JSON document for scripts; wide: more columns'],
  upstream: ['--upstream', 'per upstream e2e pod spec instead of per behaviour ID'],
  out: ['--out <file>', 'the HTML file to write (default: matrix.html in the reports directory)'],
  label: ['--label <name>', "a run's column name, once per run in order (default: its cluster's description)"],
  notes: ['--notes <file>', 'a YAML map of behaviour ID to a note shown in its row (why the runs differ there)'],
};

/** What a command does, one sentence for the command list and a paragraph for its page. */
const COMMAND_HELP: Record<
  Command,
  { summary: string; usage: string; about: string; examples: string[]; options?: [string, string][] }
> = {
  run: {
    summary: 'run the scenarios against a cluster',
    usage: 'run [options]',
    about:
      'Runs the selected scenarios against a cluster: a dry run first (bad input stops here, exit 2), then the cluster (the default local one is brought up when none runs), the sanity gate (skipped when every selected scenario is @api-level), and cucumber. Prints one line per scenario and ends with "N passed, N failed, N skipped".',
    examples: [
      'pod-conformance run --tags @INIT-02',
      'pod-conformance run --kubeconfig ~/.kube/config --report',
      'pod-conformance run --tags "@epic:probes and not @slow" --parallel 4',
      'pod-conformance run --tags @HOOK-06 --repeat 5',
      'pod-conformance run --in-cluster --kubeconfig ~/.kube/config',
    ],
  },
  test: {
    summary: 'typecheck, lint and unit tests, then the scenarios',
    usage: 'test [options]',
    about:
      "A checkout's npm test: the typecheck, lint and unit tests, then the scenarios as run does. Needs a checkout with its dev dependencies.",
    examples: ['pod-conformance test', 'pod-conformance test --tags @INIT-02'],
  },
  list: {
    summary: 'the behaviour IDs and scenarios a selection holds; no cluster',
    usage: 'list [--tags <expression>] [-o json|wide]',
    about:
      'Prints the behaviour IDs and scenarios the tag expression selects, in catalogue order, with where each scenario is; from the feature files and features/catalogue.yaml alone. Exit 2 when the selection is empty.',
    examples: ['pod-conformance list --tags @epic:probes', 'pod-conformance list --tags @INIT-02 -o json'],
  },
  report: {
    summary: "write the HTML reports again from the last run's results",
    usage: 'report [--reports-dir <dir>]',
    about:
      'Writes html/behaviours.html (the behaviours view) and html/index.html (the Allure scenario report) again from the allure-results and messages.ndjson of the last run.',
    examples: ['pod-conformance report'],
  },
  cleanup: {
    summary: 'remove the namespaces of runs that are gone',
    usage: 'cleanup [--kubeconfig <path>] [--context <name>] [--provider <name>]',
    about:
      'Deletes the namespaces of runs that are no longer alive (their lease expired) and lists those kept by --keep, with the command that deletes them.',
    examples: ['pod-conformance cleanup', 'pod-conformance cleanup --kubeconfig ~/.kube/config'],
  },
  catalogue: {
    summary: 'each behaviour ID and its last result; no cluster',
    usage: 'catalogue [--upstream] [-o json|wide] [<reports dir>]',
    about:
      'Per behaviour ID of features/catalogue.yaml: its scenario count and its result in the last run (read from <reports dir>/messages.ndjson, default the reports directory). With --upstream, per upstream e2e pod spec (features/upstream-specs.yaml): covered (by which IDs, and their result), out of scope (why) or pending (which issue). Exit 1 when the catalogue, the feature files and the upstream list disagree.',
    examples: ['pod-conformance catalogue', 'pod-conformance catalogue --upstream -o json reports/'],
  },
  matrix: {
    summary: 'several runs side by side; no cluster',
    usage: 'matrix <run> <run>… [--label <name>]… [--notes <file>] [--out <file>]',
    about:
      'Puts two or more runs side by side, each a reports directory or a conformance.json, and writes one HTML page (default: matrix.html in the reports directory).',
    examples: [
      'pod-conformance matrix runs/kind runs/gke --out reports/matrix.html',
      'pod-conformance matrix runs/a runs/b --label "runc" --label "crun"',
      'pod-conformance matrix runs/a runs/b --notes notes.yaml',
    ],
  },
  bench: {
    summary: 'run, timed: how fast the run and each phase was',
    usage: 'bench [run options]',
    about:
      "run with the same options, timed: prints the phases before the first scenario (runner start, preflight, cluster, sanity gate, cucumber start), the scenario phase and the detection latency, and writes bench.json. A checkout only (it times the checkout's npm run -s scenarios). With --repeat <n>, n runs each timed, then their stability.",
    examples: ['pod-conformance bench --tags @INIT-07', 'pod-conformance bench --repeat 3'],
  },
  cluster: {
    summary: 'the cluster itself: up, down, status, kubeconfig, logs …',
    usage:
      'cluster up [--nodes 1..3]|down [--force]|status|kubeconfig|logs [<dir>]|images|image kind|prerequisites|leftovers|restart <component> [--dry-run]|kubelet stop|start <node> [--provider <name>] [--kubeconfig <path>] [--context <name>]',
    about:
      "up brings the cluster up (the local provider: Kubernetes as host processes; kind; or an existing one) and loads the test images (--nodes: the number of local nodes, see POD_CONFORMANCE_LOCAL_NODES); down removes it (--force: even while runs use it); status says whether it runs (exit 3 when not); kubeconfig prints its path; logs copies component and node logs to <dir> (default reports/cluster-logs); images builds the test image archives; image kind builds the kind node image offline (docs/kind.md); prerequisites lists what the provider needs and what is missing; leftovers lists what of the cluster is on the host (local; kind on podman: containers, volumes, network, CNI chains made since; exit 1 when anything; nothing after down); restart stops and starts one component of the local cluster (fault injection); kubelet stop|start stops an extra local node's kubelet (a guard starts it again once the process that asked is gone) and starts it again (the node-failure scenarios, docs/multi-node.md).",
    options: [
      ['--provider <name>', `${PROVIDER_NAMES.join(', ')} (or POD_CONFORMANCE_PROVIDER)`],
      ['--kubeconfig <path>', "an existing cluster's kubeconfig (or KUBECONFIG)"],
      ['--context <name>', 'the kubeconfig context to use'],
      ['--force', 'down: even while runs on this machine use the cluster'],
      ['--dry-run', 'restart: check the component and the provider, restart nothing'],
      [
        '--nodes <1..3>',
        'up: the local cluster with that many nodes, adding or removing extra ones (docs/multi-node.md)',
      ],
    ],
    examples: [
      'pod-conformance cluster up',
      'pod-conformance cluster up --nodes 3',
      'export KUBECONFIG=$(pod-conformance cluster kubeconfig)',
      'pod-conformance cluster prerequisites --provider kind',
    ],
  },
  version: {
    summary: 'print the version',
    usage: 'version [-o json]',
    about: 'Prints the version of pod-conformance, and of Node.js it runs on. --version does the same.',
    examples: ['pod-conformance version', 'pod-conformance --version'],
  },
  completion: {
    summary: 'print a shell completion script (bash or zsh)',
    usage: 'completion bash|zsh',
    about:
      'Prints a script that completes the commands, options and their choices. Load it in the current shell, or add the line to ~/.bashrc or ~/.zshrc.',
    examples: ['source <(pod-conformance completion bash)', 'source <(pod-conformance completion zsh)'],
  },
  help: {
    summary: 'print this, or the page of a command',
    usage: 'help [<command>]',
    about: 'Prints the overview, or the page of one command (the same as <command> --help).',
    examples: ['pod-conformance help run'],
  },
};

/** `text` wrapped at PAGE_WIDTH, every line indented by `indent`, the first by `first` when given. */
export function wrap(text: string, indent: number, first = indent): string[] {
  const lines: string[] = [];
  let line = ' '.repeat(first);
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > PAGE_WIDTH) {
      lines.push(line);
      line = ' '.repeat(indent);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** A term and its description: the description beside the term when it fits, else below it. */
function entry(term: string, description: string, column: number): string[] {
  const head = `  ${term}`;
  if (head.length + 2 > column) return [head, ...wrap(description, column)];
  const [firstLine = '', ...more] = wrap(description, column);
  return [head + firstLine.slice(head.length), ...more];
}

const REPORT_FILES: [string, string][] = [
  ['junit.xml', 'JUnit XML, one test case per scenario (for CI)'],
  ['conformance.json', 'per behaviour ID its verdict, scenarios and evidence'],
  ['messages.ndjson', "cucumber's messages: every step, attachment and result"],
  ['allure-results/', 'the Allure results of every scenario'],
  ['html/behaviours.html', 'with --report: the behaviours view, failures first'],
  ['html/index.html', 'with --report: the Allure scenario report'],
  ['steps.md', 'the step vocabulary, written by every preflight'],
  ['run-timings.json', 'the phases before the first scenario (bench.json: bench)'],
  ['repeat.json', 'with --repeat: how often each scenario passed'],
];

const EXIT_CODES: [string, string][] = [
  ['0', 'every selected scenario passed (or was skipped, with its reason)'],
  ['1', 'a scenario, static check or unit test failed'],
  ['2', 'bad usage or input (an option, a tag expression, a feature file, a manifest): nothing ran'],
  ['3', 'no usable cluster: it could not be brought up or reached, or refused the namespaces'],
  ['130, 143', 'interrupted by SIGINT, SIGTERM'],
];

const ENVIRONMENT: [string, string][] = [
  ['POD_CONFORMANCE_IMAGE_MAP=<file>', 'map the test images to ones your cluster can pull (busybox: <ref>)'],
  ['POD_CONFORMANCE_IMAGE_MAP=upstream', "pull upstream's public images (registry.k8s.io)"],
  ['POD_CONFORMANCE_RBAC_WITHOUT=<list>', 'run --in-cluster: resources left out of its ClusterRole ("nodes/proxy")'],
  ['POD_CONFORMANCE_IMAGES_PRELOADED=1', 'the test image archives are on every node already'],
  ['POD_CONFORMANCE_CAPABILITIES=…', 'override capability detection ("hostPath,-multinode")'],
  ['POD_CONFORMANCE_LOCAL_INSTALL=never', 'the local provider names missing Debian packages, installs none'],
  [
    'POD_CONFORMANCE_LOCAL_NODES=1..3',
    "the local cluster's nodes, each extra one a kubelet with its own containerd on this host (also cluster up --nodes N; unset: a running cluster keeps its nodes); docs/multi-node.md",
  ],
  ['POD_CONFORMANCE_REPORTS=<dir>', 'where reports go (as --reports-dir)'],
  ['POD_CONFORMANCE_PROVIDER=<name>', 'as --provider'],
  ['POD_CONFORMANCE_SANITY_GATE=off', 'no sanity gate: every selected scenario runs, whatever the nodes do'],
  ['POD_CONFORMANCE_NO_INSTALL=1', 'a checkout lacking dependencies fails, naming them, instead of running npm ci'],
];

function section(title: string, rows: [string, string][], column: number): string[] {
  return ['', `${title}:`, ...rows.flatMap(([term, description]) => entry(term, description, column))];
}

/** The overview: `pod-conformance help`, `--help`. */
export function overview(): string {
  const lines = [
    'usage: pod-conformance <command> [options]',
    '',
    ...wrap(
      'A conformance suite for Kubernetes Pod behaviour: Gherkin scenarios run against a real cluster, a report per behaviour ID. Run it against your own cluster with --kubeconfig, or let it bring up a local one.',
      0,
    ),
    ...section(
      'commands',
      COMMANDS.map((c) => [c, COMMAND_HELP[c].summary]),
      14,
    ),
    '',
    ...wrap('Each command has its page: pod-conformance help <command>, or pod-conformance <command> --help.', 0),
    '',
    'examples:',
    '  pod-conformance run --tags @INIT-02',
    '  pod-conformance run --kubeconfig ~/.kube/config --report',
    '  pod-conformance list --tags @epic:probes',
    '  source <(pod-conformance completion bash)',
    ...section('report files (in the reports directory, default reports/)', REPORT_FILES, 24),
    ...section('environment', ENVIRONMENT, 4).map((l) => l.replace(/^ {2}(POD_)/, '  $1')),
    ...section('exit codes', EXIT_CODES, 12),
    '',
    ...wrap(
      'In a checkout: npm run conformance -- [options] is "run --report", npm run scenarios -- [options] is "run", npm test -- [options] is "test" (npm needs the "--").',
      0,
    ),
  ];
  return lines.join('\n');
}

/** The page of one command: `help <command>`, `<command> --help`. */
export function commandPage(command: Command): string {
  const help = COMMAND_HELP[command];
  const spec = COMMAND_SPECS[command];
  const usage = wrap(`usage: pod-conformance ${help.usage}`, 8, 0);
  const options = [
    ...spec.options.flatMap((name) => {
      if (name === 'help' || name === 'version') return [];
      const [term, description] = OPTION_HELP[name];
      return entry(term, description, 26);
    }),
    ...(help.options ?? []).flatMap(([term, description]) => entry(term, description, 26)),
  ];
  const lines = [...usage, '', ...wrap(help.about, 0)];
  if (options.length > 0) lines.push('', 'options:', ...options);
  if (options.length === 0) lines.push('', 'options:');
  lines.push(...entry('-h, --help', 'print this page', 26));
  lines.push('', 'examples:', ...help.examples.map((e) => `  ${e}`));
  if (command === 'run' || command === 'test' || command === 'bench' || command === 'report')
    lines.push(
      '',
      ...wrap(
        'Report files: junit.xml, conformance.json, messages.ndjson, allure-results/, with --report html/behaviours.html and html/index.html, in the reports directory (pod-conformance --help lists them all).',
        0,
      ),
    );
  if (command === 'run' || command === 'test')
    lines.push(
      '',
      ...wrap(
        'Exit codes: 0 passed, 1 a scenario failed, 2 bad usage or input (nothing ran), 3 no usable cluster, 130/143 interrupted.',
        0,
      ),
    );
  return lines.join('\n');
}

/** The page `help` prints: the overview, or a command's. */
export function usage(topic?: Command): string {
  return topic && topic !== 'help' ? commandPage(topic) : overview();
}

/** The choices an option's value has, for the completion. */
const VALUE_CHOICES: Partial<Record<OptionName, readonly string[]>> = {
  provider: PROVIDER_NAMES,
  keep: ['failed', 'always'],
  output: OUTPUTS,
};
/** Options whose value is a path. */
const PATH_OPTIONS: OptionName[] = ['kubeconfig', 'reports-dir', 'out', 'notes'];
const CLUSTER_WORDS = [
  ...[
    'up',
    'down',
    'status',
    'kubeconfig',
    'logs',
    'images',
    'image',
    'prerequisites',
    'leftovers',
    'restart',
    'kubelet',
  ],
  ...['--provider', '--kubeconfig', '--context', '--force', '--dry-run', '--nodes'],
];

/**
 * `completion bash|zsh`: a bash completion function over COMMAND_SPECS (zsh loads it through
 * bashcompinit): the commands, each command's options, the choices of --provider, --keep and -o,
 * paths for --kubeconfig, --reports-dir, --out, --notes and the runs of matrix and catalogue, the
 * subcommands of cluster, the shells of completion, the commands of help.
 */
export function completionScript(shell: Shell): string {
  const perCommand = COMMANDS.map((c) => {
    const words = [...COMMAND_SPECS[c].options.map((o) => `--${o}`), '--help'];
    if (COMMAND_SPECS[c].options.includes('output')) words.push('-o');
    const extra = c === 'help' ? COMMANDS : c === 'completion' ? SHELLS : c === 'cluster' ? CLUSTER_WORDS : [];
    const files = c === 'catalogue' || c === 'matrix' ? ' ; _pc_files=1' : '';
    return `    ${c}) opts="${[...words, ...extra].join(' ')}"${files} ;;`;
  });
  const valueCases = (Object.keys(VALUE_CHOICES) as OptionName[]).map((o) => {
    const names = o === 'output' ? '-o|--output' : `--${o}`;
    return `    ${names}) COMPREPLY=($(compgen -W "${VALUE_CHOICES[o]!.join(' ')}" -- "$cur")); return ;;`;
  });
  const valueOptions = (Object.keys(OPTION_HELP) as OptionName[]).filter(
    (o) => takesValue(o) && !VALUE_CHOICES[o] && !PATH_OPTIONS.includes(o),
  );
  const bash = [
    '# pod-conformance completion (bash): source <(pod-conformance completion bash)',
    '_pod_conformance() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" opts="" _pc_files="" i',
    '  [[ $COMP_CWORD -gt 0 ]] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case "${COMP_WORDS[i]}" in -*) ;; *) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  case "$prev" in',
    ...valueCases,
    `    ${PATH_OPTIONS.map((o) => `--${o}`).join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`,
    `    ${valueOptions.map((o) => `--${o}`).join('|')}) return ;;`,
    '  esac',
    '  case "$cmd" in',
    `    "") opts="${COMMANDS.join(' ')} --help --version" ;;`,
    ...perCommand,
    '  esac',
    '  COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
    '  if [[ -n $_pc_files && $cur != -* ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi',
    '}',
    'complete -F _pod_conformance pod-conformance',
  ];
  if (shell === 'bash') return bash.join('\n');
  return [
    '# pod-conformance completion (zsh): source <(pod-conformance completion zsh)',
    '(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }',
    'autoload -U +X bashcompinit && bashcompinit',
    ...bash.slice(1),
  ].join('\n');
}
