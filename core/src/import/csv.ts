/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. The first row names the columns.
 * Returns one record per data row with the line it started on, for error messages.
 */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export function parseCsv(text: string): CsvRow[] {
  const rows = splitRows(text.replace(/^\uFEFF/, ""));
  const header = rows.shift();
  if (!header) return [];
  const names = header.cells.map((name) => name.trim());
  return rows
    .filter((row) => row.cells.some((cell) => cell !== ""))
    .map((row) => ({
      line: row.line,
      values: Object.fromEntries(names.map((name, i) => [name, row.cells[i] ?? ""])),
    }));
}

function splitRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell === "") {
      quoted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (cell !== "" || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  return rows;
}
