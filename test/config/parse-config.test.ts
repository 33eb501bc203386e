import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig, type RepoConfig } from "../../src/config/index.ts";

/** Parses and fails the test with the errors when the config is invalid. */
function valid(raw: unknown, knownRuleIds?: string[]): { config: RepoConfig; warnings: string[] } {
  const result = parseConfig(raw, { knownRuleIds });
  if (!result.ok) throw new Error(`expected a valid config, got ${JSON.stringify(result.errors)}`);
  return result;
}

/** The errors of an invalid config. */
function errorsOf(raw: unknown) {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.errors;
}

function messageFor(raw: unknown, key: string): string {
  const errors = errorsOf(raw);
  const found = errors.find((error) => error.key === key);
  if (!found) throw new Error(`no error for ${key}: ${JSON.stringify(errors)}`);
  return found.message;
}

describe("config/parse-config", () => {
  describe("without a file", () => {
    it.each([null, undefined, {}])("uses every default for %j", (raw) => {
      const { config, warnings } = valid(raw);

      expect(config).toEqual(DEFAULT_CONFIG);
      expect(warnings).toEqual([]);
    });

    it("has the documented defaults", () => {
      const { config } = valid(null);

      expect(config.review).toEqual({
        drafts: false,
        branches: ["**"],
        ignore_authors: [],
        labels: { skip: ["reviewloop:skip"] },
        blocking_severity: "critical",
        approve: false,
        max_inline_comments: 50,
        paths: { include: ["**"], exclude: [] },
        path_instructions: [],
      });
      expect(config.engines).toEqual({
        builtin: { enabled: true, rules: {} },
        llm: { enabled: true, max_input_tokens: 200_000 },
        checks: {
          enabled: false,
          names: [],
          apps: [],
          severity: { failure: "critical", warning: "warning", notice: "info" },
          wait: true,
          timeout_minutes: 20,
        },
      });
      expect(config.remediation).toEqual({
        enabled: false,
        max_rounds: 5,
        no_progress_rounds: 2,
        max_attempts: 3,
        dispatch_timeout_minutes: 30,
        on_human_push: "pause",
        on_ci_failure: true,
        wait_for_checks: true,
        disputes_block: false,
        max_dispatches_per_day: 50,
        fixer: { logins: [] },
        target: {
          type: "workflow_dispatch",
          workflow: "reviewloop-fix.yml",
          event_type: "reviewloop-fix",
        },
      });
      expect(config.commands).toEqual({
        allowed_bots: [],
        cooldown_seconds: 60,
        resume_rounds: 2,
        permissions: {
          help: "read",
          status: "read",
          review: "author",
          "full-review": "author",
          dispose: "author",
          fix: "write",
          retry: "write",
          pause: "write",
          resume: "write",
          stop: "write",
          ignore: "write",
        },
      });
    });

    it("cannot be changed by a caller mutating the shared defaults", () => {
      expect(() => {
        (DEFAULT_CONFIG.review.branches as string[]).push("oops");
      }).toThrow();
      expect(DEFAULT_CONFIG.review.branches).toEqual(["**"]);
    });
  });

  describe("with a partial file", () => {
    it("fills in every key that is not written", () => {
      const { config } = valid({
        remediation: { enabled: true },
        review: { paths: { exclude: ["dist/**"] } },
      });

      expect(config.remediation.enabled).toBe(true);
      expect(config.remediation.max_rounds).toBe(5);
      expect(config.remediation.target.workflow).toBe("reviewloop-fix.yml");
      expect(config.review.paths).toEqual({ include: ["**"], exclude: ["dist/**"] });
    });

    it("overrides only the command permissions it names", () => {
      const { config } = valid({ commands: { permissions: { fix: "admin", review: "write" } } });

      expect(config.commands.permissions.fix).toBe("admin");
      expect(config.commands.permissions.review).toBe("write");
      expect(config.commands.permissions.stop).toBe("write");
      expect(config.commands.permissions.help).toBe("read");
    });

    it("drops Probot's `_extends` key", () => {
      const { config } = valid({ _extends: "org-settings", review: { approve: true } });

      expect(config).not.toHaveProperty("_extends");
      expect(config.review.approve).toBe(true);
    });
  });

  describe("builtin rule entries", () => {
    it("expand `false`, `true` and mappings to settings with `enabled`", () => {
      const { config } = valid({
        engines: {
          builtin: {
            rules: {
              "todo-comment": false,
              "conflict-marker": true,
              "large-file": { severity: "info", paths: ["assets/**"] },
              "llm/security": { enabled: false },
            },
          },
        },
      });

      expect(config.engines.builtin.rules).toEqual({
        "todo-comment": { enabled: false },
        "conflict-marker": { enabled: true },
        "large-file": { enabled: true, severity: "info", paths: ["assets/**"] },
        "llm/security": { enabled: false },
      });
    });

    it("reject ids that are not kebab-case", () => {
      expect(
        messageFor(
          { engines: { builtin: { rules: { Todo_Comment: false } } } },
          "engines.builtin.rules.Todo_Comment",
        ),
      ).toMatch(/kebab-case/);
    });

    it("report the inner key of a mapping that is wrong", () => {
      expect(
        messageFor(
          { engines: { builtin: { rules: { x: { severity: "high" } } } } },
          "engines.builtin.rules.x.severity",
        ),
      ).toMatch(/one of `info`, `warning`, `critical`/);
    });

    it("suggest the setting meant by an unknown key", () => {
      expect(
        messageFor(
          { engines: { builtin: { rules: { x: { sev: "info" } } } } },
          "engines.builtin.rules.x.sev",
        ),
      ).toBe("unknown key; did you mean `severity`?");
    });

    it("explain what a rule entry may be when it is neither a boolean nor a mapping", () => {
      expect(
        messageFor({ engines: { builtin: { rules: { x: 3 } } } }, "engines.builtin.rules.x"),
      ).toMatch(/`false`, `true` or a mapping/);
    });

    it("warn about ids no builtin rule has, with the closest id", () => {
      const { warnings } = valid(
        { engines: { builtin: { rules: { "conflict-markr": false, "no-such-thing": false } } } },
        ["conflict-marker", "todo-comment"],
      );

      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(
        /`engines\.builtin\.rules\.conflict-markr`.*did you mean `conflict-marker`/,
      );
      expect(warnings[1]).toMatch(/no-such-thing/);
      expect(warnings[1]).not.toMatch(/did you mean/);
    });
  });

  describe("unknown keys", () => {
    it.each([
      [{ reviw: {} }, "reviw", "unknown key; did you mean `review`?"],
      [{ review: { draft: true } }, "review.draft", "unknown key; did you mean `drafts`?"],
      [
        { review: { "blocking-severity": "warning" } },
        "review.blocking-severity",
        "unknown key; did you mean `blocking_severity`?",
      ],
      [
        { review: { paths: { exlude: [] } } },
        "review.paths.exlude",
        "unknown key; did you mean `exclude`?",
      ],
      [
        { remediation: { target: { tpye: "webhook" } } },
        "remediation.target.tpye",
        "unknown key; did you mean `type`?",
      ],
      [
        { commands: { permissions: { fixx: "read" } } },
        "commands.permissions.fixx",
        "unknown key; did you mean `fix`?",
      ],
      [
        { review: { path_instructions: [{ path: "a/**", instruction: "x" }] } },
        "review.path_instructions[0].instruction",
        "unknown key; did you mean `instructions`?",
      ],
    ])("names the key of %j and suggests the close one", (raw, key, message) => {
      expect(messageFor(raw, key)).toBe(message);
    });

    it("says where a key that exists elsewhere belongs", () => {
      expect(messageFor({ max_rounds: 3 }, "max_rounds")).toBe(
        "unknown key here; `max_rounds` belongs under `remediation`",
      );
      expect(messageFor({ review: { remediation: {} } }, "review.remediation")).toBe(
        "unknown key here; `remediation` belongs at the top level",
      );
    });

    it("explains that dotted keys do not nest", () => {
      expect(messageFor({ "review.drafts": true }, "review.drafts")).toMatch(
        /do not nest with dots.*`review:`.*`drafts:`/,
      );
    });

    it("lists the valid keys when nothing is close", () => {
      expect(messageFor({ engines: { zzz: {} } }, "engines.zzz")).toBe(
        "unknown key; expected one of `builtin`, `llm`, `checks`",
      );
    });

    it("reports every unknown key, not only the first", () => {
      const keys = errorsOf({ foo: 1, review: { bar: 2, paths: { baz: 3 } } }).map(
        (error) => error.key,
      );

      expect(keys.sort()).toEqual(["foo", "review.bar", "review.paths.baz"]);
    });
  });

  describe("wrong types", () => {
    it.each([
      [{ review: { drafts: "yes" } }, "review.drafts", 'expected `true` or `false`, got "yes"'],
      [{ review: { branches: "main" } }, "review.branches", 'expected a list, got "main"'],
      [
        { review: { paths: ["src/**"] } },
        "review.paths",
        "expected a mapping (`key: value` lines), got a list",
      ],
      [
        { remediation: { max_rounds: "5" } },
        "remediation.max_rounds",
        'expected a number, got "5"',
      ],
      [
        { remediation: { max_rounds: 2.5 } },
        "remediation.max_rounds",
        "expected a whole number, got 2.5",
      ],
      [
        { review: { paths: { include: ["src/**", 7] } } },
        "review.paths.include[1]",
        "expected a text value, got 7",
      ],
    ])("names the key in %j", (raw, key, message) => {
      expect(messageFor(raw, key)).toBe(message);
    });

    it("points out an empty value and the default it replaced", () => {
      expect(messageFor({ review: { drafts: null } }, "review.drafts")).toBe(
        "expected `true` or `false`, got an empty value; remove the key to use the default (`false`)",
      );
    });

    it.each([[[]], ["review: true"], [42]])("rejects a file that is not a mapping (%j)", (raw) => {
      const errors = errorsOf(raw);

      expect(errors).toHaveLength(1);
      expect(errors[0].key).toBe("");
      expect(errors[0].message).toMatch(/must be a mapping/);
    });
  });

  describe("engines.checks", () => {
    it("maps annotation levels to the severities given, the others keeping their defaults", () => {
      const result = parseConfig({
        engines: { checks: { apps: ["github-actions"], severity: { failure: "warning" } } },
      });
      expect(result.ok && result.config.engines.checks).toMatchObject({
        apps: ["github-actions"],
        severity: { failure: "warning", warning: "warning", notice: "info" },
      });
    });

    it("rejects an unknown level and an unknown severity", () => {
      const result = parseConfig({
        engines: { checks: { severity: { error: "critical", notice: "high" } } },
      });
      expect(result.ok ? [] : result.errors.map((e) => e.key).sort()).toEqual([
        "engines.checks.severity.error",
        "engines.checks.severity.notice",
      ]);
    });
  });

  describe("out-of-range and malformed values", () => {
    it.each([
      [{ remediation: { max_rounds: 0 } }, "remediation.max_rounds", "must be at least 1, got 0"],
      [{ remediation: { max_rounds: 21 } }, "remediation.max_rounds", "must be at most 20, got 21"],
      [
        { remediation: { max_attempts: 11 } },
        "remediation.max_attempts",
        "must be at most 10, got 11",
      ],
      [
        { review: { max_inline_comments: -1 } },
        "review.max_inline_comments",
        "must be at least 0, got -1",
      ],
      [
        { engines: { checks: { timeout_minutes: 361 } } },
        "engines.checks.timeout_minutes",
        "must be at most 360, got 361",
      ],
      [
        { engines: { checks: { apps: ["GitHub Actions"] } } },
        "engines.checks.apps[0]",
        "an app slug is lowercase letters, digits and `-`, e.g. `github-actions`",
      ],
      [{ review: { branches: [] } }, "review.branches", "must list at least 1 entry, got 0"],
      [
        { review: { paths: { include: ["src/**", ""] } } },
        "review.paths.include[1]",
        "must not be empty",
      ],
      [
        { remediation: { target: { event_type: "x".repeat(101) } } },
        "remediation.target.event_type",
        "must be at most 100 characters long, got 101",
      ],
    ])("names the key in %j", (raw, key, message) => {
      expect(messageFor(raw, key)).toBe(message);
    });

    it("suggests the enum value meant by a typo or a prefix", () => {
      expect(
        messageFor({ review: { blocking_severity: "crit" } }, "review.blocking_severity"),
      ).toBe('must be one of `info`, `warning`, `critical`; got "crit" — did you mean `critical`?');
      expect(
        messageFor({ remediation: { on_human_push: "puase" } }, "remediation.on_human_push"),
      ).toMatch(/did you mean `pause`\?$/);
    });

    it("refuses globs that could never match a repository path", () => {
      expect(
        messageFor({ review: { paths: { exclude: ["./dist/**"] } } }, "review.paths.exclude[0]"),
      ).toMatch(/repository-relative/);
      expect(messageFor({ review: { branches: ["/main"] } }, "review.branches[0]")).toMatch(
        /repository-relative/,
      );
    });

    it("refuses logins written with @", () => {
      expect(
        messageFor({ commands: { allowed_bots: ["@renovate[bot]"] } }, "commands.allowed_bots[0]"),
      ).toMatch(/no leading `@`/);
    });

    it("refuses a workflow that is not a file name or id", () => {
      expect(
        messageFor(
          { remediation: { target: { workflow: ".github/workflows/fix.yml" } } },
          "remediation.target.workflow",
        ),
      ).toMatch(/file name/);
      expect(
        valid({ remediation: { target: { workflow: "1234" } } }).config.remediation.target.workflow,
      ).toBe("1234");
    });

    it("reports several errors at once, each under its own key", () => {
      const keys = errorsOf({
        review: { drafts: 1, approve: "no" },
        remediation: { max_rounds: 99 },
      }).map((error) => error.key);

      expect(keys.sort()).toEqual(["remediation.max_rounds", "review.approve", "review.drafts"]);
    });
  });

  describe("warnings", () => {
    it("warns when every engine is off", () => {
      const { warnings } = valid({
        engines: { builtin: { enabled: false }, llm: { enabled: false } },
      });

      expect(warnings).toEqual([expect.stringMatching(/every engine is disabled/)]);
    });

    it("warns when no_progress_rounds can never stop the loop early", () => {
      const { warnings } = valid({ remediation: { max_rounds: 3, no_progress_rounds: 3 } });

      expect(warnings).toEqual([expect.stringMatching(/no_progress_rounds/)]);
    });

    it("warns about target keys the chosen type ignores", () => {
      const { warnings } = valid({
        remediation: { target: { type: "repository_dispatch", workflow: "fix.yml" } },
      });

      expect(warnings).toEqual([
        "`remediation.target.workflow` is ignored when `target.type` is `repository_dispatch`.",
      ]);
    });
  });

  describe("robustness", () => {
    it("never throws, whatever it is given", () => {
      const circular: Record<string, unknown> = {};
      circular.review = circular;
      const inputs: unknown[] = [
        circular,
        Symbol("x"),
        () => 1,
        new Date(),
        Object.create(null),
        { __proto__: { drafts: true } },
        { review: { drafts: BigInt(1) } },
      ];

      for (const input of inputs) expect(() => parseConfig(input)).not.toThrow();
    });

    it("rejects a `__proto__` key instead of polluting anything", () => {
      const raw = JSON.parse('{"review": {"__proto__": {"drafts": true}}}');

      const result = parseConfig(raw);

      expect(result.ok).toBe(false);
      expect(({} as { drafts?: boolean }).drafts).toBeUndefined();
    });
  });
});
