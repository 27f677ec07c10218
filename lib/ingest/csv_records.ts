/**
 * The records of a CSV's bytes as polars splits them, honouring quotes: where each starts, how
 * many cells it has, and on which line a byte is. LF, CRLF and a bare CR each end a line.
 *
 * @module
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Walks the records of the content, honouring quotes as polars splits records (a separator or a
 * line end inside a quoted cell splits nothing; LF, CRLF and a bare CR end a line), and calls
 * `visit` with each record's first line and its number of cells. A blank line is a record of one
 * cell; an empty last line is none.
 */
export function walkRecords(
  chunks: Iterable<Uint8Array>,
  visit: (line: number, cells: number) => void,
): void {
  let line = 1;
  let recordLine = 1;
  let cells = 1;
  let quoted = false;
  let previous = 0;
  let open = false; // whether bytes follow the last record's end
  for (const chunk of chunks) {
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      open = true;
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === COMMA && !quoted) cells++;
      else if (byte === LF && previous === CR) open = quoted; // CRLF: the CR ended the line
      else if (byte === LF || byte === CR) {
        line++;
        if (!quoted) {
          visit(recordLine, cells);
          cells = 1;
          recordLine = line;
          open = false;
        }
      }
      previous = byte;
    }
  }
  if (open) visit(recordLine, cells);
}

/** The most cells any record has, and the line that record starts on. */
export function widestRecord(chunks: Iterable<Uint8Array>): { cells: number; line: number } {
  let widest = { cells: 0, line: 1 };
  walkRecords(chunks, (line, cells) => {
    if (cells > widest.cells) widest = { cells, line };
  });
  return widest;
}

/**
 * The 1-based line of byte `offset` of the content, counting LF, CRLF and a bare CR as line ends.
 * Chunks without a CR are counted by their line feeds alone.
 */
export function lineAt(chunks: Iterable<Uint8Array>, offset: number): number {
  let line = 1;
  let chunkStart = 0;
  // A CR that ends a chunk ends a line unless the next chunk goes on with its LF.
  let pendingCr = false;
  for (const chunk of chunks) {
    if (pendingCr && chunk[0] !== LF) line++;
    if (chunkStart >= offset) return line;
    const end = Math.min(chunk.length, offset - chunkStart);
    if (chunk.indexOf(CR) < 0) {
      for (let at = chunk.indexOf(LF); at >= 0 && at < end; at = chunk.indexOf(LF, at + 1)) line++;
    } else {
      for (let index = 0; index < end; index++) {
        const byte = chunk[index];
        if (byte === LF || (byte === CR && index + 1 < chunk.length && chunk[index + 1] !== LF)) {
          line++;
        }
      }
    }
    if (end < chunk.length) return line;
    pendingCr = chunk[chunk.length - 1] === CR;
    chunkStart += chunk.length;
  }
  return pendingCr ? line + 1 : line;
}

/**
 * The physical line on which each record starts, honouring quoted newlines, as polars splits
 * records: every line is a record, blank ones included. Index 0 is the header. A bare CR ends a
 * line as LF does.
 *
 * @example The record after a quoted two-line cell starts on line 4
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordStartLines } from "./csv_records.ts";
 *
 * const bytes = new TextEncoder().encode('h\n"x\ny"\nz\n');
 * assert.deepEqual([...recordStartLines(bytes)], [1, 2, 4]);
 * assert.deepEqual([...recordStartLines(new TextEncoder().encode('h\r"x\ry"\rz\r'))], [1, 2, 4]);
 * ```
 */
export function recordStartLines(bytes: Uint8Array): Int32Array {
  const starts: number[] = [];
  walkRecords([bytes], (line) => starts.push(line));
  return Int32Array.from(starts.length === 0 ? [1] : starts);
}
