/**
 * Reads a canonical events CSV into a frame of text columns with `file` and `line`, ready for
 * {@link parseRows}. Polars does the reading; whole-file problems throw an {@link InputFileError}.
 * Headers may be renamed with a {@link ColumnMap} (`--map`), and the content may come from memory
 * (a decompressed `.csv.gz`) instead of the path.
 *
 * @example
 * ```ts
 * import { readCsvRows } from "./read_csv.ts";
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "timestamp,type\n2024-01-01T10:00:00Z,deploy\n");
 * const rows = readCsvRows(path, 0);
 * console.assert(rows.getColumn("line").get(0) === 2n || rows.getColumn("line").get(0) === 2);
 * ```
 * @module
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import { type ColumnMap, headerColumns } from "./column_map.ts";
import { REQUIRED_COLUMNS } from "./events.ts";
import { InputFileError } from "./input_file_error.ts";

export { InputFileError };

const CSV_OPTIONS = {
  inferSchemaLength: 0, // every column stays text; parsing and its errors are ours
  truncateRaggedLines: true,
  encoding: "utf8-lossy",
} as const;

/** Throws an InputFileError unless `path` is a readable, non-empty regular file. */
export function checkReadableFile(path: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new InputFileError(path, "no such file");
    if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
      throw new InputFileError(path, "permission denied");
    }
    throw new InputFileError(path, String((error as Error).message ?? error));
  }
  if (info.isDirectory) throw new InputFileError(path, "is a directory, not a file");
  if (info.size === 0) throw new InputFileError(path, "is empty (expected a header row)");
}

/**
 * The physical line on which each record starts, honouring quoted newlines, as polars splits
 * records: every line is a record, blank ones included. Index 0 is the header.
 */
export function recordStartLines(bytes: Uint8Array): Int32Array {
  const starts: number[] = [1];
  let line = 1;
  let quoted = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x0a) {
      line++;
      if (!quoted && index + 1 < bytes.length) starts.push(line);
    }
  }
  return Int32Array.from(starts);
}

export interface CsvReadOptions {
  /** `--map`: which header holds each canonical column. */
  columnMap?: ColumnMap;
  /** The file's content, already in memory (decompressed); `path` then only names it. */
  bytes?: Uint8Array;
}

/** Reads the CSV at `path` as text rows of the canonical columns it has, plus `file` and `line`. */
export function readCsvRows(path: string, fileIndex: number, options: CsvReadOptions = {}): pl.DataFrame {
  const { bytes } = options;
  if (bytes === undefined) checkReadableFile(path);
  else if (bytes.length === 0) throw new InputFileError(path, "is empty (expected a header row)");
  // Large plain files stream from disk through scanCSV; in-memory content is parsed once, eagerly.
  let inMemory: pl.LazyDataFrame | undefined;
  const frame = () =>
    bytes === undefined
      ? pl.scanCSV(path, CSV_OPTIONS)
      : (inMemory ??= pl.readCSV(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), CSV_OPTIONS).lazy());
  let header: string[];
  try {
    header = frame().columns;
  } catch (error) {
    throw new InputFileError(path, `not a readable CSV (${firstLine(error)})`);
  }
  const sources = headerColumns(header, options.columnMap, path);
  const missing = REQUIRED_COLUMNS.filter((name) => !sources.has(name));
  if (missing.length > 0) {
    throw new InputFileError(
      path,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ` +
        `in the header (found: ${header.slice(0, 12).map((h) => JSON.stringify(h)).join(", ")})`,
    );
  }
  const columns = [...sources.keys()];
  let rows: pl.DataFrame;
  try {
    rows = frame().select(...[...sources].map(([name, source]) => pl.col(source).cast(pl.Utf8).alias(name)))
      .withRowIndex("row").collectSync();
  } catch (error) {
    throw new InputFileError(path, `not a readable CSV (${firstLine(error)})`);
  }
  return rows.withColumns(
    pl.lit(fileIndex).cast(pl.Int32).alias("file"),
    lineNumbers(() => bytes ?? Deno.readFileSync(path), rows, columns).alias("line"),
  ).drop("row");
}

/** Line numbers: the row index plus the header, unless quoted fields span several lines. */
function lineNumbers(content: () => Uint8Array, rows: pl.DataFrame, columns: readonly string[]): pl.Series {
  const spansLines = rows.height > 0 && rows.select(
    pl.anyHorizontal(columns.map((name) => pl.col(name).str.contains("\n", true).any())).alias("spans"),
  ).row(0)[0];
  if (!spansLines) return rows.select(pl.col("row").add(2).cast(pl.Int64).alias("line")).getColumn("line");
  const starts = recordStartLines(content());
  return pl.Series("line", starts.subarray(1, rows.height + 1)).cast(pl.Int64);
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}
