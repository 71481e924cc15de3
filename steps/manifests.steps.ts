/** Given: the objects a scenario works with, from a file under features/ or a docstring. */
import { readManifestFile } from '../support/manifest.ts';
import { Given } from './define.ts';

Given('the manifest {string}', function (path: string) {
  const { text, origin } = readManifestFile(path);
  this.objects.declare(text, origin);
});

Given('the manifest:', function (docString: string) {
  this.objects.declare(docString, this.origin(), this.docStringLine);
});
