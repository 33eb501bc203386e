import examples from "@octokit/webhooks-examples" with { type: "json" };
import { describe, expect, it } from "vitest";
import { parseWorkflowRunEvent } from "../../src/handlers/parse-workflow-run-event.ts";
import { parsePublicDispatchId, publicDispatchId } from "../../src/loop/remediation-jobs.ts";

type Example = { name: string; examples: Record<string, unknown>[] };
const defs = examples as unknown as Example[];
const completed = defs
  .find((d) => d.name === "workflow_run")
  ?.examples.find((e) => e.action === "completed") as Record<string, unknown>;

/** GitHub's example delivery, with the installation its examples lack and a run name. */
function delivery(overrides: { action?: string; display_title?: string; repoId?: number } = {}) {
  const run = completed.workflow_run as Record<string, unknown>;
  const repository = completed.repository as Record<string, unknown>;
  return {
    ...completed,
    action: overrides.action ?? "completed",
    installation: { id: 5 },
    repository: { ...repository, id: overrides.repoId ?? 4242 },
    workflow_run: { ...run, display_title: overrides.display_title ?? run.display_title },
  };
}

describe("handlers/parseWorkflowRunEvent", () => {
  it("reads GitHub's example delivery: run id, URL, conclusion", () => {
    const facts = parseWorkflowRunEvent(delivery());
    const run = completed.workflow_run as { id: number; html_url: string; conclusion: string };
    expect(facts).toMatchObject({
      installationId: 5,
      repoId: 4242,
      runId: run.id,
      runUrl: run.html_url,
      status: "completed",
      conclusion: run.conclusion,
      named: null,
    });
  });

  it("finds the dispatch id the example workflow's run-name carries", () => {
    const id = publicDispatchId({ repoId: 4242, prNumber: 17 }, "r2.3.9");
    const facts = parseWorkflowRunEvent(delivery({ display_title: `reviewloop fix ${id}` }));
    expect(facts?.named).toEqual({
      repoId: 4242,
      prNumber: 17,
      dispatchId: "r2.3.9",
      publicId: id,
    });
  });

  it("ignores a dispatch id of another repository (a run name anyone can write)", () => {
    const id = publicDispatchId({ repoId: 9999, prNumber: 1 }, "r1.1.1");
    expect(parseWorkflowRunEvent(delivery({ display_title: `x ${id}` }))?.named).toBeNull();
  });

  it.each(["requested", "in_progress"])("keeps %s without a conclusion", (action) => {
    expect(parseWorkflowRunEvent(delivery({ action }))).toMatchObject({
      status: action,
      conclusion: null,
    });
  });

  it("ignores other actions and payloads without an installation", () => {
    expect(parseWorkflowRunEvent(delivery({ action: "deleted" }))).toBeNull();
    const { installation: _, ...without } = delivery();
    expect(parseWorkflowRunEvent(without)).toBeNull();
  });
});

describe("loop/parsePublicDispatchId", () => {
  it.each([
    ["reviewloop fix rl-1-2-r3.4.5", { repoId: 1, prNumber: 2, dispatchId: "r3.4.5" }],
    ["rl-1-2-r3.4.5", { repoId: 1, prNumber: 2, dispatchId: "r3.4.5" }],
    ["reviewloop fix", null],
    ["rl-x-2-r3.4.5", null],
    ["rl-1-2-r3.4", null],
  ])("%s", (text, expected) => {
    const parsed = parsePublicDispatchId(text);
    expect(
      parsed === null
        ? null
        : { repoId: parsed.repoId, prNumber: parsed.prNumber, dispatchId: parsed.dispatchId },
    ).toEqual(expected);
  });
});
