/**
 * Reads a canonical events CSV as a lazy frame of text columns with `file` and `line`, ready for
 * {@link parseRows}. Polars does the reading; whole-file problems throw an {@link InputFileError}.
 * Headers may be renamed with a {@link ColumnMap} (`--map`), and the content may come from memory
 * (a decompressed `.csv.gz`) instead of the path. Lines may end in LF, CRLF or a bare CR (see
 * `csv_layout.ts`).
 *
 * A row with fewer cells than the header has the missing ones empty. A row with more is rejected
 * (`row: more cells than the header's 3 columns …`): a cell with no column could be a shifted
 * one, so none of the row is trusted.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import { type ColumnMap, headerColumns } from "./column_map.ts";
import { REQUIRED_COLUMNS } from "../core/events.ts";
import { csvLayout, csvReadProblem, EXTRA_CELLS } from "./csv_layout.ts";
import { recordStartLines } from "./csv_records.ts";
import { InputFileError } from "./input_file_error.ts";
import { EMPTY_LINE } from "./canonical_rows.ts";

export { InputFileError };

/**
 * The most cells past the header's that are read: a file whose rows need more (thousands of
 * empty cells before a last one) is refused, as no export writes that.
 */
const MOST_EXTRA_CELLS = 1000;

const CSV_OPTIONS = {
  inferSchemaLength: 0, // every column stays text; parsing and its errors are ours
  truncateRaggedLines: true,
  encoding: "utf8-lossy",
} as const;

/** The first of `cells` that is not null, nested as a balanced tree so that a thousand stay shallow. */
function firstPresent(cells: pl.Expr[]): pl.Expr {
  if (cells.length === 1) return cells[0];
  const half = Math.ceil(cells.length / 2);
  return firstPresent(cells.slice(0, half)).fillNull(firstPresent(cells.slice(half)));
}

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

/** How {@link scanCsvRows} reads a CSV. */
export interface CsvReadOptions {
  /** `--map`: which header holds each canonical column. */
  columnMap?: ColumnMap;
  /** The file's content, already in memory (decompressed); `path` then only names it. */
  bytes?: Uint8Array;
}

/**
 * A CSV's text rows as a lazy plan, so reading can stream and fuse with parsing: `file`, `line`
 * (the row number plus the header), the canonical columns it has, `reason` (an empty row, or one
 * with more cells than the header) and `has_reason` (whether there is one), and `multiline`, true where a
 * quoted field spans lines and the row number is not the line. {@link csvRecordLines} gives the
 * true lines for such files.
 *
 * @example Every column stays text, numbered by line
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanCsvRows } from "./read_csv.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(path, "type,timestamp,note\ndeploy,2024-01-01T10:00:00Z,x\n");
 * const [row] = scanCsvRows(path, 4).collectSync().toRecords();
 * assert.deepEqual({ ...row, line: Number(row.line) }, {
 *   file: 4,
 *   line: 2,
 *   timestamp: "2024-01-01T10:00:00Z",
 *   type: "deploy",
 *   reason: null,
 *   has_reason: false,
 *   multiline: false,
 * });
 * ```
 */
export function scanCsvRows(
  path: string,
  fileIndex: number,
  options: CsvReadOptions = {},
): pl.LazyDataFrame {
  if (options.bytes === undefined) checkReadableFile(path);
  else if (options.bytes.length === 0) {
    throw new InputFileError(path, "is empty (expected a header row)");
  }
  const { content: bytes, hasQuotes, widestRecord } = csvLayout(path, options.bytes);
  // Plain files stream from disk; in-memory content (a decompressed .csv.gz, a file with bare CR
  // line ends) is parsed from memory. Columns past the header's catch extra cells: empty extra
  // cells (a trailing comma) are harmless, so enough are read to reach any row's first non-empty
  // one.
  const read = (more: Partial<pl.ReadCsvOptions>) =>
    bytes === undefined
      ? pl.scanCSV(path, { ...CSV_OPTIONS, ...more })
      : pl.readCSV(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), {
        ...CSV_OPTIONS,
        ...more,
      }).lazy();
  const readProblem = (error: unknown) =>
    new InputFileError(path, csvReadProblem(error, { path, bytes }));
  let header: string[];
  try {
    header = (bytes === undefined ? read({}) : read({ nRows: 1 })).columns;
  } catch (error) {
    throw readProblem(error);
  }
  const extraCount = Math.max(EXTRA_CELLS, (widestRecord?.cells ?? 0) - header.length);
  // Refused before the read, which would parse every row with every extra column first.
  if (extraCount > MOST_EXTRA_CELLS) {
    throw new InputFileError(
      path,
      `line ${widestRecord!.line} has ${widestRecord!.cells} cells, ${extraCount} more than ` +
        `the header's ${header.length} columns; a row may have at most ${MOST_EXTRA_CELLS} more`,
    );
  }
  const prefix = ["extra", ...header].join("_"); // longer than any header name, so none of them
  const extras = Array.from({ length: extraCount }, (_, index) => `${prefix}_${index}`);
  let source: pl.LazyDataFrame;
  try {
    source = read({
      schema: Object.fromEntries([...header, ...extras].map((name) => [name, pl.Utf8])),
    } as Partial<pl.ReadCsvOptions>);
  } catch (error) {
    throw readProblem(error);
  }
  const sources = headerColumns(header, { columnMap: options.columnMap, file: path });
  const missing = REQUIRED_COLUMNS.filter((name) => !sources.has(name));
  if (missing.length > 0) {
    throw new InputFileError(
      path,
      `missing required column${missing.length > 1 ? "s" : ""} ${
        missing.map((m) => `"${m}"`).join(", ")
      } ` +
        `in the header (found: ${header.slice(0, 12).map((h) => JSON.stringify(h)).join(", ")})`,
    );
  }
  const columns = [...sources.keys()];
  const emptyRow = pl.allHorizontal(
    columns.map((name) => pl.col(name).isNull().or(pl.col(name).eq(pl.lit("")))),
  ).and(pl.col("extra_cell").isNull());
  return source
    .select(
      ...[...sources].map(([name, column]) => pl.col(column).cast(pl.Utf8).alias(name)),
      firstPresent(extras.map((name) => pl.col(name))).alias("extra_cell"),
    )
    .withRowIndex("row")
    .select(
      pl.lit(fileIndex).cast(pl.Int32).alias("file"),
      pl.col("row").add(2).cast(pl.Int64).alias("line"),
      ...columns.map((name) => pl.col(name)),
      pl.when(emptyRow)
        .then(pl.lit(EMPTY_LINE))
        .when(pl.col("extra_cell").isNotNull())
        .then(pl.format(
          `row: more cells than the header's ${header.length} columns (the first extra cell: {})`,
          pl.format('"{}"', pl.col("extra_cell").str.slice(0, 60)),
        ))
        .otherwise(pl.lit(null).cast(pl.Utf8))
        .alias("reason"),
      // What parsing checks first on millions of rows: whether there is a reason, without
      // formatting one (polars computes every branch of the reason for every row).
      emptyRow.or(pl.col("extra_cell").isNotNull()).alias("has_reason"),
      // Only a quoted cell can hold a line end: without quotes, no cell is searched for one.
      (hasQuotes
        ? pl.anyHorizontal(
          columns.map((name) => pl.col(name).str.contains("\n", true).fillNull(false)),
        )
        : pl.lit(false)).alias("multiline"),
    );
}

/** The physical line of each data row of a CSV whose quoted fields span lines. */
export function csvRecordLines(path: string, bytes?: Uint8Array): Int32Array {
  return recordStartLines(bytes ?? Deno.readFileSync(path)).subarray(1);
}

/** Which files {@link correctLines} fixes, and where their records start. */
export interface LineCorrection {
  /** The files with a quoted field that spans lines. */
  multilineFiles: readonly number[];
  /** A file's physical record lines, or undefined when the file is not a CSV. */
  recordLines: (file: number) => Int32Array | undefined;
}

/** Replaces row-based lines with physical ones for the files where some field spans lines. */
export function correctLines(
  frame: pl.DataFrame,
  { multilineFiles, recordLines }: LineCorrection,
): pl.DataFrame {
  let corrected = frame;
  for (const file of multilineFiles) {
    const lines = recordLines(file);
    if (!lines) continue;
    const mapping = pl.DataFrame({ physical_line: pl.Series("physical_line", lines) }).withRowIndex(
      "row",
    ).select(
      pl.lit(file).cast(pl.Int32).alias("file"),
      pl.col("row").add(2).cast(pl.Int64).alias("line"),
      pl.col("physical_line").cast(pl.Int64),
    );
    corrected = corrected.join(mapping, { on: ["file", "line"], how: "left" })
      .withColumns(pl.col("physical_line").fillNull(pl.col("line")).alias("line"))
      .drop("physical_line");
  }
  return corrected;
}
