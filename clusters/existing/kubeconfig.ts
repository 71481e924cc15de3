/**
 * The provider interface hands the harness one kubeconfig path, and the harness uses its current
 * context. When the user names a context, or KUBECONFIG lists several files, we therefore write a
 * minified kubeconfig (one context, its cluster and user) whose current context is the chosen
 * one. Merging follows kubectl: the first file that defines a name wins, and relative file paths
 * are resolved against the file that contains them. The user's files are only read.
 */
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { ClusterError } from '../provider.ts';
import { firstLine } from '../shared/text.ts';

export interface KubeconfigSource {
  path: string;
  text: string;
}

type Named = { name?: unknown; [key: string]: unknown };
type Fields = Record<string, unknown>;

/**
 * Which kubeconfig files apply: the explicit value, else KUBECONFIG, else ~/.kube/config. Either
 * value may list several files separated like PATH (callers pass KUBECONFIG through as is).
 */
export function kubeconfigSources(explicit: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const listed = (explicit || env.KUBECONFIG || '').split(delimiter).filter((p) => p !== '');
  if (listed.length > 0) return listed.map((p) => resolve(p));
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

function absolutize(fields: Fields, keys: string[], base: string): void {
  for (const key of keys) {
    const value = fields[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) fields[key] = join(base, value);
  }
}

function namedEntries(document: Fields, key: string, path: string): Named[] {
  const value = document[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ClusterError(`kubeconfig ${path}: "${key}" is not a list; fix the file`);
  return value.filter((entry): entry is Named => typeof entry === 'object' && entry !== null);
}

/**
 * Merges the sources and keeps only `context` (default: the merged current-context) with its
 * cluster and user. Returns the YAML text and the context name.
 */
export function minifiedKubeconfig(sources: KubeconfigSource[], context?: string): { yaml: string; context: string } {
  const clusters = new Map<string, Named>();
  const users = new Map<string, Named>();
  const contexts = new Map<string, Named>();
  let currentContext: string | undefined;
  for (const source of sources) {
    let document: unknown;
    try {
      document = parse(source.text);
    } catch (error) {
      throw new ClusterError(`kubeconfig ${source.path} is not valid YAML: ${firstLine(error)}`);
    }
    if (document === null || document === undefined) continue;
    if (typeof document !== 'object' || Array.isArray(document)) {
      throw new ClusterError(`kubeconfig ${source.path} is not a kubeconfig mapping; check KUBECONFIG/--kubeconfig`);
    }
    const fields = document as Fields;
    const base = dirname(source.path);
    for (const entry of namedEntries(fields, 'clusters', source.path)) {
      if (typeof entry.name !== 'string' || clusters.has(entry.name)) continue;
      const cluster = { ...(entry.cluster as Fields | undefined) };
      absolutize(cluster, ['certificate-authority'], base);
      clusters.set(entry.name, { ...entry, cluster });
    }
    for (const entry of namedEntries(fields, 'users', source.path)) {
      if (typeof entry.name !== 'string' || users.has(entry.name)) continue;
      const user = { ...(entry.user as Fields | undefined) };
      absolutize(user, ['client-certificate', 'client-key', 'token-file'], base);
      const exec = user.exec as Fields | undefined;
      if (exec && typeof exec.command === 'string' && exec.command.includes('/')) {
        user.exec = { ...exec };
        absolutize(user.exec as Fields, ['command'], base);
      }
      users.set(entry.name, { ...entry, user });
    }
    for (const entry of namedEntries(fields, 'contexts', source.path)) {
      if (typeof entry.name === 'string' && !contexts.has(entry.name)) contexts.set(entry.name, entry);
    }
    const current = fields['current-context'];
    if (currentContext === undefined && typeof current === 'string' && current !== '') currentContext = current;
  }

  const files = sources.map((s) => s.path).join(delimiter);
  const chosen = context ?? currentContext;
  if (!chosen) {
    throw new ClusterError(
      `kubeconfig ${files} has no current-context; pass --context (one of: ${[...contexts.keys()].join(', ') || 'none'})`,
    );
  }
  const contextEntry = contexts.get(chosen);
  if (!contextEntry) {
    throw new ClusterError(
      `context "${chosen}" not found in ${files}; pass --context with one of: ${[...contexts.keys()].join(', ') || 'none'}`,
    );
  }
  const contextFields = (contextEntry.context ?? {}) as Fields;
  const cluster = clusters.get(String(contextFields.cluster));
  if (!cluster) {
    throw new ClusterError(
      `context "${chosen}" in ${files} names cluster "${String(contextFields.cluster)}", which is not defined; fix the kubeconfig`,
    );
  }
  const user = typeof contextFields.user === 'string' ? users.get(contextFields.user) : undefined;
  const minified = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: user ? [user] : [],
    contexts: [contextEntry],
    'current-context': chosen,
  };
  return { yaml: stringify(minified), context: chosen };
}
