import type {
  CheckRunAnnotation,
  CheckRunInfo,
  CheckRunsReader,
} from "../../../src/github/check-runs-reader.ts";

/** A check run on the head, completed with no annotations unless told otherwise. */
export function aRun(overrides: Partial<CheckRunInfo> & { name: string }): CheckRunInfo {
  return {
    id: 1,
    appSlug: "github-actions",
    status: "completed",
    conclusion: "failure",
    headSha: "h".repeat(40),
    externalId: null,
    detailsUrl: null,
    htmlUrl: null,
    startedAt: null,
    completedAt: null,
    output: { title: null, summary: null, annotationsCount: 0 },
    ...overrides,
  };
}

/** An annotation on `path` lines `start..end`. */
export function anAnnotation(
  overrides: Partial<CheckRunAnnotation> & { path: string; startLine: number },
): CheckRunAnnotation {
  return {
    endLine: overrides.startLine,
    level: "failure",
    title: null,
    message: "'x' is defined but never used",
    rawDetails: null,
    ...overrides,
  };
}

/** A CheckRunsReader answering from memory, recording which runs' annotations were read. */
export function fakeReader(
  runs: CheckRunInfo[],
  annotations: Record<number, CheckRunAnnotation[] | Error>,
): CheckRunsReader & { read: number[]; listed: number } {
  const reader = {
    read: [] as number[],
    listed: 0,
    async listCheckRuns() {
      reader.listed += 1;
      return runs;
    },
    async listCheckSuites() {
      return [];
    },
    async listAnnotations(_repo: unknown, id: number, max = 50) {
      reader.read.push(id);
      const found = annotations[id] ?? [];
      if (found instanceof Error) throw found;
      return found.slice(0, max);
    },
  };
  return reader;
}
