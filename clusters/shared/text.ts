/** Lines of what a command or an error said, cut down to what fits in a one-line message. */

/** The first line of an error's message (or of any text), without surrounding white space. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0] ?? '';
}

/** The last `n` lines of a command's output or a log, joined with ` | `. */
export function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
