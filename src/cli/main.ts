/**
 * `reviewloop` command-line entry: wires the subcommands to the process. No logic here; to add a
 * subcommand, add one line to `COMMANDS`.
 */
import { loadDotEnvFile } from "../env.ts";
import type { CliCommand } from "./cli-command.ts";
import { createJobsCommand } from "./jobs-command.ts";
import { reviewCommand } from "./review-command.ts";
import { runCli } from "./run-cli.ts";

// `jobs` opens the app's store, configured like the app: the environment, then `.env`.
loadDotEnvFile();

const COMMANDS: readonly CliCommand[] = [reviewCommand, createJobsCommand(process.env)];

process.exitCode = await runCli(COMMANDS, process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
