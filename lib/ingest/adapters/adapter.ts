/**
 * The contract every vendor adapter fulfils: recognise its export, and turn its records into
 * canonical text rows. A record the metrics cannot use is never dropped: it becomes a row with a
 * `reason` naming the vendor field. When one of the adapter's rules left it out on purpose (a
 * staging deploy, a failed run) the row also names the rule (`filtered_by`) and is counted as
 * filtered; otherwise (an unknown status, a missing field) it is rejected like any malformed CSV
 * row.
 *
 * @module
 */
import type { CanonicalRow } from "../canonical_rows.ts";

/** One record of a vendor export, where it starts in which input file. */
export interface VendorRecord {
  /** The index of the input file. */
  file: number;
  /** The line on which the record starts. */
  line: number;
  /** The record, as parsed; for a CSV row, an object of its cells' text keyed by the header. */
  value: unknown;
  /** The record is a CSV row, not a JSON value. */
  csv?: boolean;
}

/** Choices that only some adapters use. */
export interface AdapterOptions {
  /** github-actions: the deploy workflows, by name or file (default: any whose name or file says "deploy"). */
  workflows?: readonly string[];
  /** github-actions: count completed runs whatever their conclusion (default: success only). */
  anyConclusion?: boolean;
  /** Deploy adapters: the production environments (default: production, prod). */
  environments?: readonly string[];
  /** Every adapter: the service of every row, instead of the one the vendor names. */
  service?: string;
  /**
   * Exports whose times carry no offset and are not UTC (a ServiceNow display-value export is in
   * the exporting user's zone): that IANA zone. Without it such times are rejected.
   */
  exportTimeZone?: string;
}

/**
 * A vendor adapter: how to recognise its export, and how to turn its records into canonical rows.
 *
 * @example An adapter that rejects every record, with a reason
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Adapter } from "./adapter.ts";
 *
 * const echo: Adapter = {
 *   name: "echo",
 *   describes: "rows that are never usable",
 *   detect: () => false,
 *   toRows: (records) =>
 *     records.map(({ file, line }) => ({ file, line, reason: "echo: nothing to read" })),
 * };
 * assert.deepEqual(echo.toRows([{ file: 0, line: 3, value: {} }], {}), [
 *   { file: 0, line: 3, reason: "echo: nothing to read" },
 * ]);
 * ```
 */
export interface Adapter {
  /** The `--from` name. */
  readonly name: string;
  /** One line for `--help`. */
  readonly describes: string;
  /** The key of a top-level object that holds the list of records, such as `workflow_runs`. */
  readonly listKey?: string;
  /** Whether a parsed document (or, for NDJSON, its first record) is this vendor's export. */
  detect(document: unknown): boolean;
  /** Whether a CSV with this header row is this vendor's export; absent: the vendor has no CSV. */
  detectCsv?(header: readonly string[]): boolean;
  /** Text rows for all records of this vendor, from every input file at once. */
  toRows(records: readonly VendorRecord[], options: AdapterOptions): CanonicalRow[];
}
