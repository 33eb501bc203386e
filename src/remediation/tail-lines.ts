/**
 * The last `count` lines of `text`, joined by `\n`. A final newline does not count as an empty
 * last line, and `\r\n` endings (Windows runners) are read as one break.
 */
export function tailLines(text: string, count: number): string {
  if (count <= 0 || text === "") return "";
  const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  return lines.slice(-count).join("\n");
}
