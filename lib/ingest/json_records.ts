/**
 * Canonical JSON records (one object per event) turned into text rows: strings stay as they are,
 * numbers keep the digits the file wrote (`1.50` stays `1.50`, a 20-digit id keeps every digit),
 * booleans become `true`/`false`, and a nested object or array in a canonical column rejects the
 * row with a reason naming the field.
 *
 * @module
 */
import { type ColumnMap, recordKey } from "./column_map.ts";
import { CANONICAL_COLUMNS } from "../core/events.ts";
import type { CanonicalRow } from "./canonical_rows.ts";

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;
// JSON.parse fixes a reviver's three arguments; the third (source text access) gives a number's
// text as written.
const numbersAsWritten: Reviver = (_key, value, context) =>
  typeof value === "number" && context?.source !== undefined ? context.source : value;

/**
 * JSON.parse, with numbers kept as the text the document wrote. Throws a SyntaxError for invalid
 * JSON. A document too deep for the reviver still parses, with numbers as JavaScript prints them.
 * `parsed` is the plain parse of `text`, when the caller already has it.
 */
export function parseJsonKeepingNumberText(text: string, parsed?: { value: unknown }): unknown {
  const plain = parsed ? parsed.value : JSON.parse(text);
  if (!hasRecordNumber(plain)) return plain;
  try {
    return JSON.parse(text, numbersAsWritten as (key: string, value: unknown) => unknown);
  } catch {
    return plain;
  }
}

/** Whether a record, or a record of an array, has a number in a field: only then is the slower reviver needed. */
function hasRecordNumber(value: unknown): boolean {
  const hasNumber = (record: unknown) =>
    isJsonObject(record) && Object.values(record).some((cell) => typeof cell === "number");
  return Array.isArray(value) ? value.some(hasNumber) : hasNumber(value);
}

/** "an object", "an array", "a number", "null": for reasons. */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where a record stands, and how its keys are named. */
export interface RecordPlace {
  /** The index of the input file. */
  file: number;
  /** The line on which the record starts. */
  line: number;
  /** `--map`, if given. */
  columnMap?: ColumnMap;
}

/**
 * The canonical row of one record at `line` of file `file`.
 *
 * @example Numbers keep their digits; a nested value rejects the row
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalRowOf, parseJsonKeepingNumberText } from "./json_records.ts";
 *
 * const record = parseJsonKeepingNumberText('{"timestamp": "2024-01-01T10:00:00Z", "type": "deploy", "id": 1.50}');
 * assert.deepEqual(canonicalRowOf(record, { file: 0, line: 1 }), {
 *   file: 0,
 *   line: 1,
 *   timestamp: "2024-01-01T10:00:00Z",
 *   type: "deploy",
 *   id: "1.50",
 * });
 * const nested = canonicalRowOf({ timestamp: { at: 1 }, type: "deploy" }, { file: 0, line: 2 });
 * assert.equal(nested.reason, "timestamp: a JSON object, expected text");
 * ```
 */
export function canonicalRowOf(
  value: unknown,
  { file, line, columnMap }: RecordPlace,
): CanonicalRow {
  if (!isJsonObject(value)) {
    return { file, line, reason: `invalid record: expected a JSON object, got ${jsonKind(value)}` };
  }
  const row: CanonicalRow = { file, line };
  for (const column of CANONICAL_COLUMNS) {
    const key = recordKey(value, { column, columnMap });
    const cell = key === undefined ? null : value[key];
    if (cell === null || cell === undefined) continue;
    if (typeof cell === "object") {
      row.reason ??= `${column}: a JSON ${Array.isArray(cell) ? "array" : "object"}, expected text`;
      continue;
    }
    row[column] = String(cell);
  }
  return row;
}
