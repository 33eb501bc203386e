/** GitHub's prefix on every line of a job log: `2024-01-01T00:00:00.0000000Z `. */
const TIMESTAMP = /^\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/gm;

/**
 * A job log without GitHub's per-line timestamps (and the byte-order mark its log files start
 * with): the tail shown to people and agents is about what happened, and the stamps would take
 * a third of every line.
 */
export function stripLogTimestamps(text: string): string {
  return text.replace(TIMESTAMP, "");
}
