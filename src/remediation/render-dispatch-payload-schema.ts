import { z } from "zod";
import { type Json, sortKeywords } from "../config/render-json-schema.ts";
import { dispatchPayloadSchema } from "./dispatch-payload-schema.ts";

/**
 * The JSON Schema of the dispatch payload as committed to `schema/dispatch-payload.schema.json`:
 * the output side (what reviewloop sends), keywords sorted like the config schema's,
 * pretty-printed, with a final newline.
 */
export function renderDispatchPayloadSchema(): string {
  const schema = z.toJSONSchema(dispatchPayloadSchema, { io: "output", target: "draft-2020-12" });
  return `${JSON.stringify(sortKeywords(schema as Json), null, 2)}\n`;
}
