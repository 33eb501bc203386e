import { getBaseName, getExtension } from "./path-kinds.ts";

/** How comments start in a file's language, as far as a line-by-line scan can tell. */
export interface CommentSyntax {
  /** Tokens that start a comment running to the end of the line or block. */
  starts: readonly string[];
  /** A trimmed line starting with `*` continues a `/* … *\/` block (JSDoc style). */
  starContinuation: boolean;
}

const SLASH: CommentSyntax = { starts: ["//", "/*"], starContinuation: true };
const SLASH_AND_HASH: CommentSyntax = { starts: ["//", "/*", "#"], starContinuation: true };
const CSS: CommentSyntax = { starts: ["/*"], starContinuation: true };
const HASH: CommentSyntax = { starts: ["#"], starContinuation: false };
const DASH: CommentSyntax = { starts: ["--"], starContinuation: false };
const MARKUP: CommentSyntax = { starts: ["<!--"], starContinuation: false };
const UNKNOWN: CommentSyntax = { starts: ["//", "/*", "#"], starContinuation: true };

const BY_EXTENSION: Record<string, CommentSyntax> = {};
function register(syntax: CommentSyntax, extensions: string): void {
  for (const ext of extensions.split(" ")) BY_EXTENSION[ext] = syntax;
}
register(
  SLASH,
  ".js .jsx .ts .tsx .mjs .cjs .mts .cts .go .rs .java .kt .kts .scala .swift .c .h .cc .cpp .cxx .hpp .cs .dart .groovy .gradle .m .mm .proto .jsonc .json5 .scss .less .vue .svelte .zig",
);
register(SLASH_AND_HASH, ".php");
register(CSS, ".css");
register(
  HASH,
  ".py .pyi .rb .rake .gemspec .sh .bash .zsh .fish .yml .yaml .toml .pl .pm .r .mk .cmake .tf .hcl .ps1 .conf .cfg .ini .properties .nix .ex .exs .cr .jl .dockerfile .gitignore .env",
);
register(DASH, ".sql .lua .hs .elm .ada");
register(MARKUP, ".html .htm .xml .xhtml .md .markdown .mdx .svg .xaml");

const HASH_BASENAMES = new Set(["Dockerfile", "Makefile", "Gemfile", "Rakefile", "Procfile"]);

/** The comment syntax for a path, falling back to `//`, `/*` and `#` when the type is unknown. */
export function getCommentSyntax(path: string): CommentSyntax {
  const base = getBaseName(path);
  if (HASH_BASENAMES.has(base) || base.startsWith("Dockerfile.")) return HASH;
  return BY_EXTENSION[getExtension(path)] ?? UNKNOWN;
}

/** First characters of every comment token above; a cheap guard for the scan below. */
const COMMENT_FIRST_CHARS = "/#-<";

/** A line split at its first comment token outside a string literal. */
export interface SplitLine {
  code: string;
  /** The comment text including its start token, or null when the line has none. */
  comment: string | null;
}

/**
 * Splits one line into code and comment. A single-line heuristic: quotes are tracked so that
 * `"http://x"` is code, but comments opened on an earlier line are only recognised through the
 * `*` continuation of block comments.
 */
export function splitComment(content: string, syntax: CommentSyntax): SplitLine {
  const trimmed = content.trimStart();
  if (syntax.starContinuation && trimmed.startsWith("*")) return { code: "", comment: content };
  let quote: string | null = null;
  for (let i = 0; i < content.length; i++) {
    const char = content[i]!;
    if (quote !== null) {
      if (char === "\\") i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") {
      quote = char;
      continue;
    }
    if (!COMMENT_FIRST_CHARS.includes(char)) continue;
    for (const start of syntax.starts) {
      if (content.startsWith(start, i)) {
        return { code: content.slice(0, i), comment: content.slice(i) };
      }
    }
  }
  return { code: content, comment: null };
}
