/**
 * `--rejected FILE`: the rejected rows as CSV (`file,line,reason`), safe to open in a spreadsheet.
 *
 * Cells are quoted per RFC 4180 (a cell with a comma, quote, CR or LF is wrapped in quotes, quotes
 * doubled; lines end in CRLF). Input text could otherwise run as a formula: a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote, as OWASP advises for
 * CSV injection. The file is written atomically, like the other outputs.
 *
 * @module
 */
import type { Rejection } from "../core/events.ts";
import { writeFileAtomically } from "./write_outputs.ts";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: defused against formulas, then quoted when RFC 4180 needs it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvCell } from "./rejected_csv.ts";
 * assert.equal(csvCell("plain"), "plain");
 * assert.equal(csvCell(-3), "-3");
 * assert.equal(csvCell("-3"), "'-3");
 * assert.equal(csvCell("a, b"), '"a, b"');
 * assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
 * ```
 */
export function csvCell(value: string | number): string {
  const text = typeof value === "number"
    ? String(value)
    : FORMULA_START.test(value)
    ? `'${value}`
    : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The CSV text of the rejected rows, header included.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rejectedCsv } from "./rejected_csv.ts";
 * const csv = rejectedCsv([{ file: "a.csv", line: 3, reason: '=HYPERLINK("x"), "quoted"' }]);
 * assert.equal(csv, `file,line,reason\r\na.csv,3,"'=HYPERLINK(""x""), ""quoted"""\r\n`);
 * assert.equal(rejectedCsv([]), "file,line,reason\r\n");
 * ```
 */
export function rejectedCsv(rows: readonly Rejection[]): string {
  const lines = [
    "file,line,reason",
    ...rows.map((row) => [csvCell(row.file), csvCell(row.line), csvCell(row.reason)].join(",")),
  ];
  return lines.join("\r\n") + "\r\n";
}

/** Writes the rejected rows to `path` (its folder is created if needed). */
export function writeRejectedCsv(path: string, rows: readonly Rejection[]): void {
  writeFileAtomically(path, rejectedCsv(rows));
}
