/**
 * The stream rules of the contract (spec section 1) applied to typed events: duplicates, repeated
 * starts, and resolves that cannot close an incident. Every row comes out either used or rejected.
 *
 * @example
 * ```ts
 * import { eventsFromRecords } from "./events.ts";
 * import { applyEventRules } from "./event_rules.ts";
 * const t = Date.UTC(2024, 0, 1, 10);
 * const events = eventsFromRecords([
 *   { timestamp: t, type: "incident_start", id: "inc-1" },
 *   { timestamp: t, type: "incident_start", id: "inc-1" },
 * ]);
 * const { used, rejected } = applyEventRules(events, ["events.csv"]);
 * console.assert(used.height === 1 && rejected.height === 1);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import { STREAM_ORDER, typeRank } from "./events.ts";

export interface RuledEvents {
  /** Events that passed every rule, in stream order, with a `type_rank` column. */
  used: pl.DataFrame;
  /** `file`, `line`, `reason` of every row the rules rejected. */
  rejected: pl.DataFrame;
}

/** "line 12" when the other row is in the same file, "line 12 of deploys.csv" otherwise. */
function lineReference(sourceNames: readonly string[], fileColumn: string, lineColumn: string): pl.Expr {
  const indexes = sourceNames.map((_, index) => String(index));
  const fileName = pl.col(fileColumn).cast(pl.Utf8).replace(indexes, [...sourceNames]);
  return pl.when(pl.col(fileColumn).eq(pl.col("file")))
    .then(pl.format("line {}", pl.col(lineColumn)))
    .otherwise(pl.format("line {} of {}", pl.col(lineColumn), fileName));
}

function rejectedRows(frame: pl.DataFrame): pl.DataFrame {
  return frame.select("file", "line", "reason");
}

/**
 * Applies the stream rules. `sourceNames[i]` names file index `i` in reasons that point at
 * another row.
 */
export function applyEventRules(events: pl.DataFrame, sourceNames: readonly string[]): RuledEvents {
  // Duplicates are judged in input order: the first row stays, later copies are rejected.
  // Rows without a given id compare by service too, so two id-less deploys of different
  // services at the same second are two deploys.
  const duplicateKey = ["type", "duplicate_id", "timestamp"] as const;
  const inInputOrder = events.sort(["file", "line"]).withColumns(
    pl.when(pl.col("id_given")).then(pl.col("id")).otherwise(pl.format("\u0000{}", pl.col("service")))
      .alias("duplicate_id"),
  ).withColumns(
    pl.col("file").first().over(...duplicateKey).alias("first_file"),
    pl.col("line").first().over(...duplicateKey).alias("first_line"),
  );
  const isDuplicate = pl.col("file").neq(pl.col("first_file")).or(pl.col("line").neq(pl.col("first_line")));
  const duplicates = inInputOrder.filter(isDuplicate).withColumns(
    pl.format("duplicate: same type, id and timestamp as {}", lineReference(sourceNames, "first_file", "first_line"))
      .alias("reason"),
  );
  const unique = inInputOrder.filter(isDuplicate.not())
    .drop(["duplicate_id", "first_file", "first_line"])
    .withColumns(typeRank().alias("type_rank"))
    .sort(STREAM_ORDER);

  // An incident starts once: the earliest start wins.
  const starts = unique.filter(pl.col("type").eq(pl.lit("incident_start")))
    .withColumns(
      pl.col("id").isFirstDistinct().alias("kept"),
      pl.col("file").first().over("id").alias("start_file"),
      pl.col("line").first().over("id").alias("start_line"),
      pl.col("timestamp").first().over("id").alias("start_timestamp"),
    );
  const keptStarts = starts.filter(pl.col("kept"));
  const laterStarts = starts.filter(pl.col("kept").not()).withColumns(
    pl.format(
      'incident_start: incident "{}" already started earlier, at {} (the earliest start is kept)',
      pl.col("id"),
      lineReference(sourceNames, "start_file", "start_line"),
    ).alias("reason"),
  );

  // A resolve closes its incident once, at or after the start.
  const resolves = unique.filter(pl.col("type").eq(pl.lit("incident_resolved")))
    .join(
      keptStarts.select("id", "start_file", "start_line", "start_timestamp"),
      { on: "id", how: "left" },
    );
  const orphan = pl.col("start_timestamp").isNull();
  const early = pl.col("timestamp").lt(pl.col("start_timestamp"));
  const closing = resolves.filter(orphan.not().and(early.not())).sort(STREAM_ORDER).withColumns(
    pl.col("id").isFirstDistinct().alias("kept"),
    pl.col("file").first().over("id").alias("resolve_file"),
    pl.col("line").first().over("id").alias("resolve_line"),
  );
  const unclosable = resolves.filter(orphan.or(early)).withColumns(
    pl.when(orphan)
      .then(pl.format('incident_resolved: no incident_start for id "{}"', pl.col("id")))
      .otherwise(pl.format(
        'incident_resolved: before the start of incident "{}" ({})',
        pl.col("id"),
        lineReference(sourceNames, "start_file", "start_line"),
      )).alias("reason"),
  );
  const secondResolves = closing.filter(pl.col("kept").not()).withColumns(
    pl.format(
      'incident_resolved: incident "{}" was already resolved at {}',
      pl.col("id"),
      lineReference(sourceNames, "resolve_file", "resolve_line"),
    ).alias("reason"),
  );

  const columns = unique.columns;
  const used = pl.concat([
    unique.filter(pl.col("type").eq(pl.lit("deploy"))),
    keptStarts.select(...columns),
    closing.filter(pl.col("kept")).select(...columns),
  ]).sort(STREAM_ORDER);
  const rejected = pl.concat([
    rejectedRows(duplicates),
    rejectedRows(laterStarts),
    rejectedRows(unclosable),
    rejectedRows(secondResolves),
  ]);
  return { used, rejected };
}
