/**
 * Vendor exports that come as CSV (ServiceNow's list export, PagerDuty's incident CSV): the header,
 * to recognise the vendor, and every row as a record of its cells' text keyed by the header, with
 * the line it starts on, for the vendor's adapter. Such exports are small, so they are read whole.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import type { VendorRecord } from "./adapters/adapter.ts";
import { csvContent, csvReadProblem } from "./csv_layout.ts";
import { recordStartLines } from "./csv_records.ts";
import { InputFileError } from "./input_file_error.ts";

const CSV_OPTIONS = {
  inferSchemaLength: 0, // every cell stays text
  truncateRaggedLines: true,
  encoding: "utf8-lossy",
} as const;
/** A header row longer than this is not a vendor export's. */
const HEADER_BYTES = 64 * 1024;

/**
 * The cells of a CSV's header row, read from its first bytes: quotes honoured, a byte-order mark
 * dropped, surrounding spaces kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvHeader } from "./vendor_csv.ts";
 *
 * const bytes = new TextEncoder().encode('\ufeffnumber,"opened_at",short_description\r\nINC1,,x\n');
 * assert.deepEqual(csvHeader("incidents.csv", bytes), ["number", "opened_at", "short_description"]);
 * ```
 */
export function csvHeader(path: string, bytes?: Uint8Array): string[] {
  let head = bytes?.subarray(0, HEADER_BYTES);
  if (head === undefined) {
    using file = Deno.openSync(path);
    const buffer = new Uint8Array(HEADER_BYTES);
    head = buffer.subarray(0, file.readSync(buffer) ?? 0);
  }
  const text = new TextDecoder().decode(head).replace(/^\ufeff/, "");
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"';
        at++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") break;
    else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** A vendor CSV's rows: records for its adapter, and the lines of blank rows. */
export interface VendorCsv {
  /** One record per row that has a cell, its value the row's cells keyed by the header. */
  records: VendorRecord[];
  /** The lines of rows without any cell, rejected later as empty lines, as in any CSV. */
  blankLines: number[];
}

/**
 * Reads every row of a vendor CSV. `file` is the input's index; `bytes` its content when already
 * in memory (a decompressed `.csv.gz`). A file polars cannot read is an InputFileError.
 *
 * @example Rows become records keyed by the header; a blank row is only a line
 * ```ts
 * import assert from "node:assert/strict";
 * import { readVendorCsv } from "./vendor_csv.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, 'number,opened_at\nINC1,2024-03-04 10:30:00\n\n"INC2",\n');
 * const { records, blankLines } = readVendorCsv(path, { file: 2 });
 * assert.deepEqual(records, [
 *   { file: 2, line: 2, csv: true, value: { number: "INC1", opened_at: "2024-03-04 10:30:00" } },
 *   { file: 2, line: 4, csv: true, value: { number: "INC2", opened_at: null } },
 * ]);
 * assert.deepEqual(blankLines, [3]);
 * ```
 */
export function readVendorCsv(
  path: string,
  { file, bytes }: { file: number; bytes?: Uint8Array },
): VendorCsv {
  const raw = bytes ?? Deno.readFileSync(path);
  const content = csvContent(path, raw) ?? raw;
  let rows: Record<string, unknown>[];
  try {
    rows = pl.readCSV(Buffer.from(content.buffer, content.byteOffset, content.length), CSV_OPTIONS)
      .toRecords();
  } catch (error) {
    throw new InputFileError(path, csvReadProblem(error, { path, bytes: content }));
  }
  const starts = recordStartLines(content);
  const records: VendorRecord[] = [];
  const blankLines: number[] = [];
  rows.forEach((row, index) => {
    const line = starts[index + 1] ?? index + 2;
    const value: Record<string, string | null> = {};
    for (const [header, cell] of Object.entries(row)) {
      value[header] = cell == null ? null : String(cell);
    }
    if (Object.values(value).every((cell) => cell === null)) blankLines.push(line);
    else records.push({ file, line, csv: true, value });
  });
  return { records, blankLines };
}
