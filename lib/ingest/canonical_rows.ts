/**
 * Rows of text built in JavaScript (JSON records, vendor exports) turned into the same text frame
 * the CSV reader produces, so {@link parseRows} treats every source alike.
 *
 * A row may carry a `reason`: the source already knows the row is unusable (a broken JSON line, a
 * vendor record that is not a deploy or an incident). `parseRows` then rejects it with that reason.
 *
 * @module
 */
import pl from "nodejs-polars";
import { CANONICAL_COLUMNS, type CanonicalColumn } from "../core/events.ts";

/** One row of canonical text, located in its source file. */
export type CanonicalRow =
  & { file: number; line: number; reason?: string | null }
  & { [column in CanonicalColumn]?: string | null };

/**
 * The frame of canonical rows: `file`, `line`, every canonical column and `reason`, all text but
 * the first two, null where a row has no value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalRowsFrame } from "./canonical_rows.ts";
 *
 * const frame = canonicalRowsFrame([
 *   { file: 0, line: 1, timestamp: "2024-01-01T10:00:00Z", type: "deploy", id: "d1" },
 *   { file: 0, line: 2, reason: "invalid JSON: unexpected end" },
 * ]);
 * assert.deepEqual(frame.columns, [
 *   "file", "line", "timestamp", "type", "id", "service", "commit_timestamp", "deploy_id", "reason",
 * ]);
 * assert.deepEqual(frame.getColumn("type").toArray(), ["deploy", null]);
 * assert.deepEqual(frame.getColumn("reason").toArray(), [null, "invalid JSON: unexpected end"]);
 * ```
 */
export function canonicalRowsFrame(rows: readonly CanonicalRow[]): pl.DataFrame {
  const text = (column: CanonicalColumn | "reason") =>
    pl.Series(column, rows.map((row) => row[column] ?? null), pl.Utf8);
  return pl.DataFrame([
    pl.Series("file", rows.map((row) => row.file), pl.Int32),
    pl.Series("line", rows.map((row) => row.line), pl.Int64),
    ...CANONICAL_COLUMNS.map(text),
    text("reason"),
  ]);
}
