import { describe, expect, it } from "vitest";
import { parseMarkers, passMarker } from "../../src/review/markers.ts";

const SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f012345678";

describe("review/markers", () => {
  describe("passMarker", () => {
    it("names the job, so each job's review has its own identity", () => {
      expect(passMarker(42, 7, SHA, 1001)).toBe(`<!-- reviewloop:pass 42#7@${SHA} job:1001 -->`);
    });

    it("keeps the earlier format without a job", () => {
      expect(passMarker(42, 7, SHA)).toBe(`<!-- reviewloop:pass 42#7@${SHA} -->`);
    });

    it("is not contained in the marker of another job on the same head", () => {
      expect(passMarker(42, 7, SHA, 10).includes(passMarker(42, 7, SHA, 1))).toBe(false);
    });
  });

  describe("parseMarkers", () => {
    it("reads markers of both formats", () => {
      const body = `${passMarker(1, 2, "abcdef1")}\n${passMarker(1, 2, "abcdef1", 9)}`;

      expect(parseMarkers(body).passes).toEqual([
        { repoId: 1, pr: 2, sha: "abcdef1" },
        { repoId: 1, pr: 2, sha: "abcdef1", jobId: 9 },
      ]);
    });
  });
});
