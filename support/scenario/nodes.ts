/**
 * The cluster's own nodes as scenarios may use them (support/checks/nodes.ts): read, never
 * changed. Kept here for the scenario lifecycle's imports.
 */
export { factsOf, isSchedulable, pickNode } from '../checks/nodes.ts';
