import { createRequire } from "node:module";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";

const require = createRequire(import.meta.url);

let encoder: Tiktoken | undefined;

/**
 * Loads the `o200k_base` ranks (2.3 MB of text) on the first count only: a process with no model
 * configured never pays for them. `createRequire` because an ESM `import()` would make every
 * count asynchronous.
 */
function getEncoder(): Tiktoken {
  encoder ??= new Tiktoken(require("js-tiktoken/ranks/o200k_base") as TiktokenBPE);
  return encoder;
}

/**
 * Loads the ranks now (about 0.6 s of blocked event loop): the app does it at start when a
 * provider is configured, so no review pass blocks its job's lease renewal on the first count.
 */
export function loadTokenizer(): void {
  getEncoder();
}

/**
 * Tokens in `text` under OpenAI's `o200k_base` encoding (GPT-4o, GPT-4.1 and later). It is the
 * budget's measure for every provider: Anthropic and local models tokenize differently (usually
 * within ±20 %), so `max_input_tokens` is an estimate for them; the coverage reports the
 * provider's own usage figures next to it.
 */
export function countTokens(text: string): number {
  if (text === "") return 0;
  return getEncoder().encode(text).length;
}
