import { describe, expect, it } from "vitest";
import { isLockfile, isTestPath } from "../../../src/engines/builtin/path-kinds.ts";

describe("engines/builtin/path-kinds", () => {
  describe("isTestPath", () => {
    it.each([
      "test/a.ts",
      "packages/x/tests/b.py",
      "src/__tests__/c.tsx",
      "spec/models/user_spec.rb",
      "src/a.test.ts",
      "src/a.spec.js",
      "pkg/a_test.go",
      "app/test_views.py",
      "app/views_test.py",
      "conftest.py",
      "src/test/java/com/x/FooTest.java",
      "e2e/login.ts",
    ])("treats %s as a test", (path) => {
      expect(isTestPath(path)).toBe(true);
    });

    it.each([
      "src/a.ts",
      "src/testing.ts",
      "src/contest.py",
      "lib/attest/a.go",
      "src/latest.ts",
      "test.ts",
    ])("treats %s as source", (path) => {
      expect(isTestPath(path)).toBe(false);
    });
  });

  describe("isLockfile", () => {
    it("recognises lockfiles by name in any directory, not by similar names", () => {
      expect(isLockfile("apps/web/pnpm-lock.yaml")).toBe(true);
      expect(isLockfile("go.sum")).toBe(true);
      expect(isLockfile("docs/package-lock.json.md")).toBe(false);
      expect(isLockfile("src/yarn.lock.ts")).toBe(false);
    });
  });
});
