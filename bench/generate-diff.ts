/**
 * Deterministic generator of large, valid `git diff` text for benchmarks and tests. The mix
 * follows real pull requests: mostly modified files with a few hunks each, some added, deleted
 * and renamed files, a few binary files, paths with spaces and quoted non-ASCII names, files
 * without a final newline, and code-like lines (including the odd TODO, console.log and
 * debugger) so that review rules have something to find.
 */

export interface GenerateDiffOptions {
  /** Number of `diff --git` entries. */
  files: number;
  /** Total added + deleted lines across all files (approximately; exact within ±1 per file). */
  changedLines: number;
  /** PRNG seed; the same options always give the same text. */
  seed?: number;
}

/** mulberry32: small, fast, good enough for test data. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "value",
  "items",
  "config",
  "result",
  "user",
  "request",
  "cache",
  "index",
  "total",
  "handler",
];
const SPECIAL = [
  "// TODO: handle the empty case",
  "console.log(result);",
  "debugger;",
  "// FIXME this leaks on retry",
];

/** Quotes a path the way git does with core.quotePath=true: non-ASCII bytes as octal escapes. */
function quotePath(path: string): string {
  const bytes = new TextEncoder().encode(path);
  let needs = false;
  let out = "";
  for (const b of bytes) {
    if (b >= 0x80 || b < 0x20 || b === 0x22 || b === 0x5c) {
      needs = true;
      out += b === 0x22 ? '\\"' : b === 0x5c ? "\\\\" : `\\${b.toString(8).padStart(3, "0")}`;
    } else out += String.fromCharCode(b);
  }
  return needs ? `"${out}"` : out;
}

/** `a/x` or `"a/\303\244"`, plus git's trailing tab for `---`/`+++` names that contain a space. */
function sideName(prefix: string, path: string, tab: boolean): string {
  const quoted = quotePath(prefix + path);
  return tab && !quoted.startsWith('"') && path.includes(" ") ? `${quoted}\t` : quoted;
}

/** Generates `git diff` text with the given shape. */
export function generateLargeDiff(opts: GenerateDiffOptions): string {
  const random = createRandom(opts.seed ?? 1);
  const int = (n: number) => Math.floor(random() * n);
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(16)]).join("");
  const codeLine = (): string => {
    if (random() < 0.01) return SPECIAL[int(SPECIAL.length)];
    const w = () => WORDS[int(WORDS.length)];
    const indent = "  ".repeat(int(4));
    return random() < 0.1
      ? ""
      : `${indent}const ${w()}${int(1000)} = ${w()}.${w()}(${w()}, ${int(100)});`;
  };
  const out: string[] = [];
  const perFile = Math.max(1, Math.round(opts.changedLines / Math.max(1, opts.files)));
  for (let f = 0; f < opts.files; f++) {
    const dir = ["src", "lib", "test", "docs", "pkg/core"][int(5)];
    const pick = random();
    const name =
      pick < 0.03 ? `file ${f} with spaces.ts` : pick < 0.05 ? `dätei-${f}-ü.ts` : `module-${f}.ts`;
    const path = `${dir}/${name}`;
    const budget = Math.max(1, Math.round(perFile * (0.5 + random())));
    const kind = random();
    if (kind < 0.01) {
      out.push(`diff --git ${sideName("a/", path, false)} ${sideName("b/", path, false)}`);
      out.push(
        `index ${hex(7)}..${hex(7)} 100644`,
        `Binary files ${sideName("a/", path, false)} and ${sideName("b/", path, false)} differ`,
      );
      continue;
    }
    if (kind < 0.09) {
      // Added file.
      out.push(
        `diff --git ${sideName("a/", path, false)} ${sideName("b/", path, false)}`,
        "new file mode 100644",
      );
      out.push(`index 0000000..${hex(7)}`, "--- /dev/null", `+++ ${sideName("b/", path, true)}`);
      out.push(`@@ -0,0 +1,${budget} @@`);
      for (let k = 0; k < budget; k++) out.push(`+${codeLine()}`);
      continue;
    }
    if (kind < 0.13) {
      // Deleted file, sometimes without a final newline.
      out.push(
        `diff --git ${sideName("a/", path, false)} ${sideName("b/", path, false)}`,
        "deleted file mode 100644",
      );
      out.push(`index ${hex(7)}..0000000`, `--- ${sideName("a/", path, true)}`, "+++ /dev/null");
      out.push(`@@ -1,${budget} +0,0 @@`);
      for (let k = 0; k < budget; k++) out.push(`-${codeLine()}`);
      if (random() < 0.3) out.push("\\ No newline at end of file");
      continue;
    }
    let oldPath = path;
    if (kind < 0.17) {
      oldPath = `${dir}/old-${name}`;
      out.push(`diff --git ${sideName("a/", oldPath, false)} ${sideName("b/", path, false)}`);
      out.push(
        `similarity index ${80 + int(20)}%`,
        `rename from ${quotePath(oldPath)}`,
        `rename to ${quotePath(path)}`,
      );
    } else {
      out.push(`diff --git ${sideName("a/", path, false)} ${sideName("b/", path, false)}`);
    }
    out.push(
      `index ${hex(7)}..${hex(7)} 100644`,
      `--- ${sideName("a/", oldPath, true)}`,
      `+++ ${sideName("b/", path, true)}`,
    );
    // Modified: split the budget over 1–4 hunks, each with three lines of context around.
    const hunkCount = 1 + int(Math.min(4, budget));
    let oldLine = 1 + int(20);
    let delta = 0;
    let left = budget;
    for (let h = 0; h < hunkCount && left > 0; h++) {
      const size = h === hunkCount - 1 ? left : Math.max(1, Math.floor(left / (hunkCount - h)));
      left -= size;
      const dels = int(size + 1);
      const adds = size - dels;
      out.push(`@@ -${oldLine},${dels + 6} +${oldLine + delta},${adds + 6} @@ function f${h}() {`);
      for (let k = 0; k < 3; k++) out.push(` ${codeLine()}`);
      for (let k = 0; k < dels; k++) out.push(`-${codeLine()}`);
      for (let k = 0; k < adds; k++) out.push(`+${codeLine()}`);
      for (let k = 0; k < 3; k++) out.push(` ${codeLine()}`);
      delta += adds - dels;
      oldLine += dels + 6 + 10 + int(50);
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
