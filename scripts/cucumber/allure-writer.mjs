/**
 * The Allure results writer of our runs: allure-js-commons' FileSystemWriter, less its fsync.
 *
 * Why: that writer flushes every file it writes to the disk (fsyncSync) on the cucumber
 * coordinator's only thread, and a run writes well over a thousand (each scenario's evidence
 * attachments, results, containers). A full run spent 40-50 s blocked in those flushes on a
 * loaded 2-core machine: while blocked, the coordinator hands no scenario to an idle worker and
 * reads no worker's messages, and each flush waits behind, and delays, etcd's own (every write
 * the API server makes). The results are read after the run, on this machine, from the page
 * cache: a file needs to be whole (written beside, then renamed into place, as before), not on
 * the platter.
 *
 * allure-cucumberjs takes a `writer` among its format options (cucumber.mjs); this is that
 * writer: the methods of allure-js-commons' Writer interface.
 *
 * Plain JavaScript: cucumber loads its configuration before any TypeScript loader exists.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';

/** Writes `data` to a file beside `path`, then renames it into place: a reader never sees half a file. */
function publish(path, write) {
  const temporary = join(dirname(path), `.allure-write-${randomUUID()}.tmp`);
  try {
    write(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export class ResultsWriter {
  /** @param {{ resultsDir: string }} config */
  constructor(config) {
    this.resultsDir = config.resultsDir;
  }

  /** @param {string} name */
  path(name) {
    mkdirSync(this.resultsDir, { recursive: true });
    return join(this.resultsDir, name);
  }

  /** @param {string} name @param {string | Buffer} content */
  writeFile(name, content) {
    publish(this.path(name), (temporary) => writeFileSync(temporary, content));
  }

  /** @param {string} name @param {unknown} data */
  writeJson(name, data) {
    this.writeFile(name, JSON.stringify(data));
  }

  writeAttachment(distFileName, content) {
    this.writeFile(distFileName, content);
  }

  writeAttachmentFromPath(distFileName, from) {
    publish(this.path(distFileName), (temporary) => copyFileSync(from, temporary));
  }

  writeEnvironmentInfo(info) {
    this.writeFile('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories) {
    this.writeJson('categories.json', categories);
  }

  writeGroup(result) {
    this.writeJson(`${result.uuid}-container.json`, result);
  }

  writeResult(result) {
    this.writeJson(`${result.uuid}-result.json`, result);
  }

  writeGlobals(distFileName, info) {
    this.writeJson(distFileName, info);
  }
}
