import defs from "@octokit/webhooks-examples" with { type: "json" };

type Example = Record<string, unknown> & { action?: string };

/**
 * A copy of a real webhook payload from `@octokit/webhooks-examples`, with an installation added
 * when the example lacks one (several examples do).
 */
export function webhookExample(event: string, action: string, index = 0): Example {
  const group = (defs as unknown as { name: string; examples: Example[] }[]).find(
    (def) => def.name === event,
  );
  const matching = group?.examples.filter((example) => example.action === action) ?? [];
  const example = matching[index];
  if (!example) throw new Error(`no ${event}.${action} example #${index}`);
  const copy = structuredClone(example);
  copy.installation ??= { id: 4242, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  return copy;
}
