import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The end-to-end files spend most of their time waiting on their app processes (lease
    // expiry, Octokit's 1 s spacing of writes): more files than CPUs keep the 2 CPUs busy.
    // Measured on 2 CPUs with the remediation scenarios: 4 workers 500 s, 6 workers 443 s.
    maxWorkers: 6,
    globalSetup: ["test/global-setup.ts"],
  },
});
