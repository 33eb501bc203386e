import { runBuiltinEngine } from "./builtin/index.ts";
import type { ReviewEngine } from "./review-engine.ts";

/** The builtin rules as a review engine (`engines.builtin`). */
export const builtinReviewEngine: ReviewEngine = {
  name: "builtin",
  isEnabled: (config) => config.engines.builtin.enabled,
  async review({ files, contextFiles, fileSizes, config }) {
    const result = await runBuiltinEngine({
      files,
      ...(contextFiles === undefined ? {} : { contextFiles }),
      ...(fileSizes === undefined ? {} : { fileSizes }),
      rules: config.engines.builtin.rules,
    });
    return {
      findings: result.findings,
      skipped: result.skipped,
      errors: result.errors.map((e) => ({
        engine: "builtin",
        message: `${e.ruleId}${e.path === undefined ? "" : ` on ${e.path}`}: ${e.message}`,
      })),
    };
  },
};
