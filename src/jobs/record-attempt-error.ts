import type { JobDiagnostics } from "./job-types.ts";

/** History kept per job: enough to see a pattern, bounded so a row never grows without limit. */
export const MAX_ATTEMPT_RECORDS = 20;
/** Stacks are for humans; a few KB shows where it failed. */
export const MAX_STACK_CHARS = 8 * 1024;
const MAX_MESSAGE_CHARS = 2 * 1024;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… [truncated ${text.length - max} chars]` : text;
}

/** Normalizes anything thrown into message, name and stack. */
export function describeError(error: unknown): { message: string; name: string; stack?: string } {
  if (error instanceof Error) {
    return {
      message: truncate(error.message || String(error), MAX_MESSAGE_CHARS),
      name: error.name,
      ...(error.stack ? { stack: truncate(error.stack, MAX_STACK_CHARS) } : {}),
    };
  }
  return { message: truncate(String(error), MAX_MESSAGE_CHARS), name: "NonError" };
}

/**
 * The new `last_error` after attempt `attempt` failed: the latest error in full, and the previous
 * attempts' history with this one appended (only the last MAX_ATTEMPT_RECORDS kept).
 */
export function recordAttemptError(
  previous: JobDiagnostics | null,
  attempt: number,
  error: unknown,
  at: Date = new Date(),
): JobDiagnostics {
  const described = describeError(error);
  const history = [
    ...(previous?.attempts ?? []),
    { attempt, at: at.toISOString(), message: described.message },
  ];
  return { ...described, attempts: history.slice(-MAX_ATTEMPT_RECORDS) };
}
