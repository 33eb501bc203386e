import { z } from "zod";
import { SEVERITIES } from "../../review/finding.ts";

/** At most this many findings per request; a longer list is invalid output (repaired once). */
export const MAX_FINDINGS_PER_CHUNK = 25;

/**
 * One finding as the model must return it. Every field is required and optional ones are
 * nullable: OpenAI's strict structured outputs accept no optional properties. Strings carry no
 * length limits here (strict mode refuses `minLength`/`maxLength`): `toFindings` clips them and
 * drops findings whose title is empty. Line numbers carry no minimum either: a finding on line 0
 * is dropped (and counted) by `toFindings`, where a bound here would make the whole answer
 * invalid and lose its other findings.
 */
export const modelFindingSchema = z
  .object({
    path: z.string().describe("The file's path exactly as shown in the diff header."),
    line: z
      .number()
      .int()
      .describe("Last line of the problem: a line number shown in the diff, on `side`."),
    start_line: z
      .number()
      .int()
      .nullable()
      .describe("First line of a multi-line problem, or null for one line."),
    side: z
      .enum(["RIGHT", "LEFT"])
      .describe("RIGHT for added or unchanged lines (new numbering), LEFT for deleted lines."),
    severity: z
      .enum(SEVERITIES)
      .describe("critical: must fix before merge; warning: should fix; info: minor."),
    category: z
      .string()
      .describe("bugs, security, performance, maintainability, tests, docs or style."),
    title: z.string().describe("One line saying what is wrong."),
    body: z.string().describe("Why it is wrong and how to fix it (markdown)."),
    suggestion: z
      .string()
      .nullable()
      .describe("Replacement text for lines start_line..line on the RIGHT side, or null."),
  })
  .strict();

/** The whole answer for one request. An empty list means nothing worth reporting. */
export const modelOutputSchema = z
  .object({
    findings: z.array(modelFindingSchema).max(MAX_FINDINGS_PER_CHUNK),
  })
  .strict();

export type ModelOutput = z.infer<typeof modelOutputSchema>;
