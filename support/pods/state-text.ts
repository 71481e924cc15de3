/**
 * Container states as steps write them: `waiting with reason "PodInitializing"`, `running`,
 * `terminated with reason "OOMKilled" and exit code 137`, `terminated with exit code 3 and
 * message "disk full"` (any of reason, exit code and message, joined by "and").
 */
import type { ContainerState, Termination } from './container-expectations.ts';

const TERMINATION_PART = /^(?:reason "([^"]*)"|exit code (\d+)|message "([^"]*)")$/;

/**
 * `terminated with reason "OOMKilled" and exit code 137`, `terminated with exit code 1 and message
 * "disk full"`: any of reason, exit code and message, joined by "and".
 */
export function parseTermination(text: string): Termination {
  const found: Termination = {};
  if (text === '') return found;
  for (const part of text.split(/ and (?=reason "|exit code \d|message ")/)) {
    const m = TERMINATION_PART.exec(part);
    if (!m) throw new Error(`unknown termination detail "${part}": use reason "…", exit code N or message "…"`);
    if (m[1] !== undefined) found.reason = m[1];
    if (m[2] !== undefined) found.exitCode = Number(m[2]);
    if (m[3] !== undefined) found.message = m[3];
  }
  return found;
}

export function parseContainerState(text: string): ContainerState {
  let m: RegExpExecArray | null;
  if ((m = /^waiting(?: with reason "([^"]*)")?$/.exec(text))) return { state: 'waiting', reason: m[1] };
  if ((m = /^terminated(?: with (.+))?$/.exec(text))) return { state: 'terminated', ...parseTermination(m[1] ?? '') };
  if (text === 'running' || text === 'ready' || text === 'not ready') return { state: text };
  throw new Error(`unknown container state "${text}"`);
}

const DETAIL = '(?:reason "[^"]*"|exit code \\d+|message "[^"]*")';
export const TERMINATION_PATTERN = `${DETAIL}(?: and ${DETAIL})*`;
