/**
 * What the simulator reads of a workflow file: its `name`, its `run-name` and whether it
 * listens to `repository_dispatch`. Line-based on purpose (no YAML features beyond plain
 * top-level scalars): the simulator only needs what a fixer workflow sets.
 */

function topLevel(text: string, key: string): string | undefined {
  const line = new RegExp(`^${key}:[ \\t]*(.+)$`, "m").exec(text)?.[1]?.trim();
  if (!line) return undefined;
  const quoted = /^(["'])(.*)\1$/.exec(line);
  return quoted ? quoted[2] : line;
}

/** The workflow's name: its `name:`, or its path as GitHub shows a workflow without one. */
export function workflowName(text: string | undefined, path: string): string {
  return (text && topLevel(text, "name")) || path;
}

/** The event a run was started by, for `${{ … }}` expressions in `run-name`. */
export interface RunEvent {
  inputs?: Record<string, unknown>;
  clientPayload?: Record<string, unknown>;
  eventName: string;
}

function evaluate(expression: string, event: RunEvent): string {
  const path = expression.trim();
  const input = /^(?:inputs|github\.event\.inputs)\.([\w-]+)$/.exec(path);
  if (input) return String(event.inputs?.[input[1]!] ?? "");
  const payload = /^github\.event\.client_payload\.([\w-]+)$/.exec(path);
  if (payload) return String(event.clientPayload?.[payload[1]!] ?? "");
  if (path === "github.event_name") return event.eventName;
  return "";
}

/**
 * A run's `display_title`: the workflow's `run-name` with `inputs.*`,
 * `github.event.client_payload.*` and `github.event_name` expressions filled in; without a
 * `run-name`, `reviewloop fix <dispatch_id>` when the event carries a `dispatch_id` (what the
 * example fixer workflow sets), else the workflow's name.
 */
export function runDisplayTitle(text: string | undefined, name: string, event: RunEvent): string {
  const runName = text ? topLevel(text, "run-name") : undefined;
  if (runName)
    return runName.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => evaluate(expr, event));
  const dispatchId = event.inputs?.dispatch_id ?? event.clientPayload?.dispatch_id;
  return typeof dispatchId === "string" && dispatchId !== ""
    ? `reviewloop fix ${dispatchId}`
    : name;
}

/** True when the workflow names `repository_dispatch` among its triggers. */
export function listensToRepositoryDispatch(text: string): boolean {
  return /\brepository_dispatch\b/.test(text);
}
