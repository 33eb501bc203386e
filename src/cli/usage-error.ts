/**
 * A problem the user can fix by changing the command line or its inputs (unknown flag, missing
 * `--base`, not a git repository, unknown revision, unreadable or invalid config). The CLI prints
 * its one-line message and exits with status 2.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
