/**
 * The canonical event: its types, columns and the typed DataFrame every source turns into.
 *
 * A typed events frame has one row per input row with these columns:
 *
 * | column | dtype | meaning |
 * |---|---|---|
 * | `file` | Int32 | index into the run's list of source names |
 * | `line` | Int64 | 1-based line of the row in its file |
 * | `element` | Int64 | optional: a JSON record's place among its file's records, where records share a line |
 * | `timestamp` | Datetime(us, UTC) | the instant of the event, to the microsecond |
 * | `type` | Categorical | `deploy`, `incident_start` or `incident_resolved` |
 * | `id` | Utf8 | incident id, or deploy id (generated from the line when missing) |
 * | `id_given` | Bool | whether the id came from the input (duplicates compare given ids only) |
 * | `service` | Categorical | defaults to `default`; reads and sorts as text |
 * | `commit_timestamp` | Datetime(us, UTC) | deploys: oldest commit in the deploy |
 * | `deploy_id` | Utf8 | incident starts: the deploy that caused it |
 *
 * @module
 */
import pl from "nodejs-polars";

/** The event types, in the order a start comes before its resolve at the same instant. */
export const EVENT_TYPES = ["deploy", "incident_start", "incident_resolved"] as const;
/** One of {@link EVENT_TYPES}. */
export type EventType = typeof EVENT_TYPES[number];

/** The service of an event that names none. */
export const DEFAULT_SERVICE = "default";

/** The columns a canonical file may carry; others are ignored. */
export const CANONICAL_COLUMNS = [
  "timestamp",
  "type",
  "id",
  "service",
  "commit_timestamp",
  "deploy_id",
] as const;
/** One of {@link CANONICAL_COLUMNS}. */
export type CanonicalColumn = typeof CANONICAL_COLUMNS[number];

/** Columns a file must have in its header, or the whole file is refused. */
export const REQUIRED_COLUMNS: readonly CanonicalColumn[] = ["timestamp", "type"];

/**
 * Polars datetime type used for every instant: microseconds, so that instants a fraction of a
 * millisecond apart stay apart and durations are not truncated (see `instants.ts` for crossing to
 * the milliseconds of JavaScript dates).
 */
export const INSTANT: pl.DataType = pl.Datetime("us", "UTC");

/**
 * The type of `service`: categorical, so that the many per-service group-bys and as-of joins over
 * millions of deploys compare small integer codes instead of strings. Values read, sort and
 * compare as the strings they are.
 */
export const SERVICE: pl.DataType = pl.Categorical;

/** The type of `type`: categorical too, three codes instead of millions of strings. */
export const EVENT_TYPE: pl.DataType = pl.Categorical;

/** One event as plain values, for hand-written inputs and the generator. */
export interface EventRecord {
  /** The instant of the event, ms since the epoch; a fraction keeps microseconds. */
  timestamp: number;
  /** What happened. */
  type: EventType;
  /** Incident id (required for incidents), or deploy id. */
  id?: string | null;
  /** The service; {@link DEFAULT_SERVICE} when absent. */
  service?: string | null;
  /** Deploys: the instant of the oldest commit in the deploy, ms since the epoch (as `timestamp`). */
  commit_timestamp?: number | null;
  /** Incident starts: the deploy that caused the incident. */
  deploy_id?: string | null;
}

/** A row that could not be used, and why. */
export interface Rejection {
  /** The input file, as given. */
  file: string;
  /** The 1-based line the row starts on. */
  line: number;
  /** Why it was rejected, naming the field: `timestamp: missing`. */
  reason: string;
}

/**
 * Orders rows in stream order: by time, a start before its resolve, then input order. `type_rank`
 * is the type's index in {@link EVENT_TYPES}.
 */
export const STREAM_ORDER = ["timestamp", "type_rank", "file", "line"];

/** Where a row is: its file's index, its line, and its element where records share the line. */
export interface RowPlace {
  /** The 1-based line. */
  line: pl.Expr;
  /** The index of the input file. */
  file: pl.Expr;
  /** A JSON record's 1-based place among its file's records, or null where its line is its own. */
  element?: pl.Expr;
}

/**
 * The id a deploy gets when its row has none: it names the row (its `line`, or its `element` where
 * records share a line; and its `file` when the run reads several), so it is stable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { generatedDeployId } from "./events.ts";
 *
 * const rows = pl.DataFrame([
 *   pl.Series("file", [0, 1], pl.Int32),
 *   pl.Series("line", [7, 1], pl.Int64),
 *   pl.Series("element", [null, 3], pl.Int64),
 * ]);
 * const place = { line: pl.col("line"), file: pl.col("file"), element: pl.col("element") };
 * const ids = (fileCount: number) =>
 *   rows.select(generatedDeployId(place, fileCount).alias("id")).getColumn("id").toArray();
 * assert.deepEqual(ids(2), ["file1-line-7", "file2-element-3"]);
 * assert.deepEqual(ids(1), ["line-7", "element-3"]);
 * ```
 */
export function generatedDeployId({ line, file, element }: RowPlace, fileCount: number): pl.Expr {
  // A literal 1 is a float in polars: cast, or file 0 reads "file1.0".
  const fileNumber = file.add(1).cast(pl.Int64);
  const byLine = fileCount > 1
    ? pl.format("file{}-line-{}", fileNumber, line)
    : pl.format("line-{}", line);
  if (element === undefined) return byLine;
  const byElement = fileCount > 1
    ? pl.format("file{}-element-{}", fileNumber, element)
    : pl.format("element-{}", element);
  return pl.when(element.isNotNull()).then(byElement).otherwise(byLine);
}

/**
 * A rejection reason, with the row's element where its line does not say which record it is:
 * `timestamp: missing [element 7]`. Reads the `element` column.
 */
export function withElement(reason: pl.Expr): pl.Expr {
  return pl.when(pl.col("element").isNotNull())
    .then(pl.format("{} [element {}]", reason, pl.col("element")))
    .otherwise(reason);
}

/**
 * Builds a typed events frame from plain records, numbered as lines 2, 3, … of one file, as if
 * written to a CSV with a header. The generator and the tests use it.
 *
 * @example A deploy without an id gets one from its line
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventsFromRecords } from "./events.ts";
 *
 * const frame = eventsFromRecords([{ timestamp: Date.UTC(2024, 0, 1, 10), type: "deploy" }]);
 * const [row] = frame.toRecords();
 * assert.deepEqual(
 *   [row.file, Number(row.line), row.id, row.id_given, row.service],
 *   [0, 2, "line-2", false, "default"],
 * );
 * assert.deepEqual(row.timestamp, new Date("2024-01-01T10:00:00Z"));
 * ```
 */
export function eventsFromRecords(records: readonly EventRecord[], file = 0): pl.DataFrame {
  const lines = records.map((_, index) => index + 2);
  const frame = pl.DataFrame({
    file: pl.Series("file", records.map(() => file), pl.Int32),
    line: pl.Series("line", lines, pl.Int64),
    ...msColumns("timestamp", records.map((r) => r.timestamp)),
    type: pl.Series("type", records.map((r) => r.type), pl.Utf8),
    id: pl.Series("id", records.map((r) => r.id ?? null), pl.Utf8),
    service: pl.Series("service", records.map((r) => r.service ?? null), pl.Utf8),
    ...msColumns("commit_timestamp", records.map((r) => r.commit_timestamp ?? null)),
    deploy_id: pl.Series("deploy_id", records.map((r) => r.deploy_id ?? null), pl.Utf8),
  });
  return frame.select(
    pl.col("file"),
    pl.col("line"),
    instantOfMs("timestamp"),
    pl.col("type").cast(EVENT_TYPE),
    pl.when(pl.col("id").isNull().and(pl.col("type").eq(pl.lit("deploy"))))
      .then(generatedDeployId({ line: pl.col("line"), file: pl.col("file") }, 1))
      .otherwise(pl.col("id")).alias("id"),
    pl.col("id").isNotNull().alias("id_given"),
    pl.col("service").fillNull(pl.lit(DEFAULT_SERVICE)).cast(SERVICE),
    instantOfMs("commit_timestamp"),
    pl.col("deploy_id"),
  );
}

/**
 * Instants in ms (a fraction keeps microseconds) as two columns of whole numbers, `<name>_ms` and
 * `<name>_us` (the microseconds past the millisecond): a float of microseconds since the epoch
 * would not hold every microsecond of far years exactly.
 */
function msColumns(name: string, values: readonly (number | null)[]): Record<string, pl.Series> {
  const whole = values.map((ms) => ms === null ? null : Math.floor(ms));
  const micros = values.map((ms, index) =>
    ms === null ? null : Math.round((ms - whole[index]!) * 1000)
  );
  return {
    [`${name}_ms`]: pl.Series(`${name}_ms`, whole, pl.Float64),
    [`${name}_us`]: pl.Series(`${name}_us`, micros, pl.Float64),
  };
}

/** The instant {@link msColumns} wrote under `name`, as {@link INSTANT}, in integer arithmetic. */
function instantOfMs(name: string): pl.Expr {
  return pl.col(`${name}_ms`).cast(pl.Int64).mul(pl.lit(1000).cast(pl.Int64))
    .add(pl.col(`${name}_us`).cast(pl.Int64)).cast(INSTANT).alias(name);
}
