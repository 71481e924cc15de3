/** Action groups of the hook and termination steps, one instance per scenario. */
import { cachedPerWorld } from './context-of.ts';
import { HookChecks } from './hooks.ts';
import { TerminationActions } from './termination.ts';
import { WrittenEvidence } from './written-evidence.ts';

export const terminationActions = cachedPerWorld((ctx, attach) => new TerminationActions(ctx, attach));
export const writtenEvidence = cachedPerWorld((ctx) => new WrittenEvidence(ctx));
export const hookChecks = cachedPerWorld((ctx) => new HookChecks(ctx));
