/**
 * Console formatter for parallel runs: one line per finished scenario (the pretty formatter
 * interleaves the steps of scenarios that run at the same time), then, for each failure, where
 * it failed and the first line of its message; for each skip, the reason the Before hook gave.
 * The full narrative (steps, logs, evidence) is in the Allure report and reports/messages.ndjson.
 *
 * Plain JavaScript on purpose: cucumber may load formatters before the support code that
 * registers the TypeScript loader.
 */
import { Formatter } from '@cucumber/cucumber';
import { behaviourIds, gherkinLines } from '../../support/gherkin.mjs';

const ICONS = { passed: '✔', failed: '✗', skipped: '-' };

function ms(timestamp) {
  return Number(timestamp.seconds) * 1000 + Math.round(timestamp.nanos / 1e6);
}

function formatMs(value) {
  return value < 60_000
    ? `${(value / 1000).toFixed(1)} s`
    : `${Math.floor(value / 60_000)} min ${Math.round((value % 60_000) / 1000)} s`;
}

function statusOf(worst) {
  if (worst === 'PASSED') return 'passed';
  if (worst === 'SKIPPED') return 'skipped';
  return 'failed';
}

export default class ScenarioLinesFormatter extends Formatter {
  static documentation = 'One line per scenario, failures and skip reasons under it';

  constructor(options) {
    super(options);
    this.started = new Map();
    this.logs = new Map();
    this.counts = { passed: 0, failed: 0, skipped: 0 };
    this.runStarted = Date.now();
    options.eventBroadcaster.on('envelope', (envelope) => this.onEnvelope(envelope));
  }

  onEnvelope(envelope) {
    if (envelope.testCaseStarted) {
      this.started.set(envelope.testCaseStarted.id, ms(envelope.testCaseStarted.timestamp));
    } else if (
      envelope.attachment?.testCaseStartedId &&
      envelope.attachment.mediaType === 'text/x.cucumber.log+plain'
    ) {
      const list = this.logs.get(envelope.attachment.testCaseStartedId) ?? [];
      list.push(envelope.attachment.body);
      this.logs.set(envelope.attachment.testCaseStartedId, list);
    } else if (envelope.testCaseFinished) {
      this.onFinished(envelope.testCaseFinished);
    } else if (envelope.testRunFinished) {
      const { passed, failed, skipped } = this.counts;
      const total = passed + failed + skipped;
      this.log(
        `\n${total} scenarios: ${passed} passed, ${failed} failed, ${skipped} skipped (${formatMs(Date.now() - this.runStarted)})\n`,
      );
    }
  }

  onFinished({ testCaseStartedId, willBeRetried, timestamp }) {
    const attempt = this.eventDataCollector.getTestCaseAttempt(testCaseStartedId);
    const { pickle, gherkinDocument, worstTestStepResult, testCase, stepResults } = attempt;
    const status = statusOf(worstTestStepResult.status);
    const id = behaviourIds(pickle.tags.map((t) => t.name))[0] ?? '';
    const elapsed = ms(timestamp) - (this.started.get(testCaseStartedId) ?? ms(timestamp));
    const retry = willBeRetried ? ' (will be retried)' : '';
    const paint = this.colorFns.forStatus(worstTestStepResult.status);
    this.log(paint(`${ICONS[status]} ${id.padEnd(9)} ${pickle.name} (${formatMs(elapsed)})${retry}`) + '\n');
    if (willBeRetried) return;
    this.counts[status] += 1;
    const logs = this.logs.get(testCaseStartedId) ?? [];
    const kept = logs.find((l) => l.startsWith('kept namespace '));
    if (kept) this.log(`    ${kept}\n`);
    if (status === 'skipped') {
      const reason = logs.find((l) => l.startsWith('skipped:'));
      if (reason) this.log(`    ${reason}\n`);
    }
    if (status !== 'failed') return;
    const failedStep = testCase.testSteps.find(
      (s) => stepResults[s.id]?.status === 'FAILED' || stepResults[s.id]?.status === 'UNDEFINED',
    );
    const pickleStep = pickle.steps.find((s) => s.id === failedStep?.pickleStepId);
    const line = pickleStep ? gherkinLines(gherkinDocument).get(pickleStep.astNodeIds[0])?.line : undefined;
    const where = `${pickle.uri}${line ? `:${line}` : ''}`;
    this.log(`    at ${where}${pickleStep ? `: ${pickleStep.text}` : ' (in a hook)'}\n`);
    const message = (failedStep && stepResults[failedStep.id]?.message) || worstTestStepResult.message || '';
    this.log(`    ${message.split('\n')[0]}\n`);
    const namespace = logs.find((l) => l.startsWith('namespace '));
    if (namespace) this.log(`    ${namespace}; evidence in the report\n`);
  }
}
