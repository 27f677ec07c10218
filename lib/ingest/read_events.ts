/**
 * Reads every input file into one lazy frame of canonical rows (`file`, `line`, the canonical
 * columns and, for rows a source already rejected, `reason`), choosing the reader by the file's
 * format and content:
 *
 * - CSV (`.csv`, `.csv.gz`): {@link scanCsvRows}, streamed;
 * - canonical NDJSON (`.ndjson`, `.jsonl`, `.gz` too): one row per line;
 * - a canonical JSON array (`.json`, `.json.gz`), or pages of them: one row per element, located
 *   by the line on which the element starts (and by its `element` where records share a line);
 * - a vendor export (JSON or NDJSON) named by `--from`, or recognised by {@link detectAdapter}:
 *   its adapter's rows. Records of one adapter from all files are adapted together, so a deployment
 *   in one file can find its statuses in another;
 * - a vendor CSV export (ServiceNow, PagerDuty) named by `--from`, or recognised by its header
 *   ({@link detectCsvAdapter}; never with `--map`): its rows, read whole, for the adapter.
 *
 * `file` is the index into `paths`, so every rejected row names its own file and line.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Adapter, AdapterOptions } from "./adapters/adapter.ts";
import {
  adapterNamed,
  AUTO_SOURCE,
  CANONICAL_SOURCE,
  detectCsvAdapter,
} from "./adapters/registry.ts";
import { type ColumnMap, mapTypeValues } from "./column_map.ts";
import { CANONICAL_COLUMNS } from "../core/events.ts";
import { type InputContent, loadInput } from "./input_content.ts";
import { InputFileError, oneLine } from "./input_file_error.ts";
import { correctLines, csvRecordLines, scanCsvRows } from "./read_csv.ts";
import { csvReadProblem } from "./csv_layout.ts";
import { type InputFile, type NumberedRecord, readJsonFile, readNdjsonFile } from "./read_json.ts";
import { csvHeader, readVendorCsv } from "./vendor_csv.ts";
import { applyRowFilters, type RowFilters } from "./filters.ts";
import { type CanonicalRow, canonicalRowsFrame, EMPTY_LINE } from "./canonical_rows.ts";

/** How the inputs are read: `--from`, `--map` and the adapter flags. */
export interface ReadOptions {
  /** `--from`: one source name for every file, or one per file, in order. Absent: detect. */
  from?: readonly string[];
  /** `--map`: header and type-value names of canonical files. */
  columnMap?: ColumnMap;
  /** Choices for the vendor adapters. */
  adapter?: AdapterOptions;
  /** The filter flags: each input's service, service renames, rows left out on purpose. */
  filters?: RowFilters;
}

const REASON_DETAIL_LIMIT = 80;

/** What one file gave: canonical text rows, or vendor records for an adapter. */
type FileRows =
  | {
    kind: "frame";
    frame: pl.LazyDataFrame;
    recordLines?: () => Int32Array;
    /** What an error while reading the frame means, for the file's InputFileError. */
    problem?: (error: unknown) => string;
  }
  | { kind: "vendor"; adapter: Adapter; records: NumberedRecord[]; rows: CanonicalRow[] };

/**
 * The frame with `has_reason`, whether the source already rejected the row. A CSV scan has its
 * own, cheaper than its `reason`, which then is only formatted for the rows that have one.
 */
function withReasonFlag(frame: pl.LazyDataFrame): pl.LazyDataFrame {
  const columns = new Set(frame.columns);
  if (columns.has("has_reason")) return frame;
  return frame.withColumns(
    (columns.has("reason") ? pl.col("reason").isNotNull() : pl.lit(false)).alias("has_reason"),
  );
}

/** The adapter `--from` names for file `index`: undefined to detect, null for canonical. */
function chosenAdapter(
  from: readonly string[] | undefined,
  index: number,
): Adapter | null | undefined {
  const name = from?.length === 1 ? from[0] : from?.[index];
  if (name === undefined) return undefined;
  if (name === AUTO_SOURCE) return undefined;
  if (name === CANONICAL_SOURCE) return null;
  const adapter = adapterNamed(name);
  if (!adapter) throw new Error(`unknown source ${JSON.stringify(name)}`);
  return adapter;
}

/**
 * The adapter that reads a CSV input: the one `--from` names (which must read CSV), else the one
 * whose export the header is; null for canonical events, and always with `--map`.
 */
function csvAdapter(
  path: string,
  { chosen, content, columnMap }: {
    chosen: Adapter | null | undefined;
    content: InputContent;
    columnMap?: ColumnMap;
  },
): Adapter | null {
  if (chosen === null) return null;
  if (chosen) {
    if (chosen.detectCsv) return chosen;
    throw new InputFileError(path, `--from ${chosen.name} reads JSON exports, not CSV`);
  }
  if (columnMap) return null;
  return detectCsvAdapter(csvHeader(path, content.bytes));
}

function readFile(path: string, index: number, options: ReadOptions): FileRows {
  const chosen = chosenAdapter(options.from, index);
  const content = loadInput(path);
  if (content.format === "csv") {
    const adapter = csvAdapter(path, { chosen, content, columnMap: options.columnMap });
    if (adapter) {
      const { records, blankLines } = readVendorCsv(path, { file: index, bytes: content.bytes });
      return {
        kind: "vendor",
        adapter,
        records,
        rows: blankLines.map((line) => ({ file: index, line, reason: EMPTY_LINE })),
      };
    }
    return {
      kind: "frame",
      frame: scanCsvRows(path, index, { columnMap: options.columnMap, bytes: content.bytes }),
      recordLines: () => csvRecordLines(path, content.bytes),
      problem: (error) => csvReadProblem(error, { path, bytes: content.bytes }),
    };
  }
  const input: InputFile = { path, index, chosen, columnMap: options.columnMap };
  return content.format === "ndjson"
    ? readNdjsonFile(input, content)
    : readJsonFile(input, content);
}

/**
 * The canonical rows of all inputs as one lazy plan, so a large CSV streams through parsing without
 * being held as text; what {@link scanSources} gives and {@link parseRows} takes.
 */
export interface SourceScan {
  /**
   * `file` (the index into the paths), `line`, `element` (a JSON record's place among its file's
   * records, where records share a line), the canonical columns present, `reason` (when a
   * source already rejected a row), `has_reason` (whether it did), `filtered_by` (when a rule left the row out on purpose) and
   * `multiline` (a CSV row whose quoted field spans lines).
   */
  rows: pl.LazyDataFrame;
  /**
   * Runs a plan built on {@link rows} with the streaming engine. A file that breaks mid-read
   * becomes an InputFileError naming it.
   */
  collect(plan: pl.LazyDataFrame): pl.DataFrame;
  /**
   * Gives rows from CSV files whose quoted fields span lines their physical line numbers; `line`
   * in {@link rows} counts records. Apply it to anything collected from `rows` that keeps lines.
   */
  correctLines(frame: pl.DataFrame, multilineFiles: readonly number[]): pl.DataFrame;
}

/**
 * Scans every input into one {@link SourceScan}; whole-file problems throw an InputFileError.
 *
 * @example A CSV and an NDJSON file become one stream, each row naming its file
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanSources } from "./read_events.ts";
 *
 * const csv = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(csv, "timestamp,type\n2024-01-01T10:00:00Z,deploy\n");
 * const ndjson = await Deno.makeTempFile({ suffix: ".ndjson" });
 * await Deno.writeTextFile(ndjson, '{"timestamp":"2024-01-02T10:00:00Z","type":"deploy"}\n');
 * const scan = scanSources([csv, ndjson]);
 * const rows = scan.collect(scan.rows).select("file", "line", "timestamp").toRecords();
 * assert.deepEqual(rows.map((row) => [row.file, Number(row.line), row.timestamp]), [
 *   [0, 2, "2024-01-01T10:00:00Z"],
 *   [1, 1, "2024-01-02T10:00:00Z"],
 * ]);
 * ```
 */
export function scanSources(paths: readonly string[], options: ReadOptions = {}): SourceScan {
  const frames: pl.LazyDataFrame[] = [];
  const framePaths: string[] = [];
  const frameProblems: (((error: unknown) => string) | undefined)[] = [];
  const recordLines = new Map<number, () => Int32Array>();
  const vendorRecords = new Map<Adapter, NumberedRecord[]>();
  let sourceRows: CanonicalRow[] = [];
  paths.forEach((path, index) => {
    const read = readFile(path, index, options);
    if (read.kind === "frame") {
      frames.push(withReasonFlag(mapTypeValues(read.frame, options.columnMap)));
      framePaths.push(path);
      frameProblems.push(read.problem);
      if (read.recordLines) recordLines.set(index, read.recordLines);
      return;
    }
    vendorRecords.set(read.adapter, (vendorRecords.get(read.adapter) ?? []).concat(read.records));
    sourceRows = sourceRows.concat(read.rows);
  });
  for (const [adapter, records] of vendorRecords) {
    // Adapters give each row its record's line. Handing them each record's position as its line
    // lets every row find its record again, however many records share a line.
    const positioned = records.map((record, position) => ({ ...record, line: position }));
    for (const row of adapter.toRows(positioned, options.adapter ?? {})) {
      const { line, element } = records[row.line];
      sourceRows.push(element === undefined ? { ...row, line } : { ...row, line, element });
    }
  }
  // File order, so the rows read like the files (the sort is stable: a start stays before its resolve).
  sourceRows.sort((a, b) =>
    a.file - b.file || a.line - b.line || (a.element ?? 0) - (b.element ?? 0)
  );
  if (sourceRows.length > 0 || frames.length === 0) {
    frames.push(withReasonFlag(canonicalRowsFrame(sourceRows).lazy()));
    framePaths.push("vendor exports");
    frameProblems.push(undefined);
  }
  const all = applyRowFilters(
    frames.length === 1 ? frames[0] : pl.concat(frames, { how: "diagonal" }),
    options.filters,
  );
  const present = new Set(all.columns);
  return {
    rows: all.select(
      pl.col("file"),
      pl.col("line"),
      (present.has("element") ? pl.col("element") : pl.lit(null).cast(pl.Int64)).alias("element"),
      ...[...CANONICAL_COLUMNS, "reason", "filtered_by"].filter((name) => present.has(name)).map((
        name,
      ) => pl.col(name)),
      pl.col("has_reason"),
      (present.has("multiline") ? pl.col("multiline").fillNull(false) : pl.lit(false)).alias(
        "multiline",
      ),
    ),
    collect: (plan) => {
      try {
        return plan.collectSync({ engine: "streaming" });
      } catch (error) {
        // Find the file that fails on its own, so the message can name it. Counting nulls reads
        // every cell, as the plan did, with no more memory than a count.
        frames.forEach((frame, index) => {
          try {
            frame.select(pl.all().nullCount()).collectSync({ engine: "streaming" });
          } catch (fileError) {
            throw new InputFileError(
              framePaths[index],
              frameProblems[index]?.(fileError) ??
                `not readable (${oneLine(fileError, REASON_DETAIL_LIMIT)})`,
            );
          }
        });
        throw new InputFileError(
          paths.join(", "),
          `not readable together (${oneLine(error, REASON_DETAIL_LIMIT)})`,
        );
      }
    },
    correctLines: (frame, multilineFiles) =>
      correctLines(frame, {
        multilineFiles,
        recordLines: (file) => recordLines.get(file)?.(),
      }),
  };
}
