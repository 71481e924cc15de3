export declare const BEHAVIOUR_TAG: RegExp;

export declare function behaviourIds(tags: readonly string[]): string[];

interface Located {
  location: { line: number };
}
interface GherkinStep extends Located {
  id: string;
  docString?: Located;
}
export interface GherkinChild {
  background?: { steps: readonly GherkinStep[] };
  scenario?: {
    id?: string;
    location?: { line: number };
    steps: readonly GherkinStep[];
    examples?: readonly { tableBody?: readonly ({ id: string } & Located)[] }[];
  };
  rule?: { children: readonly GherkinChild[] };
}
/** The part of cucumber's GherkinDocument message the walk reads. */
export interface GherkinDocumentLike {
  feature?: { children?: readonly GherkinChild[] };
}

export interface GherkinLine {
  line: number;
  /** A step's docstring: the line of its opening delimiter. */
  docLine?: number;
}

export declare function gherkinLines(document: GherkinDocumentLike | undefined): Map<string, GherkinLine>;

/** `<uri>:<line>` of a pickle: its Examples row's line for an outline's row, else its scenario's line. */
export declare function pickleLocation(
  pickle: { uri: string; astNodeIds: readonly string[] },
  lines: Map<string, GherkinLine>,
): string;
