import { getCommentSyntax, splitComment } from "../split-comment.ts";
import type { FileRule, RuleHit } from "../types.ts";

/** Upper-case markers only: lower-case "todo"/"hack" are ordinary words and identifiers. */
const MARKER = /(?<![\w-])(TODO|FIXME|XXX|HACK)(?![\w-])/;
/** {@link MARKER} without its boundaries: cheaper to search a whole file with. */
const ANY_MARKER = /TODO|FIXME|XXX|HACK/;

/** TODO / FIXME / XXX / HACK markers in added comments: work the change leaves undone. */
export const todoCommentRule: FileRule = {
  id: "todo-comment",
  scope: "file",
  defaultSeverity: "info",
  category: "maintainability",
  description: "TODO, FIXME, XXX or HACK markers in added comments.",
  lineFilter: () => ANY_MARKER,
  checkFile(file) {
    const syntax = getCommentSyntax(file.path);
    const hits: RuleHit[] = [];
    for (const line of file.addedLines) {
      if (!MARKER.test(line.content)) continue;
      const { comment } = splitComment(line.content, syntax);
      const marker = comment === null ? null : MARKER.exec(comment);
      if (marker === null) continue;
      hits.push({
        path: file.path,
        line: line.newLine,
        title: `${marker[1]} comment added`,
        body:
          // The comment text is not quoted: it could hold anything, a credential included.
          `This change adds a ${marker[1]} comment on line ${line.newLine}. ` +
          "Finish the work in this pull request, or track it in an issue and link it from the comment.",
      });
    }
    return hits;
  },
};
