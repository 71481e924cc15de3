/**
 * The existing provider: a cluster someone else runs, reached through their kubeconfig (explicit
 * path, KUBECONFIG or ~/.kube/config) and optional context. It never creates, deletes or mutates
 * the cluster; up() only proves the API server answers and a node is Ready.
 *
 * Images: there is no registry and no access to the nodes' runtime, so it cannot load image
 * archives. When asked to load any (i.e. the image map still points a logical image at our
 * `localhost/pod-conformance/*` build), it checks whether every Ready node already has those
 * images (the kubelets list them in node status: say a node that ran the suite before), and
 * otherwise fails with the remedy: map the image to one the cluster can pull
 * (POD_CONFORMANCE_IMAGE_MAP), or import the archives on every node yourself and set
 * POD_CONFORMANCE_IMAGES_PRELOADED=1.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { stateRoot } from '../shared/paths.ts';
import {
  ClusterError,
  type ClusterDescription,
  type ClusterProvider,
  type ClusterStatus,
  type Prerequisite,
  type Progress,
} from '../provider.ts';
import {
  describeCluster,
  type NodeWire,
  getJson,
  isNodeReady,
  listNodes,
  loadKubeConfig,
  probeApiServer,
  readinessSummary,
} from '../shared/api.ts';
import { firstLine } from '../shared/text.ts';
import { LOGICAL_IMAGES, locallyBuiltImages, resolveImageMap } from '../images/index.ts';
import { kubeconfigSources, minifiedKubeconfig } from './kubeconfig.ts';

export const IMAGES_PRELOADED_ENV = 'POD_CONFORMANCE_IMAGES_PRELOADED';

export interface ExistingProviderOptions {
  /** A kubeconfig file; default: KUBECONFIG (one or more files), else ~/.kube/config. */
  kubeconfig?: string;
  /** A context of that kubeconfig; default: its current-context. */
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export class ExistingProvider implements ClusterProvider {
  readonly name = 'existing' as const;
  private readonly sources: string[];
  private readonly context: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private effectiveKubeconfig: { path: string; context: string } | undefined;

  constructor(options: ExistingProviderOptions = {}) {
    this.env = options.env ?? process.env;
    this.sources = kubeconfigSources(options.kubeconfig, this.env);
    this.context = options.context;
  }

  /**
   * The user's file itself when it is one file used at its current context; otherwise a minified
   * copy under ${XDG_STATE_HOME}/pod-conformance/existing/ whose current context is the chosen one.
   */
  kubeconfigPath(): string {
    return this.resolveKubeconfig().path;
  }

  private resolveKubeconfig(): { path: string; context: string } {
    if (this.effectiveKubeconfig) return this.effectiveKubeconfig;
    const texts = this.sources.map((path) => {
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? firstLine(error);
        throw new ClusterError(`cannot read kubeconfig ${path} (${code}); set KUBECONFIG or pass --kubeconfig`);
      }
    });
    const { yaml, context } = minifiedKubeconfig(texts, this.context);
    const [single] = this.sources;
    if (this.sources.length === 1 && single && this.context === undefined) {
      this.effectiveKubeconfig = { path: single, context };
      return this.effectiveKubeconfig;
    }
    const key = createHash('sha256')
      .update(JSON.stringify([this.sources, context]))
      .digest('hex')
      .slice(0, 12);
    const dir = join(stateRoot(this.env), 'existing');
    const path = join(dir, `kubeconfig-${key}.yaml`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path, yaml, { mode: 0o600 });
    this.effectiveKubeconfig = { path, context };
    return this.effectiveKubeconfig;
  }

  prerequisites(): Promise<Prerequisite[]> {
    const checks: Prerequisite[] = this.sources.map((path) => ({
      what: `readable kubeconfig ${path}`,
      ok: readable(path),
      remedy: 'set KUBECONFIG or pass --kubeconfig to a kubeconfig of the cluster to test',
    }));
    if (checks.every((c) => c.ok)) {
      let problem: string | undefined;
      try {
        this.resolveKubeconfig();
      } catch (error) {
        problem = firstLine(error);
      }
      checks.push({
        what: this.context ? `context "${this.context}" in the kubeconfig` : 'a current context in the kubeconfig',
        ok: problem === undefined,
        remedy: problem ?? '',
      });
    }
    return Promise.resolve(checks);
  }

  async up(progress: Progress): Promise<ClusterStatus> {
    const { path, context } = this.resolveKubeconfig();
    const kc = loadKubeConfig(path);
    progress.step(`checking the API server of context "${context}" at ${kc.getCurrentCluster()?.server}`);
    const { version } = await probeApiServer(kc);
    const nodes = await listNodes(kc);
    if (!nodes.some(isNodeReady)) {
      throw new ClusterError(
        `cluster of context "${context}" has no Ready node (${readinessSummary(nodes)}); fix the cluster or choose another --context`,
      );
    }
    progress.done(`existing cluster "${context}" answers: Kubernetes ${version}, ${readinessSummary(nodes)}`);
    return this.status();
  }

  down(_progress: Progress): Promise<void> {
    const context = this.effectiveKubeconfig?.context ?? this.context ?? 'the current context';
    return Promise.reject(
      new ClusterError(
        `the existing provider never deletes clusters (${context}): tear it down with the tool that created it`,
      ),
    );
  }

  async status(): Promise<ClusterStatus> {
    let path = this.sources.join(':');
    let name = this.context ?? '';
    try {
      ({ path, context: name } = this.resolveKubeconfig());
      const kc = loadKubeConfig(path);
      const { version } = await probeApiServer(kc);
      const nodes = await listNodes(kc);
      return {
        provider: this.name,
        name,
        running: nodes.some(isNodeReady),
        kubeconfig: path,
        detail: `Kubernetes ${version}, ${readinessSummary(nodes)}`,
      };
    } catch (error) {
      return { provider: this.name, name, running: false, kubeconfig: path, detail: firstLine(error) };
    }
  }

  async loadImageArchives(archives: string[], progress: Progress): Promise<void> {
    if (archives.length === 0) {
      progress.done('existing cluster: no image archives to load, every image comes from the image map');
      return;
    }
    const names = archives.map((a) => basename(a)).join(', ');
    if (this.env[IMAGES_PRELOADED_ENV] === '1') {
      progress.done(`existing cluster: not loading ${names}, ${IMAGES_PRELOADED_ENV}=1 says every node has them`);
      return;
    }
    const refs = locallyBuiltImages(resolveImageMap(this.env)).map((name) => LOGICAL_IMAGES[name]);
    const nodes = (await listNodes(loadKubeConfig(this.kubeconfigPath()))).filter(isNodeReady);
    const lacking = nodesLacking(nodes, refs);
    if (nodes.length > 0 && lacking.length === 0) {
      progress.done(`existing cluster: every Ready node reports ${refs.join(', ')} present already, nothing to load`);
      return;
    }
    throw new ClusterError(
      `the existing provider cannot load image archives (${names}) and ${lacking.join(', ') || 'no Ready node'} lacks them: map those images to ones the cluster can pull in POD_CONFORMANCE_IMAGE_MAP=file.yaml (POD_CONFORMANCE_IMAGE_MAP=upstream: upstream’s public images), or import the archives on every node and set ${IMAGES_PRELOADED_ENV}=1`,
    );
  }

  /** Writes what the API tells about the cluster: version, nodes, kube-system pods and events. */
  async exportLogs(dir: string): Promise<string[]> {
    const kc = loadKubeConfig(this.kubeconfigPath());
    await mkdir(dir, { recursive: true });
    const written: string[] = [];
    const queries: Array<[string, string]> = [
      ['version.json', '/version'],
      ['nodes.json', '/api/v1/nodes'],
      ['kube-system-pods.json', '/api/v1/namespaces/kube-system/pods'],
      ['kube-system-events.json', '/api/v1/namespaces/kube-system/events'],
    ];
    for (const [file, path] of queries) {
      let body: unknown;
      try {
        body = await getJson<unknown>(kc, path, 15_000);
      } catch (error) {
        body = { error: `GET ${path}: ${firstLine(error)}` };
      }
      const target = join(dir, file);
      await writeFile(target, JSON.stringify(body, null, 2));
      written.push(target);
    }
    return written;
  }

  async describe(): Promise<ClusterDescription> {
    const { path, context } = this.resolveKubeconfig();
    return describeCluster({ kc: loadKubeConfig(path), provider: this.name, name: context, kubeconfig: path });
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nodes whose status does not list every one of `refs` among its images. */
export function nodesLacking(nodes: NodeWire[], refs: string[]): string[] {
  return nodes
    .filter((n) => !refs.every((ref) => n.status?.images?.some((i) => i.names?.includes(ref))))
    .map((n) => n.metadata?.name ?? '?');
}
