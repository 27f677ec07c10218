/**
 * Reads canonical NDJSON (one event object per line; `.ndjson`, `.jsonl`) into the text frame of
 * {@link parseRows}. Line numbers are physical lines, 1-based. A line that is not valid JSON is one
 * rejected row (`invalid JSON: …`); a blank line is rejected as an empty line, as in a CSV.
 *
 * Clean files go through polars' NDJSON reader. "Clean" is checked on the text first, because
 * polars crashes the whole process on some hostile input (deep nesting overflows its stack, a
 * whitespace-only line panics): every line must start with `{`, with no other brace or bracket
 * anywhere, no NUL and no escaped surrogate — so every line is at most one flat object, and a line
 * polars cannot parse is an error it reports. Anything else, or any polars error, takes the
 * per-line JavaScript path, which gives each line its own verdict.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import { type ColumnMap, headerColumns } from "./column_map.ts";
import { oneLine } from "./input_file_error.ts";
import { canonicalRowOf, parseJsonKeepingNumberText } from "./json_records.ts";
import { canonicalRowsFrame, EMPTY_LINE } from "./canonical_rows.ts";
import { MAX_LINE_BYTES, TOO_LONG } from "./csv_layout.ts";
import { bomLength } from "./input_content.ts";

/** One physical line: its parsed value, or why it has none. */
export interface NdjsonLine {
  /** The 1-based physical line. */
  line: number;
  /** The parsed value, when the line is JSON. */
  value?: unknown;
  /** `invalid JSON: …`, or undefined for a value or a blank line. */
  error?: string;
  /** True for a line of only whitespace. */
  blank?: boolean;
}

const REASON_DETAIL_LIMIT = 80;
const LINE_TOO_LONG = `line: ${TOO_LONG}`;

/**
 * Parses every line on its own. `parse` defaults to JSON.parse. A line longer than
 * {@link MAX_LINE_BYTES} characters is not parsed: it is an error of its own, so one huge line
 * cannot take gigabytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ndjsonLines } from "./read_ndjson.ts";
 *
 * const lines = ndjsonLines(`{"a": 1}\n\n{"a":\n{"a": "${"x".repeat(17 << 20)}"}\n`);
 * assert.deepEqual(lines.slice(0, 2), [{ line: 1, value: { a: 1 } }, { line: 2, blank: true }]);
 * assert.match(String(lines[2].error), /^invalid JSON: /);
 * assert.equal(lines[3].error, "line: longer than 16.0 MiB; no event needs a line that long");
 * ```
 */
export function ndjsonLines(
  text: string,
  parse: (line: string) => unknown = JSON.parse,
): NdjsonLine[] {
  const lines: NdjsonLine[] = [];
  let start = 0;
  for (let number = 1; start < text.length; number++) {
    const end = text.indexOf("\n", start);
    const content = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    if (content.length > MAX_LINE_BYTES) {
      lines.push({ line: number, error: LINE_TOO_LONG });
      continue;
    }
    if (content.trim() === "") {
      lines.push({ line: number, blank: true });
      continue;
    }
    try {
      lines.push({ line: number, value: parse(content) });
    } catch (error) {
      lines.push({ line: number, error: `invalid JSON: ${oneLine(error, REASON_DETAIL_LIMIT)}` });
    }
  }
  return lines;
}

/**
 * What polars reads differently from JavaScript in any JSON, so that a text holding one must be
 * read record by record: a NUL, an escaped surrogate, and a `-0` (polars writes it `0`). Separate
 * patterns, because V8 scans each single pattern fast, while one alternation of them all takes
 * seconds on a 100 MB file.
 */
export const READ_DIFFERENTLY_BY_POLARS: readonly RegExp[] = [
  // deno-lint-ignore no-control-regex -- a NUL byte is one of the things to keep out
  /\u0000/,
  /\\u[dD][89a-fA-F]/,
  /[:[,]\s*-0(?![\d.eE])/,
];

// What polars must not see in NDJSON: see the module doc.
const NOT_FLAT = [
  /\[/, // an array, so possibly deep nesting
  /[^\n]\{/, // an object that does not start a line
  /(?:^|\n)[^{]/, // a line that does not start an object, such as a blank one
  ...READ_DIFFERENTLY_BY_POLARS,
];
const SCALAR_TYPES = new Set([
  "String",
  "Int8",
  "Int16",
  "Int32",
  "Int64",
  "UInt8",
  "UInt16",
  "UInt32",
  "UInt64",
  "Bool",
  "Null",
]);

/** How many lines, and the length of the longest. */
function measureLines(body: string): { count: number; longest: number } {
  let count = 0;
  let longest = 0;
  for (let start = 0; start <= body.length; count++) {
    const end = body.indexOf("\n", start);
    const stop = end < 0 ? body.length : end;
    longest = Math.max(longest, stop - start);
    start = stop + 1;
  }
  return { count, longest };
}

/** NDJSON content: its bytes and the same bytes decoded. */
export interface NdjsonContent {
  /** The content, byte-order mark included. */
  bytes: Uint8Array;
  /** `bytes` decoded as UTF-8. */
  text: string;
}

/** Which input NDJSON content is, for its rows and reasons. */
export interface NdjsonReadOptions {
  /** The file's name, for errors. */
  name: string;
  /** Its index among the inputs: the `file` of its rows. */
  fileIndex: number;
  /** `--map`, if given. */
  columnMap?: ColumnMap;
}

/** The polars fast path, or null when the file is not clean enough for it. */
function readWithPolars(
  { bytes, text }: NdjsonContent,
  { name, fileIndex, columnMap: map }: NdjsonReadOptions,
): pl.DataFrame | null {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  if (body === "" || NOT_FLAT.some((pattern) => pattern.test(body))) return null;
  const { count: lineCount, longest } = measureLines(body);
  if (longest > MAX_LINE_BYTES) return null;
  const bom = bomLength(bytes);
  let frame: pl.DataFrame;
  try {
    frame = pl.readJSON(Buffer.from(bytes.buffer, bytes.byteOffset + bom, bytes.length - bom), {
      format: "lines",
    });
  } catch {
    return null;
  }
  if (frame.height !== lineCount) return null;
  const columns = polarsRecordColumns(frame, { name, columnMap: map });
  if (columns === null) return null;
  return frame.select(
    pl.lit(fileIndex).cast(pl.Int32).alias("file"),
    pl.intRange(1, frame.height + 1, 1, pl.Int64).alias("line"),
    ...columns,
  );
}

/**
 * The canonical columns, as text, of records that polars read from JSON (one row per record), or
 * null when polars' reading may differ from JavaScript's, so that the records must be read one by
 * one: keys that differ only in case mapped to one column (chosen per record), or a value that is
 * not text, an integer or a boolean (a float would print differently from the text the file
 * wrote). One difference stays: of a key given twice in one record, which JSON leaves undefined,
 * polars keeps the first value and JavaScript the last.
 */
export function polarsRecordColumns(
  frame: pl.DataFrame,
  { name, columnMap: map }: { name: string; columnMap?: ColumnMap },
): pl.Expr[] | null {
  const sources = headerColumns(frame.columns, { columnMap: map, file: name, required: false });
  // Keys that differ only in case (`When`, `when`) are one mapped column, chosen per record.
  const folded = frame.columns.map((column) => column.trim().toLowerCase());
  if (
    [...map?.columns.values() ?? []].some((source) =>
      folded.filter((key) => key === source.trim().toLowerCase()).length > 1
    )
  ) {
    return null;
  }
  const schema = frame.schema as Record<string, { variant?: string }>;
  if ([...sources.values()].some((source) => !SCALAR_TYPES.has(String(schema[source]?.variant)))) {
    return null;
  }
  return [...sources].map(([column, source]) => pl.col(source).cast(pl.Utf8).alias(column));
}

/**
 * The canonical rows of canonical NDJSON content, one per physical line.
 *
 * @example A broken line is one row with a reason; the others are read
 * ```ts
 * import assert from "node:assert/strict";
 * import { readNdjsonRows } from "./read_ndjson.ts";
 *
 * const text = '{"timestamp":"2024-01-01T10:00:00Z","type":"deploy"}\n{"timestamp":\n';
 * const rows = readNdjsonRows(
 *   { bytes: new TextEncoder().encode(text), text },
 *   { name: "events.ndjson", fileIndex: 0 },
 * );
 * assert.deepEqual(rows.getColumn("line").toArray().map(Number), [1, 2]);
 * assert.equal(rows.getColumn("type").get(0), "deploy");
 * assert.match(String(rows.getColumn("reason").get(1)), /^invalid JSON: /);
 * ```
 */
export function readNdjsonRows(
  content: NdjsonContent,
  options: NdjsonReadOptions,
): pl.DataFrame {
  const { fileIndex, columnMap } = options;
  return readWithPolars(content, options) ??
    canonicalRowsFrame(
      ndjsonLines(content.text, parseJsonKeepingNumberText).map((line) =>
        line.blank
          ? { file: fileIndex, line: line.line, reason: EMPTY_LINE }
          : line.error !== undefined
          ? { file: fileIndex, line: line.line, reason: line.error }
          : canonicalRowOf(line.value, { file: fileIndex, line: line.line, columnMap })
      ),
    );
}
