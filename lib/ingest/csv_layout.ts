/**
 * The byte-level layout of a CSV, checked before polars reads it: how lines end, how long they are,
 * where each record starts, and what a polars parse error means for the person who wrote the file.
 *
 * - Lines end in LF, CRLF or a bare CR (Excel's "CSV (Macintosh)"). Polars splits records on LF
 *   only, so content with bare CRs is read from memory with each bare CR turned into LF; a bare CR
 *   inside a quoted cell becomes LF too.
 * - A line may be at most {@link MAX_LINE_BYTES}: polars' time grows faster than a cell's length
 *   (a 64 MiB cell takes seconds, a 500 MiB one minutes), and no event needs more.
 *
 * @module
 */
import { lineAt, widestRecord } from "./csv_records.ts";
import { InputFileError } from "./input_file_error.ts";

/** The longest line a CSV may have, in bytes: 16 MiB. */
export const MAX_LINE_BYTES = 16 * (1 << 20);

/** What is wrong with a line over {@link MAX_LINE_BYTES}, the same words in every format. */
export const TOO_LONG = `longer than ${
  (MAX_LINE_BYTES / (1 << 20)).toFixed(1)
} MiB; no event needs a line that long`;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
/** Shorter than {@link MAX_LINE_BYTES}, so a line within one chunk is never too long. */
const CHUNK_BYTES = 8 * (1 << 20);

/** The content in chunks: from memory, or read from `path` a chunk at a time. */
function* chunksOf(path: string, bytes: Uint8Array | undefined): Generator<Uint8Array> {
  if (bytes !== undefined) {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
      yield bytes.subarray(at, at + CHUNK_BYTES);
    }
    return;
  }
  using file = Deno.openSync(path);
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (let read = file.readSync(buffer); read !== null && read > 0; read = file.readSync(buffer)) {
    yield buffer.subarray(0, read);
  }
}

/** What one pass over a CSV's bytes finds. */
interface LineScan {
  /** The byte offset where the first line over {@link MAX_LINE_BYTES} starts, or -1. */
  longLineAt: number;
  /** Whether a bare CR ends some line (the scan stops there). */
  bareCr: boolean;
  /** Whether any `"` occurs: without one, no cell can span lines. */
  hasQuotes: boolean;
  /** Whether {@link EMPTY_CELL_RUN} commas run before a cell, so that a row may hide one. */
  emptyCellRun: boolean;
}

/**
 * How many cells past the header's columns polars reads to find rows with more cells than the
 * header; an unquoted empty cell reads as missing, so a row can hide a cell past these only
 * behind as many empty ones.
 */
export const EXTRA_CELLS = 8;

/**
 * The separators that end a header's last cell and {@link EXTRA_CELLS} empty extra cells: only a
 * content holding a run of this many commas can have a row whose extra cells polars does not read.
 */
const EMPTY_CELL_RUN = EXTRA_CELLS + 1;

/** How many commas run from `start` in `step`'s direction. */
function commasFrom(bytes: Uint8Array, start: number, step: 1 | -1): number {
  let at = start;
  while (at >= 0 && at < bytes.length && bytes[at] === COMMA) at += step;
  return Math.abs(at - start);
}

/**
 * Whether a run of commas ends in something other than a line end: a run that ends its line, as a
 * spreadsheet's padding does, hides no cell. A run that reaches the end of `bytes` may go on in
 * the next chunk, so it counts.
 */
function hidesCell(bytes: Uint8Array, after: number): boolean {
  return after >= bytes.length || (bytes[after] !== LF && bytes[after] !== CR);
}

/**
 * Whether {@link EMPTY_CELL_RUN} commas run somewhere in `bytes` before something other than a
 * line end. Any such run covers one of every run-length-th byte, so only those are probed: a byte
 * loop over a gigabyte would cost more than polars' whole read.
 */
function hasCommaRun(bytes: Uint8Array): boolean {
  for (let probe = EMPTY_CELL_RUN - 1; probe < bytes.length; probe += EMPTY_CELL_RUN) {
    // Most commas stand alone: a run has a comma beside the probe.
    if (bytes[probe] !== COMMA || (bytes[probe - 1] !== COMMA && bytes[probe + 1] !== COMMA)) {
      continue;
    }
    const ahead = commasFrom(bytes, probe + 1, 1);
    const run = commasFrom(bytes, probe, -1) + ahead;
    if (run >= EMPTY_CELL_RUN && hidesCell(bytes, probe + 1 + ahead)) return true;
  }
  return false;
}

/**
 * One pass over the content. Lines are checked by the gaps between line feeds, and a chunk is
 * shorter than the limit, so only the first and last line feed of each chunk matter: a per-line
 * loop costs more than polars' whole read on millions of rows.
 */
function scanLines(path: string, bytes: Uint8Array | undefined): LineScan {
  let offset = 0; // of the chunk in the content
  let lineStart = 0;
  let crAtChunkEnd = false;
  let hasQuotes = false;
  let emptyCellRun = false;
  let previousTrailing = 0; // commas that end the previous chunk: a run may straddle the seam
  const found = (longLineAt: number, bareCr = false) => ({
    longLineAt,
    bareCr,
    hasQuotes,
    emptyCellRun,
  });
  for (const chunk of chunksOf(path, bytes)) {
    if (crAtChunkEnd && chunk[0] !== LF) return found(-1, true);
    for (let at = chunk.indexOf(CR); at >= 0; at = chunk.indexOf(CR, at + 1)) {
      if (at + 1 < chunk.length && chunk[at + 1] !== LF) return found(-1, true);
    }
    hasQuotes ||= chunk.indexOf(QUOTE) >= 0;
    if (!emptyCellRun) {
      const leading = commasFrom(chunk, 0, 1);
      emptyCellRun = (previousTrailing + leading >= EMPTY_CELL_RUN && hidesCell(chunk, leading)) ||
        hasCommaRun(chunk);
      previousTrailing = leading === chunk.length
        ? previousTrailing + leading
        : commasFrom(chunk, chunk.length - 1, -1);
    }
    const firstLf = chunk.indexOf(LF);
    if (firstLf >= 0) {
      if (offset + firstLf - lineStart > MAX_LINE_BYTES) return found(lineStart);
      lineStart = offset + chunk.lastIndexOf(LF) + 1;
    }
    if (offset + chunk.length - lineStart > MAX_LINE_BYTES) return found(lineStart);
    crAtChunkEnd = chunk[chunk.length - 1] === CR;
    offset += chunk.length;
  }
  return found(-1);
}

/** A CSV's content as polars should read it, and whether any cell can span lines. */
export interface CsvLayout {
  /** The content in memory, or undefined to stream the file from disk. */
  content: Uint8Array | undefined;
  /** False when the content has no `"`, so that no cell spans lines and no check is needed. */
  hasQuotes: boolean;
  /**
   * The most cells a record has, where some row may have more than the header's columns plus
   * {@link EXTRA_CELLS} (a long run of empty cells); undefined when none can.
   */
  widestRecord?: { cells: number; line: number };
}

/**
 * {@link csvContent}, and whether the content has quotes at all, from the same pass over it; and,
 * only where a run of empty cells may hide a cell, the widest record, from a second pass.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvLayout } from "./csv_layout.ts";
 *
 * const encode = (text: string) => new TextEncoder().encode(text);
 * assert.equal(csvLayout("a.csv", encode("timestamp,type\n1,deploy\n")).hasQuotes, false);
 * assert.equal(csvLayout("b.csv", encode('timestamp,type\n1,"de\nploy"\n')).hasQuotes, true);
 * // Padding that ends its line hides nothing; a cell after a long run of empty ones may.
 * const padded = encode(`timestamp,type\n1,deploy${",".repeat(12)}\r\n`);
 * assert.equal(csvLayout("c.csv", padded).widestRecord, undefined);
 * const hidden = encode(`timestamp,type\n1,deploy${",".repeat(12)}x\n`);
 * assert.deepEqual(csvLayout("d.csv", hidden).widestRecord, { cells: 14, line: 2 });
 * ```
 */
export function csvLayout(path: string, bytes?: Uint8Array): CsvLayout {
  let content = bytes;
  let scan = scanLines(path, content);
  if (scan.bareCr) {
    content = withLineFeeds(content ?? Deno.readFileSync(path));
    scan = scanLines(path, content);
  }
  if (scan.longLineAt >= 0) {
    throw new InputFileError(
      path,
      `line ${lineAt(chunksOf(path, content), scan.longLineAt)} is ${TOO_LONG}`,
    );
  }
  return {
    content,
    hasQuotes: scan.hasQuotes,
    ...(scan.emptyCellRun ? { widestRecord: widestRecord(chunksOf(path, content)) } : {}),
  };
}

/**
 * The content polars should read, checked: `bytes` as given, or undefined to stream the file at
 * `path`; but content whose lines end in bare CRs comes back in memory with LF ends. Throws an
 * InputFileError naming the first line longer than {@link MAX_LINE_BYTES}.
 *
 * @example A file from Excel for the Mac ends its lines in bare CRs
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvContent } from "./csv_layout.ts";
 *
 * const encode = (text: string) => new TextEncoder().encode(text);
 * const mac = csvContent("mac.csv", encode("timestamp,type\r2024-01-01T10:00:00Z,deploy\r"))!;
 * assert.equal(new TextDecoder().decode(mac), "timestamp,type\n2024-01-01T10:00:00Z,deploy\n");
 * const windows = encode("timestamp,type\r\n2024-01-01T10:00:00Z,deploy\r\n");
 * assert.equal(csvContent("windows.csv", windows), windows);
 * const long = encode(`timestamp,type,id\n2024-01-01T10:00:00Z,deploy,${"x".repeat(17 << 20)}\n`);
 * assert.throws(
 *   () => csvContent("long.csv", long),
 *   /^InputFileError: long\.csv: line 2 is longer than 16\.0 MiB/,
 * );
 * ```
 */
export function csvContent(path: string, bytes?: Uint8Array): Uint8Array | undefined {
  return csvLayout(path, bytes).content;
}

/**
 * The content with every bare CR turned into LF, so polars sees the lines a person sees. CRLF stays
 * as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withLineFeeds } from "./csv_layout.ts";
 *
 * const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
 * assert.equal(text(withLineFeeds(new TextEncoder().encode("a\rb\r\nc\r"))), "a\nb\r\nc\n");
 * ```
 */
export function withLineFeeds(bytes: Uint8Array): Uint8Array {
  const result = Uint8Array.from(bytes);
  for (let at = result.indexOf(CR); at >= 0; at = result.indexOf(CR, at + 1)) {
    if (result[at + 1] !== LF) result[at] = LF;
  }
  return result;
}

/**
 * What a polars error while reading a CSV means, in one line for the person who wrote the file.
 * A quoted cell followed by other text (`"api"x`) is named with its line, found in `bytes` (or
 * the file at `path`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { csvReadProblem } from "./csv_layout.ts";
 *
 * const bytes = new TextEncoder().encode('timestamp,type,service\n2024-01-01T10:00:00Z,deploy,"api"x\n');
 * const error = new Error('could not parse `"api"x` as dtype `str` at column \'service\' (column number 3)\n\nThe current offset…');
 * assert.equal(
 *   csvReadProblem(error, { path: "a.csv", bytes }),
 *   'not a readable CSV: line 2: the quoted cell "api" is followed by other text: "api"x ' +
 *     "(quote the whole cell, and double every quote inside it)",
 * );
 * ```
 */
export function csvReadProblem(
  error: unknown,
  { path, bytes }: { path: string; bytes?: Uint8Array },
): string {
  const message = String((error as Error)?.message ?? error);
  // The unparsed text may span lines (a quote that never closes): match it across them.
  const unparsed = /^could not parse `([\s\S]*?)` as dtype `str`/.exec(message)?.[1];
  if (unparsed === undefined) return `not a readable CSV (${message.split("\n")[0].slice(0, 200)})`;
  // Control characters, line ends among them, are shown escaped: the message stays one line.
  const escaped = (text: string) =>
    // deno-lint-ignore no-control-regex -- these are the characters to escape
    text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
  const cell = escaped(unparsed.slice(0, 60));
  const closing = unparsed.startsWith('"') ? unparsed.indexOf('"', 1) : -1;
  const quotedCell = closing > 0 ? escaped(unparsed.slice(0, closing + 1)) : null;
  let content: Uint8Array | undefined = bytes;
  try {
    content ??= Deno.readFileSync(path);
  } catch { /* the line stays unknown */ }
  const at = content ? indexOfText(content, unparsed) : -1;
  const where = at >= 0 ? `line ${lineAt([content!], at)}: ` : "";
  const what = quotedCell
    ? `the quoted cell ${quotedCell} is followed by other text: ${cell}`
    : `a cell cannot be read: ${cell}`;
  return `not a readable CSV: ${where}${what} (quote the whole cell, and double every quote inside it)`;
}

function indexOfText(bytes: Uint8Array, text: string): number {
  const needle = new TextEncoder().encode(text);
  if (needle.length === 0) return -1;
  for (let at = bytes.indexOf(needle[0]); at >= 0; at = bytes.indexOf(needle[0], at + 1)) {
    let index = 1;
    while (index < needle.length && bytes[at + index] === needle[index]) index++;
    if (index === needle.length) return at;
  }
  return -1;
}
