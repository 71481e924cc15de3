import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ResultsWriter } from '../scripts/cucumber/allure-writer.mjs';

describe('the Allure results writer', () => {
  it('writes results, containers, attachments and environment whole, and leaves no temporary file', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pc-allure-')), 'allure-results');
    const writer = new ResultsWriter({ resultsDir: dir });
    writer.writeResult({ uuid: 'r1', name: 'a scenario' } as Parameters<ResultsWriter['writeResult']>[0]);
    writer.writeGroup({ uuid: 'g1', children: ['r1'] } as Parameters<ResultsWriter['writeGroup']>[0]);
    writer.writeAttachment('a1-attachment.txt', Buffer.from('evidence'));
    const source = join(dir, '..', 'source.svg');
    writeFileSync(source, '<svg/>');
    writer.writeAttachmentFromPath('a2-attachment.svg', source);
    writer.writeEnvironmentInfo({ cluster: 'local' });
    writer.writeCategoriesDefinitions([{ name: 'infrastructure' }]);
    expect(readdirSync(dir).sort()).toEqual([
      'a1-attachment.txt',
      'a2-attachment.svg',
      'categories.json',
      'environment.properties',
      'g1-container.json',
      'r1-result.json',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'r1-result.json'), 'utf8'))).toEqual({ uuid: 'r1', name: 'a scenario' });
    expect(readFileSync(join(dir, 'a1-attachment.txt'), 'utf8')).toBe('evidence');
    expect(readFileSync(join(dir, 'environment.properties'), 'utf8')).toBe('cluster=local');
  });

  it('is the writer the run gives allure-cucumberjs', async () => {
    const config = (await import(pathToFileURL(resolve('cucumber.mjs')).href)) as {
      default: { formatOptions: { writer: unknown } };
    };
    expect(config.default.formatOptions.writer).toBeInstanceOf(ResultsWriter);
  });
});
