/**
 * Turns rows of text (any canonical source) into typed events, rejecting malformed rows.
 *
 * Two passes keep large inputs fast: a streaming pass parses every row and decides, with cheap
 * checks only, whether it is well formed; rows that fail go through the detailed pass, which finds
 * the reason (or, for the rare spellings the fast pass skips, such as a space instead of `T`,
 * accepts them). The text of well-formed rows is never held.
 *
 * Input: a frame of Utf8 columns named as in {@link CANONICAL_COLUMNS} (missing ones are treated as
 * empty), plus `file` (Int32) and `line` (Int64), and optionally `reason` (Utf8): a reason the
 * source already found (a broken JSON line, a vendor record we cannot use), which rejects the row
 * before any other check, with `has_reason` (Bool) saying whether there is one (the fast pass reads
 * only the flag, so a CSV formats its reasons only for the rows that have one), and `filtered_by` (Utf8): the name of the rule that left the row out on
 * purpose, which makes the row filtered instead of rejected. Output: the typed events frame
 * described in `events.ts`, the rejected rows with a reason that names the field, and the filtered
 * rows with their filter and reason, so that `read = used + rejected + filtered`.
 *
 * @module
 */
import pl from "nodejs-polars";
import { minutesBetween } from "../core/instants.ts";
import type { SourceScan } from "./read_events.ts";
import {
  CANONICAL_COLUMNS,
  DEFAULT_SERVICE,
  EVENT_TYPE,
  EVENT_TYPES,
  generatedDeployId,
  INSTANT,
  SERVICE,
  withElement,
} from "../core/events.ts";

/** Date, time, optional fraction and optional offset; the offset is checked separately. */
const INSTANT_SHAPE = String
  .raw`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}(:?\d{2})?)?$`;
const OFFSET_SUFFIX = String.raw`([Zz]|[+-]\d{2}(:?\d{2})?)$`;
const QUOTED_VALUE_LIMIT = 60;

// nodejs-polars' `strptime` always searches for the pattern inside the string and skips the
// cache; the exact, cached call is 5× faster on large files, so we reach the binding directly.
// Instants are read to the microsecond, and the events keep them so (see `events.ts`).
// deno-lint-ignore no-explicit-any
type RawExpr = { _expr: any };
function parseExact(text: pl.Expr, format: string): pl.Expr {
  // deno-lint-ignore no-explicit-any
  const wrap = (pl as any)._Expr as (inner: unknown) => pl.Expr;
  return wrap(
    (text as unknown as RawExpr)._expr.strToDatetime(
      format,
      "us",
      undefined,
      false,
      true,
      true,
      undefined,
    ),
  );
}

/**
 * Parses ISO 8601 instants that carry `Z` or an offset, to the microsecond. A `T` separator takes
 * the fast path; a space separator (RFC 3339) is parsed only when some row needs it.
 */
function parseInstants(frame: pl.DataFrame, column: string): pl.Series {
  const text = pl.col(column);
  const fast = parseExact(text, "%Y-%m-%dT%H:%M:%S%.f%#z");
  const needsSlowPath = frame.select(
    fast.isNull().and(text.str.contains(INSTANT_SHAPE)).and(text.str.contains(OFFSET_SUFFIX)).any()
      .alias("slow"),
  ).row(0)[0];
  // nodejs-polars takes only Datetime("ms") here, but asks polars for no unit: "%+" reads to the
  // microsecond (and the cast keeps them).
  const slow = text.str.strptime(pl.Datetime("ms"), "%+").cast(INSTANT);
  const parsed = needsSlowPath ? fast.cast(INSTANT).fillNull(slow) : fast;
  return frame.select(parsed.cast(INSTANT).alias(column)).getColumn(column);
}

function quoted(column: string): pl.Expr {
  return pl.format('"{}"', pl.col(column).str.slice(0, QUOTED_VALUE_LIMIT));
}

/**
 * The reason a present instant is unusable, or null (a missing one is checked before, where it
 * is required). `parsed` names the parsed column.
 */
function instantProblem(column: string, { parsed }: { parsed: string }): pl.Expr {
  const text = pl.col(column);
  return pl
    .when(text.isNull()).then(pl.lit(null).cast(pl.Utf8))
    .when(text.str.contains(INSTANT_SHAPE).and(text.str.contains(OFFSET_SUFFIX).not()))
    .then(
      pl.format(
        `${column}: no UTC offset, so the instant is ambiguous: {} (add Z or ±hh:mm)`,
        quoted(column),
      ),
    )
    .when(pl.col(parsed).isNull().or(text.str.contains(INSTANT_SHAPE).not()))
    .then(pl.format(`${column}: not an ISO 8601 instant: {}`, quoted(column)))
    .otherwise(pl.lit(null).cast(pl.Utf8));
}

/** Missing canonical columns become null columns; empty strings become null. */
function normalizeText<T extends pl.DataFrame | pl.LazyDataFrame>(raw: T): T {
  const present = new Set(raw.columns);
  return (raw as pl.LazyDataFrame).select(
    pl.col("file"),
    pl.col("line"),
    (present.has("element") ? pl.col("element") : pl.lit(null).cast(pl.Int64)).alias("element"),
    (present.has("reason") ? pl.col("reason") : pl.lit(null).cast(pl.Utf8)).alias("source_reason"),
    pl.col("has_reason"),
    (present.has("filtered_by") ? pl.col("filtered_by") : pl.lit(null).cast(pl.Utf8)).alias(
      "filtered_by",
    ),
    ...CANONICAL_COLUMNS.map((name) =>
      present.has(name)
        ? pl.when(pl.col(name).eq(pl.lit(""))).then(pl.lit(null).cast(pl.Utf8)).otherwise(
          pl.col(name),
        ).alias(name)
        : pl.lit(null).cast(pl.Utf8).alias(name)
    ),
    ...["multiline", "row_key"].filter((name) => present.has(name)).map((name) => pl.col(name)),
  ) as T;
}

/** The typed columns of a well-formed row (see `events.ts`), from its parsed instants. */
function typedColumns(
  { timestamp, commitTimestamp }: { timestamp: pl.Expr; commitTimestamp: pl.Expr },
): pl.Expr[] {
  const type = pl.col("type");
  return [
    pl.col("file"),
    pl.col("line"),
    pl.col("element"),
    timestamp.cast(INSTANT).alias("timestamp"),
    type.cast(EVENT_TYPE),
    pl.col("id"),
    pl.col("id").isNotNull().alias("id_given"),
    pl.col("service").fillNull(pl.lit(DEFAULT_SERVICE)).cast(SERVICE),
    pl.when(type.eq(pl.lit("deploy"))).then(commitTimestamp.cast(INSTANT))
      .otherwise(pl.lit(null).cast(INSTANT))
      .alias("commit_timestamp"),
    pl.when(type.eq(pl.lit("incident_start"))).then(pl.col("deploy_id")).otherwise(
      pl.lit(null).cast(pl.Utf8),
    )
      .alias("deploy_id"),
  ];
}

/** Where a row is: the columns a generated deploy id names. */
const ROW_PLACE = { line: pl.col("line"), file: pl.col("file"), element: pl.col("element") };

/** `id`, or the id generated from the row's place where it has none. */
function withGeneratedIds(fileCount: number): pl.Expr {
  return pl.when(pl.col("id").isNull()).then(generatedDeployId(ROW_PLACE, fileCount))
    .otherwise(pl.col("id")).alias("id");
}

/** The result of parsing: usable typed events and rejected rows (`file`, `line`, `reason`). */
export interface ParsedRows {
  /** The typed events frame described in `events.ts`, in input order. */
  events: pl.DataFrame;
  /** `file` (an index), `line`, `reason` of every rejected row. */
  rejected: pl.DataFrame;
}

/** The detailed pass: every check, with the reason named, on rows held as text. */
function parseRowsDetailed(raw: pl.DataFrame): ParsedRows {
  const text = normalizeText(raw);
  const withInstants = text.withColumns(
    parseInstants(text, "timestamp").alias("parsed_timestamp"),
    parseInstants(text, "commit_timestamp").alias("parsed_commit_timestamp"),
  );
  const type = pl.col("type");
  const isDeploy = type.eq(pl.lit("deploy"));
  const leadMinutes = minutesBetween(pl.col("parsed_timestamp"), pl.col("parsed_commit_timestamp"));
  // Checks in order, each on the rows no earlier check rejected: polars computes every branch
  // of an expression for every row, so one big expression costs seconds on millions of bad rows.
  const checks = [
    pl.col("source_reason"),
    pl.when(pl.col("timestamp").isNull()).then(pl.lit("timestamp: missing"))
      .otherwise(pl.lit(null).cast(pl.Utf8)),
    instantProblem("timestamp", { parsed: "parsed_timestamp" }),
    pl.when(type.isNull()).then(pl.lit("type: missing"))
      .when(type.isIn([...EVENT_TYPES]).not())
      .then(
        pl.format(
          `type: unknown event type {} (expected ${EVENT_TYPES.join(", ")})`,
          quoted("type"),
        ),
      )
      .otherwise(pl.lit(null).cast(pl.Utf8)),
    pl.when(isDeploy.not().and(pl.col("id").isNull()))
      .then(pl.format("id: missing (required for {})", type))
      .otherwise(pl.lit(null).cast(pl.Utf8)),
    pl.when(isDeploy)
      .then(
        instantProblem("commit_timestamp", { parsed: "parsed_commit_timestamp" }),
      )
      .otherwise(pl.lit(null).cast(pl.Utf8)),
    pl.when(isDeploy.and(leadMinutes.lt(0)))
      .then(
        pl.format(
          "commit_timestamp: after the deploy, a negative lead time of {} minutes",
          leadMinutes.abs(),
        ),
      )
      .otherwise(pl.lit(null).cast(pl.Utf8)),
  ];
  let rest = withInstants.withRowIndex("detail_row");
  const found: pl.DataFrame[] = [];
  for (const check of checks) {
    if (rest.height === 0) break;
    const judged = rest.withColumns(check.alias("reason"));
    found.push(
      judged.filter(pl.col("reason").isNotNull())
        .select("detail_row", "file", "line", withElement(pl.col("reason")).alias("reason")),
    );
    rest = judged.filter(pl.col("reason").isNull()).drop("reason");
  }
  const rejected = found.length === 0
    ? withInstants.head(0).select("file", "line", pl.col("source_reason").alias("reason"))
    : pl.concat(found).sort("detail_row").drop("detail_row");
  const events = rest.select(
    ...typedColumns({
      timestamp: pl.col("parsed_timestamp"),
      commitTimestamp: pl.col("parsed_commit_timestamp"),
    }),
    pl.col("row_key"),
  );
  return { events, rejected };
}

/** The start of every accepted instant; the fast parser alone would also take `2024-1-1` or `+2024`. */
const INSTANT_PREFIX = String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}`;
const FAST_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%#z";

/** What {@link parseRows} gives: the parsed rows, and how many rows were read. */
export interface ParsedSource extends ParsedRows {
  /** Rows read: used, rejected or filtered. */
  read: number;
  /**
   * `file` (an index), `line`, `filtered_by` (the filter's name) and `reason` of every row an adapter's rule or a filter
   * flag left out on purpose, in input order.
   */
  filtered: pl.DataFrame;
}

/**
 * Parses the rows of a {@link SourceScan} to typed events. `fileCount` decides the shape of
 * generated deploy ids, which must stay unique across files.
 *
 * @example A well-formed row becomes an event; a row without a UTC offset is rejected
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRows } from "./parse_rows.ts";
 * import { scanSources } from "./read_events.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".csv" });
 * await Deno.writeTextFile(
 *   path,
 *   "timestamp,type\n2024-01-01T10:00:00Z,deploy\n2024-01-01T10:00:00,deploy\n",
 * );
 * const { events, rejected, read } = parseRows(scanSources([path]), 1);
 * assert.equal(read, 2);
 * assert.deepEqual(events.getColumn("id").toArray(), ["line-2"]);
 * assert.equal(rejected.getColumn("line").toArray().map(Number)[0], 3);
 * assert.match(String(rejected.getColumn("reason").get(0)), /^timestamp: no UTC offset/);
 * ```
 */
export function parseRows(source: SourceScan, fileCount: number): ParsedSource {
  // Vendor records can give two rows one line (a start and its resolve): rows are keyed by position.
  const keyed = source.rows.withRowIndex("row_key");
  const text = normalizeText(keyed);
  // Each instant is parsed once, into a column of its own, and read from there.
  const timestamp = pl.col("parsed_timestamp");
  const commitTimestamp = pl.col("parsed_commit_timestamp");
  const type = pl.col("type");
  const isDeploy = type.eq(pl.lit("deploy"));
  const commitFine = pl.col("commit_timestamp").isNull().or(
    commitTimestamp.isNotNull()
      .and(pl.col("commit_timestamp").str.contains(INSTANT_PREFIX))
      .and(commitTimestamp.ltEq(timestamp)),
  );
  const wellFormed = pl.col("has_reason").not()
    .and(pl.col("filtered_by").isNull())
    .and(timestamp.isNotNull())
    .and(pl.col("timestamp").str.contains(INSTANT_PREFIX))
    .and(type.isIn([...EVENT_TYPES]))
    .and(isDeploy.or(pl.col("id").isNotNull()))
    .and(isDeploy.not().or(commitFine));
  const firstPass = source.collect(
    text.withColumns(
      parseExact(pl.col("timestamp"), FAST_FORMAT).cast(INSTANT).alias("parsed_timestamp"),
      parseExact(pl.col("commit_timestamp"), FAST_FORMAT).cast(INSTANT)
        .alias("parsed_commit_timestamp"),
    ).select(
      ...typedColumns({ timestamp, commitTimestamp }),
      wellFormed.fillNull(false).alias("well_formed"),
      pl.col("filtered_by"),
      // Without filters no row has a filter reason, and the source's reasons are not needed yet.
      (keyed.columns.includes("filtered_by")
        ? pl.when(pl.col("filtered_by").isNotNull()).then(pl.col("source_reason"))
          .otherwise(pl.lit(null).cast(pl.Utf8))
        : pl.lit(null).cast(pl.Utf8)).alias("filter_reason"),
      pl.col("row_key"),
      pl.col("multiline"),
    ),
  );
  const read = firstPass.height;
  // Most inputs have no multiline cell, no filtered and no malformed row: then no frame of
  // millions of rows is filtered (copied) for nothing.
  const [multilineRows, filteredRows, malformedRows] = firstPass.select(
    pl.col("multiline").sum(),
    pl.col("filtered_by").isNotNull().sum(),
    pl.col("well_formed").not().sum(),
  ).row(0).map(Number);
  const multilineFiles = multilineRows === 0 ? [] : firstPass.filter(pl.col("multiline"))
    .select(pl.col("file").unique().sort()).getColumn("file").toArray() as number[];
  let filtered = (filteredRows === 0 ? firstPass.head(0) : firstPass)
    .filter(pl.col("filtered_by").isNotNull())
    .select("file", "line", "filtered_by", withElement(pl.col("filter_reason")).alias("reason"));
  let events = (malformedRows === 0 ? firstPass : firstPass.filter(pl.col("well_formed"))).drop([
    "well_formed",
    "filtered_by",
    "filter_reason",
    "multiline",
  ]);
  let rejected = pl.DataFrame({
    file: pl.Series("file", [], pl.Int32),
    line: pl.Series("line", [], pl.Int64),
    reason: pl.Series("reason", [], pl.Utf8),
  });
  const suspects = (malformedRows === filteredRows ? firstPass.head(0) : firstPass)
    .filter(pl.col("well_formed").not().and(pl.col("filtered_by").isNull()))
    .select("row_key");
  if (suspects.height > 0) {
    // Read the suspects' text again (a re-scan for files on disk) and give each its reason.
    const suspectText = source.collect(keyed.join(suspects.lazy(), { on: "row_key", how: "semi" }));
    const detailed = parseRowsDetailed(suspectText.drop("multiline"));
    // Later stages rely on input order: file, then line, then the order within a shared line.
    events = pl.concat([events, detailed.events.select(...events.columns)])
      .sort(["file", "line", "row_key"]);
    rejected = detailed.rejected;
  }
  events = events.drop("row_key");
  if (multilineFiles.length > 0) {
    events = source.correctLines(events, multilineFiles);
    rejected = source.correctLines(rejected, multilineFiles);
    filtered = source.correctLines(filtered, multilineFiles);
  }
  // Ids are generated once, last: they name the (corrected) line, and only rows without one get
  // one (formatting an id for every one of millions of rows costs more than parsing them).
  if (events.getColumn("id").nullCount() > 0) {
    events = events.withColumns(withGeneratedIds(fileCount));
  }
  return { events, rejected, read, filtered };
}
