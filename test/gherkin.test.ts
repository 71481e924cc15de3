import { generateMessages } from '@cucumber/gherkin';
import { describe, expect, it } from 'vitest';
import { behaviourIds, gherkinLines } from '../support/gherkin.mjs';

const FEATURE = `@epic:x
Feature: places
  Background:
    Given a background step

  @INIT-02
  Scenario: plain
    When a step with a docstring:
      """
      body
      """

  Rule: a rule
    Scenario Outline: outlined <n>
      Then row <n>

      Examples:
        | n |
        | 1 |
        | 2 |
`;

function parsed() {
  let next = 0;
  const envelopes = generateMessages(
    FEATURE,
    'features/places.feature',
    'text/x.cucumber.gherkin+plain' as Parameters<typeof generateMessages>[2],
    { includeGherkinDocument: true, includePickles: true, newId: () => String(next++) },
  );
  const document = envelopes.find((e) => e.gherkinDocument)!.gherkinDocument!;
  const pickles = envelopes.flatMap((e) => (e.pickle ? [e.pickle] : []));
  return { lines: gherkinLines(document), pickles };
}

describe('where a scenario and its steps stand (support/gherkin.mjs)', () => {
  it('finds scenarios, steps with their docstrings, rules and Examples rows by AST node id', () => {
    const { lines, pickles } = parsed();
    const [plain, row1, row2] = pickles;
    expect(lines.get(plain!.astNodeIds[0]!)).toEqual({ line: 7 });
    const steps = plain!.steps.map((s) => lines.get(s.astNodeIds[0]!));
    expect(steps).toEqual([
      { line: 4, docLine: undefined },
      { line: 8, docLine: 9 },
    ]);
    expect(lines.get(row1!.astNodeIds[0]!)).toEqual({ line: 14 });
    expect([row1, row2].map((p) => lines.get(p!.astNodeIds[1]!)?.line)).toEqual([19, 20]);
    expect(lines.get(row2!.steps[1]!.astNodeIds[0]!)?.line).toBe(15);
  });

  it('reads no document as no lines', () => {
    expect(gherkinLines(undefined).size).toBe(0);
  });

  it('takes the behaviour IDs among tags, in their order', () => {
    expect(behaviourIds(['@epic:x', '@INIT-02', '@capability:exec', '@PROBE-10'])).toEqual(['INIT-02', 'PROBE-10']);
    expect(behaviourIds(['@init-02', '@INIT-2a'])).toEqual([]);
  });
});
