/**
 * The fast path for the commonest JSON export: one array of flat event objects,
 * `[{"timestamp": …, "type": …}, …]`, pretty-printed or on one line. Polars reads it straight
 * into columns, so a file of millions of records never becomes millions of JavaScript objects
 * (a 15 MB array of five million `{}` took 4 GB that way).
 *
 * Only a text whose shape is checked first takes this path; anything else (nested values, a page
 * of a vendor export, a brace or bracket inside a string, a fraction polars would print
 * differently) is read record by record in JavaScript, which gives every record its own verdict.
 * Both paths give the same rows (see `polarsRecordColumns` for the one corner where they differ).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import { bomLength } from "./input_content.ts";
import { polarsRecordColumns, READ_DIFFERENTLY_BY_POLARS } from "./read_ndjson.ts";
import type { ColumnMap } from "./column_map.ts";

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

// What polars must not see: what it reads differently from JavaScript, and a number that is not a
// plain integer polars keeps as Int64 (a fraction or an exponent prints differently from the
// file's text, and 19 digits may overflow).
const NOT_PLAIN = [...READ_DIFFERENTLY_BY_POLARS, /[:[,]\s*-?\d+(?:[.eE]|\d{18})/];

function isWhitespace(byte: number): boolean {
  return byte === SPACE || byte === TAB || byte === CR || byte === LF;
}

/**
 * The offset of the one comma in `bytes[from, to)`, if the rest is JSON whitespace; -1 when
 * there is no comma and nothing else; null when there is anything else.
 */
function separatorComma(bytes: Uint8Array, from: number, to: number): number | null {
  let comma = -1;
  for (let at = from; at < to; at++) {
    if (bytes[at] === COMMA && comma < 0) comma = at;
    else if (!isWhitespace(bytes[at])) return null;
  }
  return comma;
}

/** Where an array of flat records is: what {@link ndjsonOfFlatArray} rewrites. */
export interface FlatArray {
  /** The line on which each record starts (counted by LF, as for every JSON input). */
  lines: Int32Array;
  /** The byte offsets of `[`, of each comma between records, and of `]`. */
  punctuation: Int32Array;
}

/**
 * Where the records are, when `bytes` (UTF-8; `text` is the same decoded) is one array of flat
 * objects: a `[`, objects with no `{`, `}`, `[` or `]` inside them (not even in a string),
 * separated by commas, and a `]`; null otherwise, or for an empty array. Every structural
 * character is ASCII, and no byte of a multi-byte UTF-8 character is, so the bytes are scanned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flatArrayOf } from "./json_flat_array.ts";
 *
 * const lines = (text: string) => {
 *   const found = flatArrayOf(new TextEncoder().encode(text), text);
 *   return found && [...found.lines];
 * };
 * assert.deepEqual(lines('[{"a": "é"}, {}]'), [1, 1]);
 * assert.deepEqual(lines('[\n  {"a": "x"},\n  {}\n]\n'), [2, 3]);
 * assert.equal(lines('[{"a": {"b": 1}}]'), null); // nested
 * assert.equal(lines('[{"a": "}{"}]'), null); // a brace in a string
 * assert.equal(lines('[{"a": 1.50}]'), null); // a fraction keeps its text in JavaScript
 * assert.equal(lines("[]"), null);
 * ```
 */
export function flatArrayOf(bytes: Uint8Array, text: string): FlatArray | null {
  let start = bomLength(bytes);
  while (start < bytes.length && isWhitespace(bytes[start])) start++;
  let end = bytes.length - 1;
  while (end > start && isWhitespace(bytes[end])) end--;
  if (bytes[start] !== OPEN_ARRAY || bytes[end] !== CLOSE_ARRAY) return null;
  if (bytes.indexOf(OPEN_ARRAY, start + 1) >= 0 || bytes.indexOf(CLOSE_ARRAY) !== end) return null;
  const lines: number[] = [];
  const punctuation: number[] = [start];
  let line = 1;
  let lineFeed = bytes.indexOf(LF);
  let open = bytes.indexOf(OPEN_OBJECT, start);
  if (open < 0 || separatorComma(bytes, start + 1, open) !== -1) return null;
  for (;;) {
    const close = bytes.indexOf(CLOSE_OBJECT, open);
    const nextOpen = bytes.indexOf(OPEN_OBJECT, open + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) return null;
    while (lineFeed >= 0 && lineFeed < open) {
      line++;
      lineFeed = bytes.indexOf(LF, lineFeed + 1);
    }
    lines.push(line);
    if (nextOpen < 0) {
      if (separatorComma(bytes, close + 1, end) !== -1) return null;
      punctuation.push(end);
      // Last: a nested export fails the walk above at its first record, without a pass over it all.
      if (NOT_PLAIN.some((pattern) => pattern.test(text))) return null;
      return { lines: Int32Array.from(lines), punctuation: Int32Array.from(punctuation) };
    }
    const comma = separatorComma(bytes, close + 1, nextOpen);
    if (comma === null || comma < 0) return null;
    punctuation.push(comma);
    open = nextOpen;
  }
}

/**
 * The records of a flat array as NDJSON, one per line, which polars reads several times faster
 * than the array: every line feed becomes a carriage return (whitespace between tokens, and, as a
 * raw line feed is, an error inside a string, so invalid JSON stays invalid), the brackets spaces,
 * and each comma between records a line feed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flatArrayOf, ndjsonOfFlatArray } from "./json_flat_array.ts";
 *
 * const text = '[\n  {"a": "x",\n   "b": 1},\n  {}\n]';
 * const bytes = new TextEncoder().encode(text);
 * const lines = new TextDecoder().decode(ndjsonOfFlatArray(bytes, flatArrayOf(bytes, text)!));
 * assert.equal(lines, ' \r  {"a": "x",\r   "b": 1}\n\r  {}\r ');
 * ```
 */
export function ndjsonOfFlatArray(bytes: Uint8Array, { punctuation }: FlatArray): Uint8Array {
  const lines = bytes.slice(punctuation[0], punctuation[punctuation.length - 1] + 1);
  for (let at = lines.indexOf(LF); at >= 0; at = lines.indexOf(LF, at + 1)) lines[at] = CR;
  lines[0] = SPACE;
  lines[lines.length - 1] = SPACE;
  for (let index = 1; index < punctuation.length - 1; index++) {
    lines[punctuation[index] - punctuation[0]] = LF;
  }
  return lines;
}

/** Which input a flat array is, for its rows. */
export interface FlatArrayOptions {
  /** The file's name, for errors. */
  name: string;
  /** Its index among the inputs: the `file` of its rows. */
  fileIndex: number;
  /** `--map`, if given. */
  columnMap?: ColumnMap;
}

/**
 * The canonical text rows of an array of flat records found by {@link flatArrayOf}, read by
 * polars: `file`, `line`, `element` (set where records share a line, as `recordsOfPages` sets it)
 * and the canonical columns the records have. Null when polars cannot read the records as the
 * JavaScript path would, so that path must.
 */
export function readFlatJsonArray(
  bytes: Uint8Array,
  flatArray: FlatArray,
  { name, fileIndex, columnMap }: FlatArrayOptions,
): pl.DataFrame | null {
  const { lines } = flatArray;
  let records: pl.DataFrame;
  try {
    const ndjson = ndjsonOfFlatArray(bytes, flatArray);
    records = pl.readJSON(Buffer.from(ndjson.buffer, ndjson.byteOffset, ndjson.length), {
      format: "lines",
    });
  } catch {
    return null;
  }
  // Polars reads lines of only `{}` as no rows at all: with no key anywhere, every row is empty.
  if (records.width > 0 && records.height !== lines.length) return null;
  const columns = polarsRecordColumns(records, { name, columnMap });
  if (columns === null) return null;
  // Records with no canonical key at all give no column to carry the height.
  const located = pl.DataFrame([pl.Series("line", lines).cast(pl.Int64)]);
  const rows = columns.length === 0
    ? located
    : pl.concat([located, records.select(...columns)], { how: "horizontal" });
  return rows.select(
    pl.lit(fileIndex).cast(pl.Int32).alias("file"),
    pl.col("line"),
    pl.when(pl.col("line").count().over("line").gt(1))
      .then(pl.intRange(1, lines.length + 1, 1, pl.Int64))
      .otherwise(pl.lit(null).cast(pl.Int64))
      .alias("element"),
    pl.exclude("line"),
  );
}
