/**
 * A small RFC 4180 reader. Written here rather than taken from csv-parse because csv-parse's main entry relies on
 * Node's Buffer (the converters must run in the browser too) and because errors must name the line where a row
 * or an unclosed quote starts.
 */
import type { FormatIssue } from "./errors.ts";

export interface CsvRow {
  /** Line where the row starts (a quoted field may span several lines). */
  line: number;
  fields: string[];
}

/** Excel in many locales writes `;`; the header line tells which one the file uses. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const end = text.indexOf("\n");
  const first = end === -1 ? text : text.slice(0, end);
  const count = (c: string) => first.split(c).length - 1;
  const counts: ["," | ";" | "\t", number][] = [
    [",", count(",")],
    [";", count(";")],
    ["\t", count("\t")],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

/** Rows of a CSV text (line ends already normalized to "\n"); skips blank lines. */
export function parseCsvRows(text: string, delimiter: string, issues: FormatIssue[]): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === "")) rows.push({ line: rowLine, fields });
    fields = [];
    field = "";
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '"' && field.trim() === "") {
      const openLine = line;
      const openCol = i - text.lastIndexOf("\n", i - 1);
      field = "";
      i++;
      let closed = false;
      while (i < n) {
        const d = text[i] as string;
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (d === "\n") line++;
        field += d;
        i++;
      }
      if (!closed) {
        issues.push({
          line: openLine,
          column: openCol,
          message: 'this quoted field is never closed: expected a closing "',
        });
        return rows;
      }
      // Text between the closing quote and the delimiter is not valid CSV; keep it rather than lose it.
      while (i < n && text[i] !== delimiter && text[i] !== "\n") field += text[i++];
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = "";
    } else if (c === "\n") {
      endRow();
      line++;
      rowLine = line;
    } else field += c;
    i++;
  }
  if (field !== "" || fields.length) endRow();
  return rows;
}
