import type { Writer } from 'allure-js-commons/sdk/reporter';

/** allure-js-commons' Writer, writing files whole without flushing each to disk (allure-writer.mjs). */
export declare class ResultsWriter implements Writer {
  constructor(config: { resultsDir: string });
  writeResult(...args: Parameters<Writer['writeResult']>): void;
  writeGroup(...args: Parameters<Writer['writeGroup']>): void;
  writeAttachment(distFileName: string, content: Buffer): void;
  writeAttachmentFromPath(distFileName: string, from: string): void;
  writeEnvironmentInfo(...args: Parameters<Writer['writeEnvironmentInfo']>): void;
  writeCategoriesDefinitions(...args: Parameters<Writer['writeCategoriesDefinitions']>): void;
  writeGlobals(...args: Parameters<Writer['writeGlobals']>): void;
}
