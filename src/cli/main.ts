/**
 * `reviewloop` command-line entry: wires the subcommands to the process. No logic here; to add a
 * subcommand, add one line to `COMMANDS`.
 */
import type { CliCommand } from "./cli-command.ts";
import { reviewCommand } from "./review-command.ts";
import { runCli } from "./run-cli.ts";

const COMMANDS: readonly CliCommand[] = [reviewCommand];

process.exitCode = await runCli(COMMANDS, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
