import type { CliCommand, CliIo } from "./cli-command.ts";
import { UsageError } from "./usage-error.ts";

/** Exit statuses shared by every subcommand. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * Dispatches `argv` (without `node` and the script) to a subcommand and maps failures to exit
 * statuses: a `UsageError` prints one line and exits 2; so does anything unexpected, prefixed
 * "internal error", because the command could not do its job.
 */
export async function runCli(
  commands: readonly CliCommand[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(renderHelp(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const what = name === undefined ? "missing command" : `unknown command "${name}"`;
    io.stderr(`reviewloop: ${what}; run \`reviewloop --help\` for usage\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const kind = error instanceof UsageError ? "" : "internal error: ";
    io.stderr(`reviewloop ${command.name}: ${kind}${oneLine(message)}\n`);
    return EXIT.usage;
  }
}

function renderHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: reviewloop <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `reviewloop <command> --help` for a command's options.",
    "",
  ].join("\n");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
