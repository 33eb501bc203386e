import { describe, expect, it } from "vitest";
import { lockfileDriftRule } from "../../../../src/engines/builtin/rules/lockfile-drift.ts";
import type { DiffFile } from "../../../../src/review/diff-types.ts";
import { makeDiffFile, makeModifiedFile } from "../make-diff.ts";
import { runRule } from "../run-rule.ts";

/** package.json with a dependency added to a visible `dependencies` section (new line 13). */
function packageJsonWithNewDependency(path = "package.json"): DiffFile {
  return makeDiffFile({
    path,
    hunks: [
      {
        oldStart: 10,
        newStart: 10,
        lines: [
          '   "dependencies": {',
          '     "zod": "^4.0.0",',
          '-    "yaml": "^2.0.0"',
          '+    "yaml": "^2.0.0",',
          '+    "picomatch": "^4.0.0"',
          "   },",
        ],
      },
    ],
  });
}

describe("engines/builtin/rules/lockfile-drift", () => {
  describe("with package.json dependencies changed", () => {
    it("reports a dependencies warning at the first changed dependency line when no lockfile changed", async () => {
      const findings = await runRule(lockfileDriftRule, [packageJsonWithNewDependency()]);

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        ruleId: "lockfile-drift",
        severity: "warning",
        category: "dependencies",
        path: "package.json",
        line: 12,
        side: "RIGHT",
      });
      expect(findings[0]!.body).toContain("npm install");
    });

    it.each([
      "package-lock.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "bun.lockb",
      "npm-shrinkwrap.json",
    ])("accepts %s changed in the same directory", async (lockfile) => {
      const lock = makeModifiedFile(lockfile, ["x"]);

      expect(await runRule(lockfileDriftRule, [packageJsonWithNewDependency(), lock])).toEqual([]);
    });

    it("accepts a workspace lockfile in a parent directory", async () => {
      const manifest = packageJsonWithNewDependency("packages/web/package.json");

      expect(
        await runRule(lockfileDriftRule, [manifest, makeModifiedFile("package-lock.json", ["x"])]),
      ).toEqual([]);
    });

    it("does not accept a lockfile of another directory", async () => {
      const manifest = packageJsonWithNewDependency("packages/web/package.json");
      const otherLock = makeModifiedFile("packages/api/package-lock.json", ["x"]);

      expect(await runRule(lockfileDriftRule, [manifest, otherLock])).toHaveLength(1);
    });

    it("recognises a dependency line when the hunk starts inside the section", async () => {
      const manifest = makeDiffFile({
        path: "package.json",
        hunks: [
          {
            oldStart: 30,
            newStart: 30,
            lines: ['     "a": "^1.0.0",', '+    "lodash": "^4.17.21",', '     "z": "~2.0.0"'],
          },
        ],
      });

      expect(await runRule(lockfileDriftRule, [manifest])).toHaveLength(1);
    });

    it("anchors a removed-only dependency on the LEFT side", async () => {
      const manifest = makeDiffFile({
        path: "package.json",
        hunks: [
          {
            oldStart: 5,
            newStart: 5,
            lines: [
              '   "devDependencies": {',
              '-    "left-pad": "^1.3.0",',
              '     "vitest": "^5.0.0"',
              "   }",
            ],
          },
        ],
      });

      const findings = await runRule(lockfileDriftRule, [manifest]);

      expect(findings[0]).toMatchObject({ line: 6, side: "LEFT" });
    });
  });

  describe("with package.json changed outside its dependencies", () => {
    it.each([
      ['   "scripts": {', '-    "test": "vitest"', '+    "test": "vitest run"', "   },"],
      [
        '   "name": "x",',
        '-  "version": "1.0.0",',
        '+  "version": "1.1.0",',
        '   "type": "module",',
      ],
      ['   "engines": {', '-    "node": ">=20"', '+    "node": ">=24"', "   },"],
    ])("does not flag `%s` …", async (...lines) => {
      const manifest = makeDiffFile({
        path: "package.json",
        hunks: [{ oldStart: 2, newStart: 2, lines }],
      });

      expect(await runRule(lockfileDriftRule, [manifest])).toEqual([]);
    });

    it("does not flag a section that follows the dependencies in the same hunk", async () => {
      const manifest = makeDiffFile({
        path: "package.json",
        lines: [
          '   "dependencies": {',
          '     "zod": "^4.0.0"',
          "   },",
          '   "scripts": {',
          '+    "lint": "biome check ."',
          "   }",
        ],
      });

      expect(await runRule(lockfileDriftRule, [manifest])).toEqual([]);
    });
  });

  describe.each([
    {
      ecosystem: "Cargo",
      manifest: "Cargo.toml",
      lockfile: "Cargo.lock",
      dependency: [
        " [dependencies]",
        ' serde = "1"',
        '+tokio = { version = "1", features = ["full"] }',
      ],
      other: [" [package]", ' name = "x"', '-version = "0.1.0"', '+version = "0.2.0"'],
    },
    {
      ecosystem: "Go",
      manifest: "go.mod",
      lockfile: "go.sum",
      dependency: [" require (", " \tgithub.com/a/b v1.0.0", "+\tgithub.com/c/d v1.2.3", " )"],
      other: [" module example.com/x", " ", "-go 1.22", "+go 1.23"],
    },
    {
      ecosystem: "Python",
      manifest: "pyproject.toml",
      lockfile: "uv.lock",
      dependency: [
        " [project]",
        ' name = "x"',
        " dependencies = [",
        '     "httpx>=0.27",',
        '+    "rich",',
        " ]",
      ],
      other: [" [tool.ruff]", "-line-length = 88", "+line-length = 100"],
    },
    {
      ecosystem: "Poetry",
      manifest: "pyproject.toml",
      lockfile: "poetry.lock",
      dependency: [" [tool.poetry.group.dev.dependencies]", '+pytest = "^8.0"'],
      other: [" [tool.poetry]", '-description = "a"', '+description = "b"'],
    },
    {
      ecosystem: "Ruby",
      manifest: "Gemfile",
      lockfile: "Gemfile.lock",
      dependency: [' source "https://rubygems.org"', '+gem "rails", "~> 7.1"'],
      other: [' gem "rails"', "+# the web framework"],
    },
    {
      ecosystem: "PHP",
      manifest: "composer.json",
      lockfile: "composer.lock",
      dependency: [
        '   "require": {',
        '+    "monolog/monolog": "^3.0",',
        '     "php": ">=8.2"',
        "   },",
      ],
      other: ['   "autoload": {', '+    "files": ["src/helpers.php"],', "   },"],
    },
  ])("with $ecosystem ($manifest)", ({ manifest, lockfile, dependency, other }) => {
    it(`flags a dependency change without ${lockfile}`, async () => {
      const file = makeDiffFile({ path: `svc/${manifest}`, lines: dependency });

      const findings = await runRule(lockfileDriftRule, [file]);

      expect(findings).toHaveLength(1);
      expect(findings[0]!.body).toContain(lockfile);
    });

    it(`accepts the change with ${lockfile}`, async () => {
      const file = makeDiffFile({ path: `svc/${manifest}`, lines: dependency });

      expect(
        await runRule(lockfileDriftRule, [file, makeModifiedFile(`svc/${lockfile}`, ["x"])]),
      ).toEqual([]);
    });

    it("does not flag a change outside the dependencies", async () => {
      const file = makeDiffFile({ path: `svc/${manifest}`, lines: other });

      expect(await runRule(lockfileDriftRule, [file])).toEqual([]);
    });
  });

  it("does not look at manifests in ignored directories", async () => {
    const vendored = packageJsonWithNewDependency("node_modules/x/package.json");

    expect(await runRule(lockfileDriftRule, [vendored])).toEqual([]);
  });
});
