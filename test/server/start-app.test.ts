import { describe, expect, it } from "vitest";
import { startApp } from "../../src/server/start-app.ts";
import { postWebhook, startTestApp, testEnv } from "../helpers/start-test-app.ts";
import { webhookExample } from "../helpers/webhook-examples.ts";

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error("condition not reached in 4 s");
}

describe("server/startApp", () => {
  describe("stop(), as on SIGTERM", () => {
    it("lets the in-flight job finish, stops listening and closes the store", async () => {
      let finished = false;
      const app = await startTestApp({
        jobHandlers: {
          RunReview: async () => {
            await new Promise((r) => setTimeout(r, 300));
            finished = true;
          },
        },
      });
      await postWebhook(app, {
        event: "pull_request",
        payload: webhookExample("pull_request", "opened"),
      });
      await until(() => app.worker.inFlight() === 1);

      await app.stop();

      expect(finished).toBe(true);
      await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
      await expect(app.db.query("SELECT 1")).rejects.toThrow();
    });

    it("can be called twice (SIGTERM then SIGINT)", async () => {
      const app = await startTestApp();

      await Promise.all([app.stop(), app.stop()]);

      await expect(app.db.query("SELECT 1")).rejects.toThrow();
    });
  });

  describe("with an unreadable private key file", () => {
    it("fails with one line naming PRIVATE_KEY_PATH", async () => {
      const env = { ...testEnv(), privateKey: undefined, privateKeyPath: "/nonexistent/key.pem" };

      await expect(startApp(env, { port: 0 })).rejects.toThrow(
        /^PRIVATE_KEY_PATH: cannot read \/nonexistent\/key\.pem \(ENOENT\)$/,
      );
    });
  });
});
