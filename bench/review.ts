/**
 * Review-pass benchmark (issue 3): on a generated 2,000-file, 100,000-changed-line diff, times
 * parsing alone with the `parse-diff` package against our whole local pass — parse, builtin rules,
 * and `reviewDiff` (commentable index, fingerprints, ids, placement, rendering) — and measures the
 * peak RSS of one pass. Each measurement runs in its own child process so that peak RSS
 * (`process.resourceUsage().maxRSS`) belongs to that work alone. The timed children alternate
 * (parse-diff, ours, parse-diff, ours, …) for `rounds` rounds so that both sides see the same
 * machine load; medians are taken over every round's samples.
 * Run: `npx node bench/review.ts [files] [changedLines]` or `npm run bench -- review
 * [--rounds 3] [--iterations 7]`; prints JSON.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateLargeDiff } from "./generate-diff.ts";

export interface BenchReviewOptions {
  files?: number;
  changedLines?: number;
  seed?: number;
  /** Timed runs per child process after one warm-up run. */
  iterations?: number;
  /** Alternating parse-diff / ours child pairs; the median is over all their timed runs. */
  rounds?: number;
}

/** What a child process reports. */
interface ChildReport {
  mode: ChildMode;
  /** Every timed run, in order. */
  samplesMs: number[];
  /** Main-thread CPU time of every timed run: unlike wall time, it excludes waiting for a CPU. */
  cpuSamplesMs: number[];
  /** Every timed run's stages, ours only. */
  stageSamplesMs?: Record<string, number[]>;
  medianMs: number;
  minMs: number;
  firstRunMs: number;
  /** Medians of the pipeline's stages, ours only. */
  stagesMs?: Record<string, number>;
  maxRssMb: number;
  findings?: number;
}

type ChildMode = "parse-diff" | "ours" | "baseline";

const SELF = fileURLToPath(import.meta.url);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Generates the diff, runs every measurement in a child process and returns the JSON report. */
export async function benchReview(opts: BenchReviewOptions = {}): Promise<object> {
  const files = opts.files ?? 2_000;
  const changedLines = opts.changedLines ?? 100_000;
  const iterations = opts.iterations ?? 7;
  const rounds = opts.rounds ?? 3;
  const text = generateLargeDiff({ files, changedLines, seed: opts.seed ?? 1 });
  const dir = mkdtempSync(join(tmpdir(), "reviewloop-bench-"));
  const diffPath = join(dir, "large.diff");
  writeFileSync(diffPath, text);
  try {
    // Timed runs repeat the work, so their peak RSS includes garbage not yet collected; peak RSS
    // of one pass is measured separately, in a fresh process doing exactly one pass.
    const loadBefore = loadavg()[0]!;
    const parseDiffRounds: ChildReport[] = [];
    const oursRounds: ChildReport[] = [];
    for (let r = 0; r < rounds; r++) {
      parseDiffRounds.push(await runChild("parse-diff", diffPath, iterations));
      oursRounds.push(await runChild("ours", diffPath, iterations));
    }
    const loadAfter = loadavg()[0]!;
    const parseDiffTimed = poolRounds(parseDiffRounds);
    const oursTimed = poolRounds(oursRounds);
    const parseDiffOnce = await runChild("parse-diff", diffPath, 0);
    const oursOnce = await runChild("ours", diffPath, 0);
    const baseline = await runChild("baseline", diffPath, 0);
    const ratio = oursTimed.medianMs / parseDiffTimed.medianMs;
    return {
      input: {
        files,
        changedLines,
        megabytes: round(text.length / 1e6, 2),
        findings: oursTimed.findings,
      },
      iterations,
      rounds,
      parseDiffMs: pick(parseDiffTimed),
      oursMs: { ...pick(oursTimed), stages: oursTimed.stagesMs },
      ratio: round(ratio, 2),
      // The same ratio without the builtin rules: what the diff model and the review pass cost.
      ratioWithoutRules: round(
        ((oursTimed.stagesMs?.parse ?? 0) + (oursTimed.stagesMs?.indexPlaceRender ?? 0)) /
          parseDiffTimed.medianMs,
        2,
      ),
      // Each round's ratio of medians: how much the answer moves with the machine's load.
      roundRatios: oursRounds.map((ours, r) =>
        round(ours.medianMs / parseDiffRounds[r]!.medianMs, 2),
      ),
      // The same comparison in main-thread CPU time, which machine load hardly moves (it leaves
      // out waiting for a CPU, and also work on other threads such as parallel GC).
      cpuMs: {
        parseDiff: round(median(parseDiffTimed.cpuSamplesMs)),
        ours: round(median(oursTimed.cpuSamplesMs)),
      },
      cpuRatio: round(median(oursTimed.cpuSamplesMs) / median(parseDiffTimed.cpuSamplesMs), 2),
      ratioTarget: 1.5,
      ratioMet: ratio <= 1.5,
      peakRssMb: {
        ours: oursOnce.maxRssMb,
        parseDiff: parseDiffOnce.maxRssMb,
        baseline: baseline.maxRssMb,
      },
      peakRssTargetMb: 300,
      peakRssMet: oursOnce.maxRssMb <= 300,
      machine: {
        node: process.version,
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? "unknown",
        // One-minute load average before and after the timed runs (other work on the machine).
        load: [round(loadBefore, 2), round(loadAfter, 2)],
      },
      date: new Date().toISOString(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** All rounds' timed runs as one report: medians over every sample. */
function poolRounds(reports: readonly ChildReport[]): ChildReport {
  const samples = reports.flatMap((report) => report.samplesMs);
  const cpuSamples = reports.flatMap((report) => report.cpuSamplesMs);
  const stageNames = Object.keys(reports[0]?.stageSamplesMs ?? {});
  const stages = Object.fromEntries(
    stageNames.map((name) => [
      name,
      round(median(reports.flatMap((report) => report.stageSamplesMs?.[name] ?? []))),
    ]),
  );
  return {
    mode: reports[0]!.mode,
    samplesMs: samples,
    cpuSamplesMs: cpuSamples,
    medianMs: round(median(samples)),
    minMs: round(Math.min(...samples)),
    firstRunMs: round(median(reports.map((report) => report.firstRunMs))),
    stagesMs: stages,
    maxRssMb: Math.max(...reports.map((report) => report.maxRssMb)),
    findings: reports[0]!.findings,
  };
}

function pick(r: ChildReport) {
  return { median: r.medianMs, min: r.minMs, firstRun: r.firstRunMs };
}

function runChild(mode: ChildMode, diffPath: string, iterations: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELF, "--child", mode, diffPath, String(iterations)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`bench child ${mode} exited with ${code}`));
      else resolve(JSON.parse(out) as ChildReport);
    });
  });
}

/** One measurement, inside the child process. */
async function child(mode: ChildMode, diffPath: string, iterations: number): Promise<ChildReport> {
  const text = readFileSync(diffPath, "utf8");
  const run = await loadWork(mode);
  const stages: Record<string, number[]> = {};
  const timeOnce = async () => {
    const start = performance.now();
    const cpuStart = process.threadCpuUsage();
    const result = await run(text);
    const total = performance.now() - start;
    const cpuUsed = process.threadCpuUsage(cpuStart);
    const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
    for (const [name, ms] of Object.entries(result.stagesMs)) {
      stages[name] = [...(stages[name] ?? []), ms];
    }
    return { total, cpu, findings: result.findings };
  };
  const first = await timeOnce();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let k = 0; k < iterations; k++) {
    const run = await timeOnce();
    samples.push(run.total);
    cpuSamples.push(run.cpu);
  }
  const all = samples.length > 0 ? samples : [first.total];
  // The first run of each stage is the warm-up; the rest match `samples`.
  const timedStages = Object.fromEntries(
    Object.entries(stages).map(([name, xs]) => [name, xs.slice(1).length > 0 ? xs.slice(1) : xs]),
  );
  return {
    mode,
    samplesMs: all,
    cpuSamplesMs: cpuSamples.length > 0 ? cpuSamples : [first.cpu],
    stageSamplesMs: timedStages,
    medianMs: round(median(all)),
    minMs: round(Math.min(...all)),
    firstRunMs: round(first.total),
    stagesMs: Object.fromEntries(
      Object.entries(timedStages).map(([name, xs]) => [name, round(median(xs))]),
    ),
    // maxRSS is in kilobytes.
    maxRssMb: round(process.resourceUsage().maxRSS / 1024),
    findings: first.findings,
  };
}

type Work = (text: string) => Promise<{ stagesMs: Record<string, number>; findings?: number }>;

async function loadWork(mode: ChildMode): Promise<Work> {
  if (mode === "baseline") {
    // Loads what the real pass loads and reads the diff, but does no work.
    await import("../src/engines/builtin/index.ts");
    await import("../src/review/review-pass.ts");
    return async () => ({ stagesMs: {} });
  }
  if (mode === "parse-diff") {
    const { default: parseDiff } = await import("parse-diff");
    return async (text) => {
      parseDiff(text);
      return { stagesMs: {} };
    };
  }
  const { parseGitDiff } = await import("../src/review/parse-git-diff.ts");
  const { runBuiltinEngine } = await import("../src/engines/builtin/index.ts");
  const { reviewDiff } = await import("../src/review/review-pass.ts");
  const { DEFAULT_CONFIG } = await import("../src/config/schema.ts");
  return async (text) => {
    const t0 = performance.now();
    const files = parseGitDiff(text);
    const t1 = performance.now();
    const engine = await runBuiltinEngine({ files, rules: DEFAULT_CONFIG.engines.builtin.rules });
    const t2 = performance.now();
    const result = reviewDiff({
      files,
      findings: engine.findings,
      review: DEFAULT_CONFIG.review,
      summary: {
        commits: { base: "0".repeat(40), head: "1".repeat(40), mode: "full" },
        filesSkipped: engine.skipped,
        engineErrors: [],
      },
    });
    const t3 = performance.now();
    return {
      stagesMs: { parse: t1 - t0, builtinRules: t2 - t1, indexPlaceRender: t3 - t2 },
      findings: result.placed.length,
    };
  };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const report = await child(args[1] as ChildMode, args[2], Number(args[3]));
    process.stdout.write(JSON.stringify(report));
  } else {
    const [files, changedLines] = args.map(Number);
    const report = await benchReview({
      files: files || undefined,
      changedLines: changedLines || undefined,
    });
    console.log(JSON.stringify(report, null, 2));
  }
}
