/**
 * The contract every vendor adapter fulfils: recognise its export, and turn its records into
 * canonical text rows. A record the metrics cannot use (a staging deploy, a failed run, an unknown
 * status) is never dropped: it becomes a row with a `reason` naming the vendor field, so it is
 * counted and reported as rejected like any malformed CSV row.
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
  /** The record, as parsed. */
  value: unknown;
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
  /** Text rows for all records of this vendor, from every input file at once. */
  toRows(records: readonly VendorRecord[], options: AdapterOptions): CanonicalRow[];
}
