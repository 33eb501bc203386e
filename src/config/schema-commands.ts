import { z } from "zod";
import {
  type CommandName,
  PERMISSION_LEVELS,
  type PermissionLevel,
} from "../commands/command-names.ts";
import { loginSchema } from "./schema-common.ts";

/** Default level each command needs; `author` = the PR's author or anyone with write access. */
export const DEFAULT_PERMISSIONS: Readonly<Record<CommandName, PermissionLevel>> = {
  review: "author",
  "full-review": "author",
  fix: "write",
  retry: "write",
  pause: "write",
  resume: "write",
  stop: "write",
  status: "read",
  dispose: "author",
  ignore: "write",
  help: "read",
};

function levelFor(command: CommandName, text: string) {
  return z.enum(PERMISSION_LEVELS).default(DEFAULT_PERMISSIONS[command]).describe(text);
}

/** The level each command needs: `read < author < write < maintain < admin`. */
export const permissionsSchema = z
  .strictObject({
    /** `review`: incremental review now. */
    review: levelFor("review", "`review`: incremental review now."),
    /** `full-review`: review the whole pull request again. */
    "full-review": levelFor("full-review", "`full-review`: review the whole pull request again."),
    /** `fix`: dispatch a remediation round now. Fork authors without write never may. */
    fix: levelFor("fix", "`fix`: dispatch a remediation round now."),
    /** `retry`: retry the last failed dispatch. Fork authors without write never may. */
    retry: levelFor("retry", "`retry`: retry the last failed dispatch."),
    /** `pause`: pause the loop. */
    pause: levelFor("pause", "`pause`: pause the loop."),
    /** `resume`: resume the loop, also after a hand-off. */
    resume: levelFor("resume", "`resume`: resume the loop, also after a hand-off."),
    /** `stop`: end the loop for this pull request. */
    stop: levelFor("stop", "`stop`: end the loop for this pull request."),
    /** `status`: reply with the loop's state. */
    status: levelFor("status", "`status`: reply with the loop's state."),
    /** `dispose`: record a disposition for a finding. */
    dispose: levelFor("dispose", "`dispose`: record a disposition for a finding."),
    /** `ignore`: dismiss a finding for this pull request. */
    ignore: levelFor("ignore", "`ignore`: dismiss a finding for this pull request."),
    /** `help`: reply with the command list. */
    help: levelFor("help", "`help`: reply with the command list."),
  })
  .prefault({})
  .describe("The level each command needs: read < author < write < maintain < admin.");

/** Comment commands (`/reviewloop <command>`). */
export const commandsSchema = z
  .strictObject({
    /** Bot logins whose commands are obeyed; every other bot's comments are ignored. */
    allowed_bots: z
      .array(loginSchema)
      .max(20)
      .default([])
      .describe("Bot logins whose commands are obeyed; every other bot's comments are ignored."),
    /** Seconds between two `fix` or two `full-review` commands on one pull request; 0 = none. */
    cooldown_seconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(60)
      .describe("Seconds between two `fix` or two `full-review` commands on one pull request."),
    /** Extra rounds `resume` grants after a hand-off (the no-progress count restarts too). */
    resume_rounds: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe("Extra rounds `resume` grants after a hand-off (the no-progress count restarts)."),
    /** Per-command permission levels. */
    permissions: permissionsSchema,
  })
  .prefault({})
  .describe("Comment commands (`/reviewloop <command>`).");
