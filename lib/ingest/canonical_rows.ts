/**
 * Rows of text built in JavaScript (JSON records, vendor exports) turned into the same text frame
 * the CSV reader produces, so {@link parseRows} treats every source alike.
 *
 * A row may carry a `reason`: the source already knows the row is unusable (a broken JSON line, a
 * vendor record that is not a deploy or an incident). `parseRows` then rejects it with that reason.
 * A row that also names a filter (`filtered_by`) was left out on purpose, by an adapter's rule (a staging deploy,
 * a cancelled run) or a filter flag: `parseRows` counts it as filtered under that name, not as
 * rejected. Incident rows may carry the attributes the filter flags read (`title`, `priority`,
 * `urgency`); they never reach the events.
 *
 * A record of a JSON document that starts on the same line as another record (a one-line array,
 * as APIs and `jq -c` write them) also carries its `element`: its 1-based place among the file's
 * records, since its line alone does not say which it is.
 *
 * @module
 */
import pl from "nodejs-polars";
import { CANONICAL_COLUMNS, type CanonicalColumn } from "../core/events.ts";

/**
 * One row of canonical text, located in its source file: its `line`, and its `element` when the
 * line is shared with another record.
 */
export type CanonicalRow =
  & { file: number; line: number; element?: number | null; reason?: string | null }
  & { [column in CanonicalColumn]?: string | null }
  & { [attribute in RowAttribute]?: string | null };

/** The reason of a blank line (or, in a CSV, a row of empty cells): the same in every format. */
export const EMPTY_LINE = "empty line";

/**
 * What a row may carry besides the canonical columns and `reason`: `filtered_by`, the name of the
 * rule that left the row out (with `reason` saying why; a frame column named `filter` would hide
 * polars' `DataFrame.filter`); an incident's `title`; its `priority` level
 * (`1` is the most urgent, as in P1); its `urgency` (`high`, `medium`, `low`).
 */
export const ROW_ATTRIBUTES = ["filtered_by", "title", "priority", "urgency"] as const;

/** One of {@link ROW_ATTRIBUTES}. */
export type RowAttribute = typeof ROW_ATTRIBUTES[number];

/**
 * The frame of canonical rows: `file`, `line`, `element`, every canonical column, `reason` and the
 * {@link ROW_ATTRIBUTES}, all text but the first three, null where a row has no value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalRowsFrame } from "./canonical_rows.ts";
 *
 * const frame = canonicalRowsFrame([
 *   { file: 0, line: 1, timestamp: "2024-01-01T10:00:00Z", type: "deploy", id: "d1" },
 *   { file: 0, line: 2, reason: "invalid JSON: unexpected end" },
 *   { file: 0, line: 3, filtered_by: "environment", reason: 'environment: "staging" is not production' },
 * ]);
 * assert.deepEqual(frame.columns, [
 *   "file", "line", "element",
 *   "timestamp", "type", "id", "service", "commit_timestamp", "deploy_id", "reason",
 *   "filtered_by", "title", "priority", "urgency",
 * ]);
 * assert.deepEqual(frame.getColumn("type").toArray(), ["deploy", null, null]);
 * assert.deepEqual(frame.getColumn("filtered_by").toArray(), [null, null, "environment"]);
 * ```
 */
export function canonicalRowsFrame(rows: readonly CanonicalRow[]): pl.DataFrame {
  // Millions of rows come from JavaScript here: numbers go in as typed arrays, and a column no
  // row has is a null literal, not millions of nulls handed over one by one.
  const located = pl.DataFrame([
    pl.Series("file", Int32Array.from(rows, (row) => row.file)),
    pl.Series("line", Float64Array.from(rows, (row) => row.line)).cast(pl.Int64),
  ]);
  const columns = ["element", ...CANONICAL_COLUMNS, "reason", ...ROW_ATTRIBUTES] as const;
  const typeOf = (column: string) => column === "element" ? pl.Int64 : pl.Utf8;
  const given = columns.filter((column) => rows.some((row) => row[column] != null));
  return pl.DataFrame([
    ...located.getColumns(),
    ...given.map((column) =>
      pl.Series(column, rows.map((row) => row[column] ?? null), typeOf(column))
    ),
  ])
    .select(
      "file",
      "line",
      ...columns.map((column) =>
        given.includes(column) ? pl.col(column) : pl.lit(null).cast(typeOf(column)).alias(column)
      ),
    );
}
