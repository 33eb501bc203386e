import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../src/env.ts";
import { startSetupMode } from "../../src/server/start-setup-mode.ts";

describe("server/startSetupMode", () => {
  describe("without APP_ID", () => {
    it("serves Probot's setup page with the app.yml manifest at /probot, offline", async () => {
      const parsed = parseEnv({});
      if (!parsed.ok) throw new Error(parsed.message);
      const written: NodeJS.ProcessEnv[] = [];
      const setup = await startSetupMode(parsed.env, {
        log: pino({ level: "silent" }),
        port: 0,
        updateEnv: (vars) => {
          written.push(vars);
          return vars;
        },
      });
      try {
        const response = await fetch(`${setup.url}/probot`);
        const html = await response.text();

        expect(response.status).toBe(200);
        expect(html).toContain("reviewloop");
        const manifest = JSON.parse(html.match(/id="manifest" value='([^']*)'/)![1]!);
        expect(manifest).toMatchObject({
          name: "reviewloop",
          public: false,
          redirect_url: `${setup.url}/probot/setup`,
          default_permissions: {
            pull_requests: "write",
            checks: "write",
            contents: "write",
            issues: "write",
            actions: "write",
            metadata: "read",
          },
        });
        expect(manifest.default_events).toContain("pull_request");
        expect(manifest.hook_attributes.url).toBe(`${setup.url}/`);
        // No smee.io channel was attempted (no network here): nothing was written to .env.
        expect(written).toEqual([]);
      } finally {
        await setup.stop();
      }
    });
  });
});
