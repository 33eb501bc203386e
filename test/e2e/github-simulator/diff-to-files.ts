import type { PullFile } from "./types.ts";

interface Section {
  header: string[];
  hunks: string[];
}

/** Unquotes a git path (`"a/sp ace\303\251"`) and strips its `a/` or `b/` prefix. */
function cleanPath(raw: string): string | null {
  let path = raw.trim();
  if (path === "/dev/null") return null;
  if (path.startsWith('"') && path.endsWith('"')) {
    const bytes: number[] = [];
    const inner = path.slice(1, -1);
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] !== "\\") {
        bytes.push(...Buffer.from(inner[i] ?? ""));
        continue;
      }
      const next = inner[++i] ?? "";
      if (/[0-7]/.test(next)) {
        bytes.push(Number.parseInt(inner.slice(i, i + 3), 8));
        i += 2;
      } else {
        const escapes: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };
        bytes.push(...Buffer.from(escapes[next] ?? next));
      }
    }
    path = Buffer.from(bytes).toString("utf8");
  }
  return path.replace(/^[ab]\//, "");
}

function splitSections(diff: string): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  const lines = diff.replace(/\n$/, "").split("\n");
  // Without git headers, a `---`/`+++` pair starts a file (a deleted "-- x" line could look alike).
  const gitStyle = lines.some((line) => line.startsWith("diff --git "));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const plainStart = line.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ");
    const startsFile = gitStyle ? line.startsWith("diff --git ") : plainStart;
    if (startsFile) {
      current = { header: [line], hunks: [] };
      sections.push(current);
    } else if (!current) {
      // Text before the first file (a commit message, `git show` header) is not part of it.
    } else if (current.hunks.length > 0 || line.startsWith("@@")) {
      current.hunks.push(line);
    } else {
      current.header.push(line);
    }
  }
  return sections;
}

function toFile(section: Section): PullFile {
  const value = (prefix: string) =>
    section.header.find((line) => line.startsWith(prefix))?.slice(prefix.length);
  const oldName = value("--- ");
  const newName = value("+++ ");
  const renameFrom = value("rename from ") ?? value("copy from ");
  const renameTo = value("rename to ") ?? value("copy to ");
  const gitLine = /^diff --git (?:"?a\/)(.+?)"? "?b\/(.+?)"?$/.exec(section.header[0] ?? "");
  const from = renameFrom ?? (oldName === undefined ? gitLine?.[1] : cleanPath(oldName));
  const to = renameTo ?? (newName === undefined ? gitLine?.[2] : cleanPath(newName));
  const filename = to ?? from ?? "";

  let status: PullFile["status"] = "modified";
  if (value("new file mode") !== undefined || (oldName !== undefined && from === null))
    status = "added";
  else if (value("deleted file mode") !== undefined || to === null) status = "removed";
  else if (value("rename from ") !== undefined) status = "renamed";
  else if (value("copy from ") !== undefined) status = "copied";
  else if (section.hunks.length === 0 && value("old mode") !== undefined) status = "changed";

  let additions = 0;
  let deletions = 0;
  for (const line of section.hunks) {
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  const binary = section.header.some((line) =>
    /^Binary files .* differ$|^GIT binary patch$/.test(line),
  );
  const file: PullFile = {
    filename: status === "removed" ? (from ?? filename) : filename,
    status,
    additions,
    deletions,
  };
  if (!binary && section.hunks.length > 0) file.patch = section.hunks.join("\n");
  if ((status === "renamed" || status === "copied") && from) file.previous_filename = from;
  return file;
}

/**
 * Turns a unified diff (`git diff base head` output, or plain `---`/`+++` sections) into the
 * `files[]` GitHub lists for a pull request: per-file `patch` holding only the hunks, status,
 * counts and `previous_filename` for renames. Binary files get no patch, as on GitHub.
 */
export function filesFromDiff(diff: string): PullFile[] {
  return splitSections(diff).map(toFile);
}
