// Where a scenario and its steps stand in their feature file, and which behaviour IDs it carries,
// read from cucumber's Gherkin document and pickles: one walk over backgrounds, scenarios, rules
// and Examples rows, for the scenario hooks (a step's place in its failure), the console
// formatter and the runner's reading of the message stream. Plain JavaScript, so that the console
// formatter, which cucumber loads before any TypeScript, imports the same code.

/** A behaviour ID tag: `@INIT-02` (the ID is its first group). */
export const BEHAVIOUR_TAG = /^@([A-Z]+-\d+)$/;

/** The behaviour IDs among tag names, in their order: `['@INIT-02', '@epic:x']` → `['INIT-02']`. */
export function behaviourIds(tags) {
  return tags.flatMap((tag) => BEHAVIOUR_TAG.exec(tag)?.[1] ?? []);
}

/**
 * The line of every scenario, Examples row and step of a Gherkin document, by AST node id (a
 * pickle's astNodeIds name them); a step also with its docstring's opening line.
 */
export function gherkinLines(document) {
  const lines = new Map();
  const visit = (children) => {
    for (const child of children ?? []) {
      const scenario = child.scenario;
      if (scenario?.id !== undefined) lines.set(scenario.id, { line: scenario.location?.line ?? 0 });
      for (const row of (scenario?.examples ?? []).flatMap((e) => e.tableBody ?? []))
        lines.set(row.id, { line: row.location.line });
      for (const step of [...(child.background?.steps ?? []), ...(scenario?.steps ?? [])])
        lines.set(step.id, { line: step.location.line, docLine: step.docString?.location.line });
      if (child.rule) visit(child.rule.children);
    }
  };
  visit(document?.feature?.children);
  return lines;
}

/**
 * Where one pickle stands: `<uri>:<line>`, the line of its Examples row for a Scenario Outline's
 * row (each row is a scenario of its own, with its own evidence), else the scenario's line.
 * `lines` is gherkinLines() of the pickle's document.
 */
export function pickleLocation(pickle, lines) {
  const row = pickle.astNodeIds[1] !== undefined ? lines.get(pickle.astNodeIds[1]) : undefined;
  const line = (row ?? lines.get(pickle.astNodeIds[0] ?? ''))?.line;
  return `${pickle.uri}${line ? `:${line}` : ''}`;
}
