import type { DiffLine } from "../../review/diff-types.ts";
import type { ReviewFile } from "./types.ts";

/**
 * Which changed lines of a package manifest touch its dependencies. A hunk shows only part of the
 * file, so each scanner follows the section headers it can see (`"dependencies": {`,
 * `[dev-dependencies]`, `require (`) and, for lines before the first visible header, falls back
 * on what a dependency line looks like.
 */

/** A scanner reads one hunk's lines in order and says which changed lines are dependency lines. */
type LineScanner = () => (line: DiffLine) => boolean;

/** A package ecosystem: its manifest file name, its lockfiles and how to refresh them. */
export interface Ecosystem {
  manifest: string;
  lockfiles: readonly string[];
  /** Workspaces keep one lockfile at the root, so a lockfile in an ancestor directory counts. */
  lockfileMayBeInAncestor: boolean;
  /** The command that brings the lockfile up to date, for the finding body. */
  updateCommand: string;
  scanner: LineScanner;
}

const JSON_HEADER = /^(\s*)"([^"]+)"\s*:\s*[{[]/;
const JSON_KEY = /^(\s*)"([^"]+)"\s*:/;
const JSON_CLOSE = /^(\s*)[}\]]/;
/** Values that look like a version range or a package source, e.g. `^1.2.0`, `workspace:*`, `npm:x@1`. */
const JSON_DEPENDENCY_VALUE =
  /^\s*"[^"]+"\s*:\s*"(?:[\^~<>=*]|x\b|\d|latest|next|workspace:|npm:|file:|link:|portal:|git|github:|https?:|dev-)/;
/** Keys with version-like values that are not dependencies (`engines`, the package's own version). */
const JSON_NON_DEPENDENCY_KEYS = new Set([
  "version",
  "node",
  "npm",
  "yarn",
  "pnpm",
  "bun",
  "vscode",
  "php",
]);

/** A scanner for JSON manifests (package.json, composer.json), tracking sections by indentation. */
function scanJsonSections(dependencySections: ReadonlySet<string>): LineScanner {
  return () => {
    // undefined: the hunk started inside a section we cannot see.
    let section: { name: string; indent: number } | null | undefined;
    return (line) => {
      const { content } = line;
      const header = JSON_HEADER.exec(content);
      const key = JSON_KEY.exec(content);
      const close = JSON_CLOSE.exec(content);
      let inDependencies: boolean;
      if (header !== null && (section == null || header[1]!.length <= section.indent)) {
        section = { name: header[2]!, indent: header[1]!.length };
        inDependencies = dependencySections.has(section.name);
      } else if (section === undefined) {
        inDependencies =
          JSON_DEPENDENCY_VALUE.test(content) && !JSON_NON_DEPENDENCY_KEYS.has(key?.[2] ?? "");
        if (close !== null) section = null;
      } else if (section === null) {
        inDependencies = false;
      } else {
        const indent = (key ?? close)?.[1]?.length;
        const leaves = indent !== undefined && indent <= section.indent;
        inDependencies = dependencySections.has(section.name) && !(leaves && key !== null);
        if (leaves) section = null;
      }
      return line.kind !== "context" && inDependencies && !isPunctuation(content);
    };
  };
}

const TOML_HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/;
/** `name = "1.2"`, `name = { version = … }`, `name = { git = … }`, `name = { path = … }`. */
const TOML_DEPENDENCY_ASSIGNMENT =
  /^\s*"?([A-Za-z0-9_.-]+)"?\s*=\s*(?:\{.*\b(?:version|git|path|workspace)\s*=|"[\^~=<>*]?\s*\d|"\*")/;
const TOML_NON_DEPENDENCY_KEYS = new Set(["version", "rust-version", "edition", "requires-python"]);
/** A PEP 508 requirement string inside an array: `"requests>=2",`, `"rich",`. */
const PEP_508_ITEM =
  /^\s*["'][A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*(?:[<>=!~]=?|===|@|;|["'])/;
const TOML_ARRAY_START = /^\s*(?:dev-)?dependencies\s*=\s*\[/;

/**
 * A scanner for TOML manifests: a table whose name matches `dependencySection` is a dependency
 * section; with `requirementArrays`, a `dependencies = [ … ]` array of PEP 508 strings in any
 * table is one too (pyproject's `[project]`, `[tool.uv]`).
 */
function scanTomlSections(dependencySection: RegExp, requirementArrays: boolean): LineScanner {
  return () => {
    let table: string | undefined; // undefined: the hunk started below an invisible header
    let inArray = false;
    return (line) => {
      const { content } = line;
      const header = TOML_HEADER.exec(content);
      let inDependencies: boolean;
      if (header !== null) {
        table = header[1]!;
        inArray = false;
        inDependencies = dependencySection.test(table);
      } else if (requirementArrays && TOML_ARRAY_START.test(content)) {
        inArray = !/\]\s*(?:#.*)?$/.test(content);
        inDependencies = true;
      } else if (inArray) {
        inDependencies = true;
        if (/^\s*\]/.test(content)) inArray = false;
      } else if (table === undefined) {
        const assignment = TOML_DEPENDENCY_ASSIGNMENT.exec(content);
        inDependencies =
          (requirementArrays && PEP_508_ITEM.test(content)) ||
          (assignment !== null && !TOML_NON_DEPENDENCY_KEYS.has(assignment[1]!));
      } else {
        inDependencies = dependencySection.test(table);
      }
      return line.kind !== "context" && inDependencies && !isPunctuation(content);
    };
  };
}

/** go.mod: every directive except `module`, `go` and `toolchain` is about dependencies. */
const scanGoMod: LineScanner = () => (line) =>
  line.kind !== "context" &&
  !isPunctuation(line.content) &&
  !/^\s*(?:module|go|toolchain)\s/.test(line.content) &&
  !/^\s*\/\//.test(line.content) &&
  !/^\s*[()]\s*$/.test(line.content);

/** Gemfile: `gem`, `gemspec`, `source` and `ruby` lines end up in Gemfile.lock. */
const scanGemfile: LineScanner = () => (line) =>
  line.kind !== "context" && /^\s*(?:gem|gemspec|source|ruby)\b/.test(line.content);

function isPunctuation(content: string): boolean {
  return /^\s*[{}[\],]*\s*$/.test(content);
}

/** Every ecosystem `lockfile-drift` knows, by manifest file name. */
export const ECOSYSTEMS: readonly Ecosystem[] = [
  {
    manifest: "package.json",
    lockfiles: [
      "package-lock.json",
      "npm-shrinkwrap.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "bun.lockb",
      "bun.lock",
    ],
    lockfileMayBeInAncestor: true,
    updateCommand: "`npm install` (or `yarn`, `pnpm install`, `bun install`)",
    scanner: scanJsonSections(
      new Set([
        "dependencies",
        "devDependencies",
        "optionalDependencies",
        "peerDependencies",
        "bundleDependencies",
        "bundledDependencies",
        "overrides",
        "resolutions",
      ]),
    ),
  },
  {
    manifest: "composer.json",
    lockfiles: ["composer.lock"],
    lockfileMayBeInAncestor: false,
    updateCommand: "`composer update --lock` (or `composer update <package>`)",
    scanner: scanJsonSections(new Set(["require", "require-dev"])),
  },
  {
    manifest: "Cargo.toml",
    lockfiles: ["Cargo.lock"],
    lockfileMayBeInAncestor: true,
    updateCommand: "`cargo update -w` (or any `cargo build`)",
    scanner: scanTomlSections(
      /(?:^|\.)(?:(?:dev|build)-)?dependencies(?:\.|$)|^patch(?:\.|$)|^replace$/,
      false,
    ),
  },
  {
    manifest: "pyproject.toml",
    lockfiles: ["poetry.lock", "uv.lock", "pdm.lock"],
    lockfileMayBeInAncestor: true,
    updateCommand: "`uv lock`, `poetry lock` or `pdm lock`",
    scanner: scanTomlSections(/dependencies|^dependency-groups$/, true),
  },
  {
    manifest: "go.mod",
    lockfiles: ["go.sum"],
    lockfileMayBeInAncestor: false,
    updateCommand: "`go mod tidy`",
    scanner: scanGoMod,
  },
  {
    manifest: "Gemfile",
    lockfiles: ["Gemfile.lock"],
    lockfileMayBeInAncestor: false,
    updateCommand: "`bundle install`",
    scanner: scanGemfile,
  },
];

/** A changed dependency line, anchored on the side where it exists. */
export interface DependencyChange {
  line: number;
  side: "RIGHT" | "LEFT";
}

/**
 * The first changed dependency line of a manifest: the first added one (RIGHT) or, when
 * dependencies were only removed, the first deleted one (LEFT). Null when no dependency changed.
 */
export function findDependencyChange(
  file: ReviewFile,
  ecosystem: Ecosystem,
): DependencyChange | null {
  let firstDeleted: DependencyChange | null = null;
  for (const hunk of file.diff.hunks) {
    const isDependencyLine = ecosystem.scanner();
    for (const line of hunk.lines) {
      if (!isDependencyLine(line)) continue;
      if (line.kind === "add" && line.newLine !== null)
        return { line: line.newLine, side: "RIGHT" };
      if (line.kind === "del" && line.oldLine !== null && firstDeleted === null) {
        firstDeleted = { line: line.oldLine, side: "LEFT" };
      }
    }
  }
  return firstDeleted;
}
