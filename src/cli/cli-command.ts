/** Where a command writes; the process streams in production, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One `reviewloop <name>` subcommand. */
export interface CliCommand {
  name: string;
  /** One line for `reviewloop --help`. */
  summary: string;
  /**
   * Runs the command and resolves to the exit status. Throws `UsageError` for problems the user
   * can fix (exit 2).
   */
  run(argv: string[], io: CliIo): Promise<number>;
}
