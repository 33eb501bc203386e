import type { ParsedDisposition } from "./disposition-entry.ts";
import { checkEntry } from "./disposition-fields.ts";
import type { MarkdownBlocks } from "./scan-markdown-blocks.ts";

/** Splits a table row on unescaped pipes; leading and trailing pipes are optional. */
export function splitTableRow(row: string): string[] {
  let text = row.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  return text.split(/(?<!\\)\|/).map((cell) => cell.replaceAll("\\|", "|").trim());
}

const DELIMITER_CELL = /^:?-+:?$/;

function isDelimiterRow(row: string): boolean {
  if (!row.includes("-")) return false;
  const cells = splitTableRow(row);
  return cells.length > 0 && cells.every((cell) => DELIMITER_CELL.test(cell));
}

/** A header cell as a lower-case name: `**ID**` → `id`, `` `Disposition` `` → `disposition`. */
function headerName(cell: string): string {
  return cell.replace(/[*_`]/g, "").trim().toLowerCase().replace(/\s+/g, " ");
}

const ID_HEADERS: ReadonlySet<string> = new Set(["id", "finding id"]);
const NOTE_HEADERS: ReadonlySet<string> = new Set(["note", "notes"]);

/** The columns of a dispositions table, or null for any other table. */
function dispositionColumns(
  header: string[],
): { id: number; disposition: number; note: number } | null {
  const names = header.map(headerName);
  const id = names.findIndex((name) => ID_HEADERS.has(name));
  const disposition = names.indexOf("disposition");
  if (id < 0 || disposition < 0) return null;
  return { id, disposition, note: names.findIndex((name) => NOTE_HEADERS.has(name)) };
}

/** A table found in the body: its header line and rows, with line numbers. */
interface Table {
  columns: { id: number; disposition: number; note: number };
  rows: { text: string; line: number }[];
}

/** The dispositions tables of the body's plain lines (a header, a delimiter row, then rows). */
function findTables(blocks: MarkdownBlocks): Table[] {
  const { lines, plain } = blocks;
  const tables: Table[] = [];
  let i = 0;
  while (i < lines.length - 1) {
    const header = lines[i];
    if (!plain[i] || !plain[i + 1] || !header.includes("|") || !isDelimiterRow(lines[i + 1])) {
      i++;
      continue;
    }
    const columns = dispositionColumns(splitTableRow(header));
    let j = i + 2;
    const rows: Table["rows"] = [];
    // A table ends at a blank line, a line without a pipe, or anything not shown as text.
    while (j < lines.length && plain[j] && lines[j].trim() !== "" && lines[j].includes("|")) {
      rows.push({ text: lines[j], line: j + 1 });
      j++;
    }
    if (columns !== null) tables.push({ columns, rows });
    i = j;
  }
  return tables;
}

/**
 * The markdown tables of a comment whose header has an `ID` column and a `disposition` column
 * (case-insensitive, emphasis allowed; a `note` column is optional; other tables are ignored).
 * Each row is a claim or an error naming it (`row 3: …`, `table 2, row 1: …` when there are
 * several). Rows with every cell empty are skipped.
 */
export function parseDispositionTables(blocks: MarkdownBlocks): ParsedDisposition[] {
  const tables = findTables(blocks);
  return tables.flatMap((table, t) =>
    table.rows.flatMap((row, r): ParsedDisposition[] => {
      const cells = splitTableRow(row.text);
      if (cells.every((cell) => cell === "")) return [];
      const cell = (index: number) => (index < 0 ? "" : (cells[index] ?? ""));
      return [
        checkEntry({
          label: `${tables.length > 1 ? `table ${t + 1}, ` : ""}row ${r + 1}`,
          raw: row.text,
          line: row.line,
          source: "comment",
          id: cell(table.columns.id),
          disposition: cell(table.columns.disposition),
          note: cell(table.columns.note),
        }),
      ];
    }),
  );
}
