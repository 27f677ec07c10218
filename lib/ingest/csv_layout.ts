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
import { InputFileError } from "./input_file_error.ts";

/** The longest line a CSV may have, in bytes: 16 MiB. */
export const MAX_LINE_BYTES = 16 * (1 << 20);

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const CHUNK_BYTES = 8 * (1 << 20);

/** The content in chunks: from memory, or read from `path` a chunk at a time. */
function* chunksOf(path: string, bytes: Uint8Array | undefined): Generator<Uint8Array> {
  if (bytes !== undefined) {
    yield bytes;
    return;
  }
  using file = Deno.openSync(path);
  const buffer = new Uint8Array(CHUNK_BYTES);
  for (let read = file.readSync(buffer); read !== null && read > 0; read = file.readSync(buffer)) {
    yield buffer.subarray(0, read);
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

/** The first line over {@link MAX_LINE_BYTES}, or 0; "bare" as soon as a bare CR is met. */
function scanLines(path: string, bytes: Uint8Array | undefined): number | "bare" {
  let offset = 0; // of the chunk in the content
  let lineStart = 0;
  let line = 1;
  let crAtChunkEnd = false;
  for (const chunk of chunksOf(path, bytes)) {
    if (crAtChunkEnd && chunk[0] !== LF) return "bare";
    for (let at = chunk.indexOf(CR); at >= 0; at = chunk.indexOf(CR, at + 1)) {
      if (at + 1 < chunk.length && chunk[at + 1] !== LF) return "bare";
    }
    for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, at + 1)) {
      if (offset + at - lineStart > MAX_LINE_BYTES) return line;
      lineStart = offset + at + 1;
      line++;
    }
    if (offset + chunk.length - lineStart > MAX_LINE_BYTES) return line;
    crAtChunkEnd = chunk[chunk.length - 1] === CR;
    offset += chunk.length;
  }
  return 0;
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
  let content = bytes;
  let found = scanLines(path, content);
  if (found === "bare") {
    content = withLineFeeds(content ?? Deno.readFileSync(path));
    found = scanLines(path, content);
  }
  if (typeof found === "number" && found > 0) {
    throw new InputFileError(
      path,
      `line ${found} is longer than ${mebibytes(MAX_LINE_BYTES)}; no event needs a line that long`,
    );
  }
  return content;
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
 * The physical line on which each record starts, honouring quoted newlines, as polars splits
 * records: every line is a record, blank ones included. Index 0 is the header. A bare CR ends a
 * line as LF does.
 *
 * @example The record after a quoted two-line cell starts on line 4
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordStartLines } from "./csv_layout.ts";
 *
 * const bytes = new TextEncoder().encode('h\n"x\ny"\nz\n');
 * assert.deepEqual([...recordStartLines(bytes)], [1, 2, 4]);
 * assert.deepEqual([...recordStartLines(new TextEncoder().encode('h\r"x\ry"\rz\r'))], [1, 2, 4]);
 * ```
 */
export function recordStartLines(bytes: Uint8Array): Int32Array {
  const starts: number[] = [1];
  let line = 1;
  let quoted = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === QUOTE) quoted = !quoted;
    else if (byte === LF || (byte === CR && bytes[index + 1] !== LF)) {
      line++;
      if (!quoted && index + 1 < bytes.length) starts.push(line);
    }
  }
  return Int32Array.from(starts);
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
  const where = at >= 0 ? `line ${lineAt(content!, at)}: ` : "";
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

/** The 1-based line of byte `offset`, counting LF, CRLF and bare CR as line ends. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === LF || (bytes[index] === CR && bytes[index + 1] !== LF)) line++;
  }
  return line;
}
