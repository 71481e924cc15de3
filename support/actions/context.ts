/** Everything a scenario's actions share once its namespace exists. */
import type { KubeClients } from '../kube/clients.ts';
import type { ManifestCatalogue, Substitutions } from '../manifest.ts';
import type { PodRecorder } from '../pods/recorder.ts';

export interface ScenarioContext {
  clients: KubeClients;
  namespace: string;
  recorder: PodRecorder;
  manifests: ManifestCatalogue;
  substitutions: Substitutions;
  /** A line in the scenario's log (console and report). */
  log(line: string): void;
  /** A text file attached to the scenario in the report (Allure via cucumber attachments). */
  attach(fileName: string, body: string): void;
  /** Where the running step is written: `features/init-containers.feature:42 (scenario "…")`. */
  origin(): string;
  /** Feature-file line of the running step's docstring delimiter (0 when it has none). */
  docStringLine?(): number;
  /** Pods the scenario's own steps deleted. */
  deletedByScenario: Set<string>;
}
