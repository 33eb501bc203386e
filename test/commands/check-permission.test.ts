import { describe, expect, it } from "vitest";
import {
  COMMAND_NAMES,
  type CommandName,
  type GitHubPermission,
  isAllowed,
  PERMISSION_LEVELS,
  type PermissionLevel,
  requiredPermission,
} from "../../src/commands/index.ts";
import { DEFAULT_CONFIG, parseConfig, type RepoConfig } from "../../src/config/index.ts";

const GITHUB_PERMISSIONS: GitHubPermission[] = [
  "none",
  "read",
  "triage",
  "write",
  "maintain",
  "admin",
];

function configWith(commands: Record<string, unknown>): RepoConfig {
  const result = parseConfig({ commands });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

function user(login: string, permission: GitHubPermission) {
  return { login, type: "User", permission };
}

describe("commands/check-permission", () => {
  describe("with the default permissions", () => {
    const ask = (command: CommandName, permission: GitHubPermission, isAuthor = false) =>
      isAllowed({
        command,
        actor: user("octocat", permission),
        prAuthor: isAuthor ? "octocat" : "someone",
        fromFork: false,
        config: DEFAULT_CONFIG,
      }).allowed;

    it("lets anyone ask for help and status", () => {
      expect(ask("help", "none")).toBe(true);
      expect(ask("status", "read")).toBe(true);
    });

    it("lets the PR's author review, full-review and dispose without write access", () => {
      for (const command of ["review", "full-review", "dispose"] as const) {
        expect(ask(command, "read", true)).toBe(true);
        expect(ask(command, "read", false)).toBe(false);
        expect(ask(command, "write", false)).toBe(true);
      }
    });

    it("keeps fix, retry, pause, resume, stop and ignore to writers, even the PR's author", () => {
      for (const command of ["fix", "retry", "pause", "resume", "stop", "ignore"] as const) {
        expect(ask(command, "read", true)).toBe(false);
        expect(ask(command, "triage", true)).toBe(false);
        expect(ask(command, "write", false)).toBe(true);
      }
    });

    it("reads the level from the config, falling back to the default for a missing entry", () => {
      expect(
        requiredPermission(
          "fix",
          configWith({ permissions: { fix: "admin" } }).commands.permissions,
        ),
      ).toBe("admin");
      expect(requiredPermission("fix", {})).toBe("write");
      expect(requiredPermission("help", undefined)).toBe("read");
    });
  });

  describe("refusals", () => {
    it("name the command, the level needed and what the user has", () => {
      const answer = isAllowed({
        command: "fix",
        actor: user("octocat", "read"),
        prAuthor: "someone",
        fromFork: false,
        config: DEFAULT_CONFIG,
      });

      expect(answer).toEqual({
        allowed: false,
        needs: "write",
        reason: "`fix` needs write access to this repository; @octocat has read.",
      });
    });

    it("explain the author level", () => {
      const answer = isAllowed({
        command: "review",
        actor: user("octocat", "none"),
        prAuthor: "someone",
        fromFork: false,
        config: DEFAULT_CONFIG,
      });

      expect(answer).toEqual({
        allowed: false,
        needs: "author",
        reason:
          "`review` needs to be the pull request's author or to have write access to this repository; @octocat has no access.",
      });
    });

    it("explain the maintain level to a writer", () => {
      const answer = isAllowed({
        command: "stop",
        actor: user("octocat", "write"),
        prAuthor: "someone",
        fromFork: false,
        config: configWith({ permissions: { stop: "maintain" } }),
      });

      expect(answer).toMatchObject({
        allowed: false,
        needs: "maintain",
        reason: "`stop` needs maintain access to this repository; @octocat has write.",
      });
    });
  });

  describe("the PR author", () => {
    it("is recognized whatever the case of the login", () => {
      expect(
        isAllowed({
          command: "review",
          actor: user("OctoCat", "read"),
          prAuthor: "octocat",
          fromFork: false,
          config: DEFAULT_CONFIG,
        }).allowed,
      ).toBe(true);
    });
  });

  describe("bots", () => {
    const bot = (login: string, permission: GitHubPermission = "none") => ({
      login,
      type: "Bot",
      permission,
    });

    it("are refused unless listed, whatever the command", () => {
      for (const command of COMMAND_NAMES) {
        const answer = isAllowed({
          command,
          actor: bot("helper[bot]", "admin"),
          prAuthor: "helper[bot]",
          fromFork: false,
          config: DEFAULT_CONFIG,
        });

        expect(answer).toMatchObject({ allowed: false, needs: "commands.allowed_bots" });
      }
    });

    it("say why they were refused", () => {
      const answer = isAllowed({
        command: "help",
        actor: bot("helper[bot]"),
        prAuthor: "x",
        fromFork: false,
        config: DEFAULT_CONFIG,
      });

      expect(answer.allowed === false && answer.reason).toBe(
        "@helper[bot] is a bot; commands from bots are ignored unless `commands.allowed_bots` lists them.",
      );
    });

    it("count as writers when listed, with or without the [bot] suffix", () => {
      const listed = configWith({ allowed_bots: ["Helper[bot]"] });
      const bare = configWith({ allowed_bots: ["helper"] });

      expect(
        isAllowed({
          command: "fix",
          actor: bot("helper[bot]"),
          prAuthor: "x",
          fromFork: true,
          config: listed,
        }).allowed,
      ).toBe(true);
      expect(
        isAllowed({
          command: "fix",
          actor: bot("helper[bot]"),
          prAuthor: "x",
          fromFork: false,
          config: bare,
        }).allowed,
      ).toBe(true);
      expect(
        isAllowed({
          command: "stop",
          actor: bot("helper[bot]"),
          prAuthor: "x",
          fromFork: false,
          config: configWith({ allowed_bots: ["helper[bot]"], permissions: { stop: "admin" } }),
        }).allowed,
      ).toBe(false);
    });
  });

  describe("on a pull request from a fork", () => {
    const lax = configWith({ permissions: { fix: "read", retry: "author" } });

    it("never lets the author without write dispatch, whatever the config says", () => {
      for (const command of ["fix", "retry"] as const) {
        const answer = isAllowed({
          command,
          actor: user("forker", "read"),
          prAuthor: "forker",
          fromFork: true,
          config: lax,
        });

        expect(answer).toMatchObject({ allowed: false, needs: "write" });
        expect(answer.allowed === false && answer.reason).toBe(
          `\`${command}\` dispatches the fixer, which on a pull request from a fork needs write access to this repository; @forker has read.`,
        );
      }
    });

    it("lets the same config allow it on a branch of the repository itself", () => {
      expect(
        isAllowed({
          command: "fix",
          actor: user("reader", "read"),
          prAuthor: "x",
          fromFork: false,
          config: lax,
        }).allowed,
      ).toBe(true);
    });

    it("still lets the fork's author review", () => {
      expect(
        isAllowed({
          command: "review",
          actor: user("forker", "read"),
          prAuthor: "forker",
          fromFork: true,
          config: DEFAULT_CONFIG,
        }).allowed,
      ).toBe(true);
    });

    it("lets writers dispatch", () => {
      expect(
        isAllowed({
          command: "fix",
          actor: user("maintainer", "write"),
          prAuthor: "forker",
          fromFork: true,
          config: DEFAULT_CONFIG,
        }).allowed,
      ).toBe(true);
    });
  });

  describe("the whole matrix: every command × level × GitHub permission × author × fork", () => {
    const rank: Record<GitHubPermission, number> = {
      none: 0,
      read: 1,
      triage: 1,
      write: 3,
      maintain: 4,
      admin: 5,
    };

    /** The documented policy, restated independently of the implementation. */
    function expected(
      command: CommandName,
      level: PermissionLevel,
      permission: GitHubPermission,
      isAuthor: boolean,
      fromFork: boolean,
    ): boolean {
      if (fromFork && (command === "fix" || command === "retry") && rank[permission] < rank.write)
        return false;
      if (level === "read") return true;
      if (level === "author") return isAuthor || rank[permission] >= rank.write;
      return rank[permission] >= rank[level];
    }

    for (const command of COMMAND_NAMES) {
      it(`decides \`${command}\` by the documented policy`, () => {
        const mismatches: string[] = [];
        for (const level of PERMISSION_LEVELS) {
          const config = configWith({ permissions: { [command]: level } });
          for (const permission of GITHUB_PERMISSIONS) {
            for (const isAuthor of [true, false]) {
              for (const fromFork of [true, false]) {
                const answer = isAllowed({
                  command,
                  actor: user("actor", permission),
                  prAuthor: isAuthor ? "actor" : "other",
                  fromFork,
                  config,
                });
                const want = expected(command, level, permission, isAuthor, fromFork);
                if (answer.allowed !== want)
                  mismatches.push(`${level}/${permission}/author=${isAuthor}/fork=${fromFork}`);
                if (!answer.allowed && !answer.reason.includes("@actor"))
                  mismatches.push(`reason without actor: ${answer.reason}`);
              }
            }
          }
        }

        expect(mismatches).toEqual([]);
      });
    }
  });
});
