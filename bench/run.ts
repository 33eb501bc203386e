/**
 * `npm run bench -- <name> [args]`: runs one benchmark and prints its JSON report on stdout.
 * Benchmarks load lazily, so one that is not written yet does not break the others.
 */
const BENCHES: Record<string, { file: string; fn: string; about: string }> = {
  queue: { file: "./queue.ts", fn: "benchQueue", about: "jobs/s enqueue → complete" },
  ack: { file: "./ack.ts", fn: "benchAck", about: "webhook ack latency at a fixed rate" },
  pass: { file: "./pass.ts", fn: "benchPass", about: "review pass through the app: requests, ms" },
  review: { file: "./review.ts", fn: "benchReview", about: "local review pass vs parse-diff" },
  diff: { file: "./diff-parse.ts", fn: "benchDiffParse", about: "diff parsers on a large diff" },
  loop: { file: "./loop.ts", fn: "benchLoop", about: "remediation rounds: ms and requests/round" },
  economy: {
    file: "./economy.ts",
    fn: "benchEconomy",
    about: "LLM engine: bytes and tokens sent per round vs bytes changed",
  },
};

function usage(): string {
  const lines = Object.entries(BENCHES).map(([name, b]) => `  ${name.padEnd(7)} ${b.about}`);
  return `usage: npm run bench -- <name> [args]\n${lines.join("\n")}\n`;
}

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(name ? `unknown benchmark "${name}"\n${usage()}` : usage());
  process.exit(2);
}
const module = (await import(bench.file)) as Record<string, unknown>;
const run = module[bench.fn];
if (typeof run !== "function") {
  process.stderr.write(`${bench.file} does not export ${bench.fn}() yet\n`);
  process.exit(2);
}
const report = await (run as (options: unknown) => Promise<unknown>)(parseArgs(args));
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
// Pools, timers or worker threads a benchmark left behind must not keep the process alive.
process.exit(0);

/** `--rate 100 --seconds 5` → `{ rate: 100, seconds: 5 }`; bare words are ignored. */
function parseArgs(argv: string[]): Record<string, string | number | boolean> {
  const options: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!match) continue;
    const key = match[1]!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    // A bare flag (`--pglite-disk`) is `true`.
    const raw = match[2] ?? (argv[i + 1]?.startsWith("--") === false ? argv[++i] : undefined);
    options[key] =
      raw === undefined ? true : raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return options;
}
