import type { RepoConfig } from "../config/schema.ts";
import { type CommandActor, isAllowed, type PermissionAnswer } from "./check-permission.ts";

/** Who asks to file a disposition, on which pull request, under which config. */
export interface DispositionQuestion {
  actor: CommandActor;
  /** Login of the pull request's author (empty when it was not read: the actor is the fixer). */
  prAuthor: string;
  config: Pick<RepoConfig, "commands" | "remediation">;
}

/** True when `login` is one of `remediation.fixer.logins` (case-insensitive, exact otherwise). */
export function isFixer(login: string, config: Pick<RepoConfig, "remediation">): boolean {
  const lower = login.toLowerCase();
  return config.remediation.fixer.logins.some((fixer) => fixer.toLowerCase() === lower);
}

/**
 * May `actor` file a disposition (a `dispose` line, a dispositions block or table, a thread
 * reply)? The fixer (`remediation.fixer.logins`, bots included even when `commands.allowed_bots`
 * does not list them) and the pull request's author always may; anyone else needs what
 * `commands.permissions.dispose` asks (default: author or write). The refusal names all three.
 */
export function mayFileDisposition(question: DispositionQuestion): PermissionAnswer {
  const { actor, prAuthor, config } = question;
  if (isFixer(actor.login, config)) return { allowed: true };
  if (prAuthor !== "" && actor.login.toLowerCase() === prAuthor.toLowerCase()) {
    return { allowed: true };
  }
  const answer = isAllowed({ command: "dispose", actor, prAuthor, fromFork: false, config });
  if (answer.allowed || answer.needs === "commands.allowed_bots") return answer;
  const level = answer.needs === "author" ? "write" : answer.needs;
  const has = actor.permission === "none" ? "no access" : actor.permission;
  return {
    allowed: false,
    reason: `Filing a disposition needs the fixer (\`remediation.fixer.logins\`), the pull request's author, or ${level} access to this repository; @${actor.login} has ${has}.`,
    needs: answer.needs,
  };
}
