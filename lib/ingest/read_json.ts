/**
 * Reads a JSON or NDJSON input into canonical rows, or into records for its vendor's adapter:
 *
 * - a JSON document, or pages of one (see `json_documents.ts`): one row per record, located by
 *   the line on which it starts and, where records share a line, by its element;
 * - NDJSON: one row per physical line; a line that is not JSON is one rejected row. NDJSON whose
 *   first line is a page (`gh api --paginate` writes one page per line) is read as pages.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { flatArrayOf, readFlatJsonArray } from "./json_flat_array.ts";
import type { Adapter, VendorRecord } from "./adapters/adapter.ts";
import { detectAdapter } from "./adapters/registry.ts";
import { type CanonicalRow, canonicalRowsFrame, EMPTY_LINE } from "./canonical_rows.ts";
import type { ColumnMap } from "./column_map.ts";
import type { InputContent } from "./input_content.ts";
import { InputFileError, oneLine } from "./input_file_error.ts";
import {
  concatenatedJsonValues,
  isPage,
  type JsonValue,
  pagesOf,
  recordsOfPages,
  samplePage,
} from "./json_documents.ts";
import { canonicalRowOf, jsonKind, parseJsonKeepingNumberText } from "./json_records.ts";
import { ndjsonLines, readNdjsonRows } from "./read_ndjson.ts";

/** One `--input`, as its reader needs it. */
export interface InputFile {
  /** The path, as given. */
  path: string;
  /** Its index among the inputs: the `file` of its rows. */
  index: number;
  /** The adapter `--from` names: undefined to detect, null for canonical events. */
  chosen: Adapter | null | undefined;
  /** `--map`, for canonical files. */
  columnMap?: ColumnMap;
}

/** A vendor record, with its place among the file's records when it shares its line. */
export type NumberedRecord = VendorRecord & { element?: number };

/** What a JSON input gave: canonical rows, or records for an adapter (and rows it rejected). */
export type JsonFileRows =
  | { kind: "frame"; frame: pl.LazyDataFrame }
  | { kind: "vendor"; adapter: Adapter; records: NumberedRecord[]; rows: CanonicalRow[] };

const REASON_DETAIL_LIMIT = 80;

/** The top-level values of a JSON text: one document, or documents back to back. */
function jsonValuesOf(path: string, content: InputContent): JsonValue[] {
  const text = content.text!;
  if ("document" in content) return [{ value: content.document, text, line: 1 }];
  try {
    return [{ value: JSON.parse(text), text, line: 1 }];
  } catch (error) {
    const values = concatenatedJsonValues(text);
    if (values !== null && values.length > 0) return values;
    throw new InputFileError(path, `not valid JSON (${oneLine(error, REASON_DETAIL_LIMIT)})`);
  }
}

/** Rows or records of the pages of one input, read as `chosen` says or as detected. */
function pageRows(
  { path, index, chosen, columnMap }: InputFile,
  { pages, rows }: { pages: JsonValue[]; rows: CanonicalRow[] },
): JsonFileRows {
  const adapter = chosen === undefined ? detectAdapter(samplePage(pages)) : chosen;
  if (adapter) {
    const records = recordsOfPages(pages, adapter).map((record) => ({ file: index, ...record }));
    return { kind: "vendor", adapter, records, rows };
  }
  const single = pages.length === 1 && rows.length === 0 ? pages[0].value : [];
  if (!Array.isArray(single)) {
    throw new InputFileError(
      path,
      `expected a JSON array of event objects, got ${
        jsonKind(single)
      } (for a vendor export, see --from)`,
    );
  }
  // Canonical numbers keep the digits the file wrote: parse each page again, keeping them.
  const keeping = pages.map((page) => ({
    ...page,
    value: parseJsonKeepingNumberText(page.text, { value: page.value }),
  }));
  const records = recordsOfPages(keeping, null).map(({ value, line, element }) => ({
    ...canonicalRowOf(value, { file: index, line, columnMap }),
    ...(element === undefined ? {} : { element }),
  }));
  return { kind: "frame", frame: canonicalRowsFrame([...rows, ...records]).lazy() };
}

/**
 * The rows of a canonical array of flat records, read by polars; null for any other text (or a
 * document parsed already, which is not an array), for a vendor's records, or where polars
 * cannot read it as the record-by-record path would.
 */
function readCanonicalFlatArray(input: InputFile, content: InputContent): pl.DataFrame | null {
  if (input.chosen || "document" in content) return null;
  const text = content.text!;
  const flatArray = flatArrayOf(content.bytes!, text);
  if (!flatArray) return null;
  if (input.chosen === undefined) {
    // Every adapter knows an array of records by its first record.
    const start = text.indexOf("{");
    let first: unknown;
    try {
      first = JSON.parse(text.slice(start, text.indexOf("}", start) + 1));
    } catch {
      return null; // not JSON after all: the full parse names the problem
    }
    if (detectAdapter([first])) return null;
  }
  return readFlatJsonArray(content.bytes!, flatArray, {
    name: input.path,
    fileIndex: input.index,
    columnMap: input.columnMap,
  });
}

/** How {@link readJsonFile} reads. */
export interface JsonReadOptions {
  /**
   * Read an array of flat canonical records record by record, as every other shape is, instead
   * of by polars: the reference the polars path is tested against.
   */
  recordByRecord?: boolean;
}

/**
 * A JSON input: one document, pages back to back, or an array of pages. A text that is none of
 * these is an InputFileError (`not valid JSON`), and so is a single document that is neither a
 * vendor export nor an array of events.
 */
export function readJsonFile(
  input: InputFile,
  content: InputContent,
  { recordByRecord = false }: JsonReadOptions = {},
): JsonFileRows {
  const flat = recordByRecord ? null : readCanonicalFlatArray(input, content);
  if (flat) return { kind: "frame", frame: flat.lazy() };
  return pageRows(input, { pages: pagesOf(jsonValuesOf(input.path, content)), rows: [] });
}

/** The first value of the first non-blank line, and whether that line holds several. */
function firstValue(text: string): { value?: unknown; several?: boolean } {
  for (const line of text.split("\n", 1000)) {
    if (line.trim() === "") continue;
    try {
      return { value: JSON.parse(line) };
    } catch {
      const values = concatenatedJsonValues(line);
      return { value: values?.[0]?.value, several: values !== null && values.length > 1 };
    }
  }
  return {};
}

/** An NDJSON input of pages, one or more per line; a line that is not JSON is one rejected row. */
function readNdjsonPages(input: InputFile, text: string): JsonFileRows {
  const pages: JsonValue[] = [];
  const rows: CanonicalRow[] = [];
  for (const line of ndjsonLines(text, (line) => line)) {
    if (line.blank) {
      rows.push({ file: input.index, line: line.line, reason: EMPTY_LINE });
      continue;
    }
    const values = concatenatedJsonValues(line.value as string);
    if (values === null || values.length === 0) {
      let reason = "invalid JSON";
      try {
        JSON.parse(line.value as string);
      } catch (error) {
        reason = `invalid JSON: ${oneLine(error, REASON_DETAIL_LIMIT)}`;
      }
      rows.push({ file: input.index, line: line.line, reason });
    } else pages.push(...values.map((value) => ({ ...value, line: line.line })));
  }
  return pageRows(input, { pages, rows });
}

/**
 * An NDJSON input: canonical lines, a vendor's records one per line, or pages per line. Lines that
 * hold several values back to back (`{…}{…}`, or lines ended by bare CRs) are read as pages too.
 */
export function readNdjsonFile(input: InputFile, content: InputContent): JsonFileRows {
  const text = content.text!;
  const { value: first, several } = firstValue(text);
  if (several || isPage(first)) return readNdjsonPages(input, text);
  const adapter = input.chosen === undefined ? detectAdapter(first) : input.chosen;
  if (!adapter) {
    return {
      kind: "frame",
      frame: readNdjsonRows(
        { bytes: content.bytes!, text },
        { name: input.path, fileIndex: input.index, columnMap: input.columnMap },
      ).lazy(),
    };
  }
  const records: NumberedRecord[] = [];
  const rows: CanonicalRow[] = [];
  for (const line of ndjsonLines(text)) {
    if (line.blank) rows.push({ file: input.index, line: line.line, reason: EMPTY_LINE });
    else if (line.error !== undefined) {
      rows.push({ file: input.index, line: line.line, reason: line.error });
    } else records.push({ file: input.index, line: line.line, value: line.value });
  }
  return { kind: "vendor", adapter, records, rows };
}
