// Imported by cucumber (see cucumber.mjs) in the coordinator and in every parallel worker before
// the support bundle (scripts/cucumber/support-bundle.mjs): a source map is only read for a module compiled
// after this call, and with it stack traces and step locations name the TypeScript sources.
process.setSourceMapsEnabled(true);
