/**
 * The stream rules of the contract (spec section 1) applied to typed events: duplicates, repeated
 * starts, and resolves that cannot close an incident. Every row comes out either used or rejected.
 *
 * Used events come back split by type, because everything downstream works on one type at a time
 * and splitting once saves copying millions of deploys again and again.
 *
 * @module
 */
import pl from "nodejs-polars";
import { EVENT_TYPES, type EventType, STREAM_ORDER, withElement } from "./events.ts";

/** What the stream rules make of typed events: the used ones by type, and the rejected rows. */
export interface RuledEvents {
  /** Used deploys, in input order. */
  deploys: pl.DataFrame;
  /** The kept start of each incident, in stream order. */
  starts: pl.DataFrame;
  /** The resolve that closed each incident, in stream order. */
  resolves: pl.DataFrame;
  /** `file`, `line`, `reason` of every row the rules rejected. */
  rejected: pl.DataFrame;
}

/** All used events as one frame, in stream order (see {@link STREAM_ORDER}): for display and small inputs. */
export function usedEvents(
  { deploys, starts, resolves }: Pick<RuledEvents, "deploys" | "starts" | "resolves">,
): pl.DataFrame {
  return pl.concat([deploys, starts, resolves]).sort(STREAM_ORDER);
}

/**
 * "line 12" when the other row is in the same file, "line 12 of deploys.csv" otherwise; "line 1,
 * element 3" for a record that shares its line. The columns are named by their prefix:
 * `start_file`, `start_line` and `start_element` for "start".
 */
function lineReference(sourceNames: readonly string[], { prefix }: { prefix: string }): pl.Expr {
  const [file, line, element] = ["file", "line", "element"].map((name) => `${prefix}_${name}`);
  const indexes = sourceNames.map((_, index) => String(index));
  const fileName = pl.col(file).cast(pl.Utf8).replace(indexes, [...sourceNames]);
  const place = pl.when(pl.col(element).isNotNull())
    .then(pl.format("line {}, element {}", pl.col(line), pl.col(element)))
    .otherwise(pl.format("line {}", pl.col(line)));
  return pl.when(pl.col(file).eq(pl.col("file")))
    .then(place)
    .otherwise(pl.format("{} of {}", place, fileName));
}

/** The place columns of the rows a reason may point at, under `prefix`: see {@link lineReference}. */
function placeOf(prefix: string): pl.Expr[] {
  return ["file", "line", "element"].map((name) => pl.col(name).alias(`${prefix}_${name}`));
}

function rejectedRows(frame: pl.DataFrame): pl.DataFrame {
  return frame.select("file", "line", withElement(pl.col("reason")).alias("reason"));
}

/**
 * Rows without a given id compare by service, so two id-less deploys of different services at
 * the same second are two deploys.
 */
const DUPLICATE_ID = pl.when(pl.col("id_given")).then(pl.col("id")).otherwise(
  pl.format("\u0000{}", pl.col("service")),
);

/**
 * Whether any two rows might share the duplicate key: a hash of each key, sorted, with equal
 * neighbours. Hashing columns one by one and sorting 64-bit numbers is far faster on millions of
 * rows than grouping the key itself; a shared hash only means "look closer".
 */
function keyHashes({ allIdsGiven }: { allIdsGiven: boolean }): pl.Expr {
  // Polars computes both branches of a `when` for every row: skip the one no row takes.
  const idHash = allIdsGiven
    ? pl.col("id").hash(1, 2, 3, 4)
    : pl.when(pl.col("id_given")).then(pl.col("id").hash(1, 2, 3, 4))
      .otherwise(pl.col("service").hash(5, 6, 7, 8));
  return pl.struct([pl.col("type").hash(9, 10, 11, 12), idHash, pl.col("timestamp").cast(pl.Int64)])
    .hash()
    .alias("key_hash");
}

/**
 * Rows that repeat an earlier row's type, id and instant, with the reason naming the first. A row
 * is itself by its position, never by its line: records of a one-line JSON array share line 1.
 */
function findDuplicates(events: pl.DataFrame, sourceNames: readonly string[]): pl.DataFrame {
  const sharedHash = pl.col("key_hash").eq(pl.col("key_hash").shift(1))
    .or(pl.col("key_hash").eq(pl.col("key_hash").shift(-1)));
  const allIdsGiven = Boolean(events.select(pl.col("id_given").all()).row(0)[0]);
  const anyShared = events.lazy().select(keyHashes({ allIdsGiven })).sort("key_hash")
    .select(sharedHash.any().alias("shared")).collectSync().row(0)[0];
  const positioned = events.withRowIndex("position");
  if (!anyShared) return positioned.head(0).withColumns(pl.lit(null).cast(pl.Utf8).alias("reason"));
  const candidates = positioned.lazy().select(pl.col("position"), keyHashes({ allIdsGiven }))
    .sort("key_hash").filter(sharedHash).select("position").collectSync();
  // Judged in input order: the first row stays, later copies are rejected.
  const duplicateKey = ["type", "duplicate_id", "timestamp"] as const;
  const first = (name: string) => pl.col(name).first().over(...duplicateKey).alias(`first_${name}`);
  const inInputOrder = positioned.join(candidates, { on: "position", how: "semi" })
    .sort(["file", "line", "position"])
    .withColumns(DUPLICATE_ID.alias("duplicate_id"))
    .withColumns(first("position"), first("file"), first("line"), first("element"));
  return inInputOrder
    .filter(pl.col("position").neq(pl.col("first_position")))
    .withColumns(
      pl.format(
        "duplicate: same type, id and timestamp as {}",
        lineReference(sourceNames, { prefix: "first" }),
      )
        .alias("reason"),
    );
}

/**
 * Applies the stream rules. `sourceNames[i]` names file index `i` in reasons that point at
 * another row.
 *
 * @example A repeated start is rejected, naming the row it repeats
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventsFromRecords } from "./events.ts";
 * import { applyEventRules } from "./event_rules.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const events = eventsFromRecords([
 *   { timestamp: t, type: "incident_start", id: "inc-1" },
 *   { timestamp: t, type: "incident_start", id: "inc-1" },
 *   { timestamp: t + 60_000, type: "incident_resolved", id: "inc-1" },
 * ]);
 * const { starts, resolves, rejected } = applyEventRules(events, ["events.csv"]);
 * assert.deepEqual([starts.height, resolves.height], [1, 1]);
 * assert.deepEqual(rejected.toRecords().map((row) => [Number(row.line), row.reason]), [
 *   [3, "duplicate: same type, id and timestamp as line 2"],
 * ]);
 * ```
 */
export function applyEventRules(typed: pl.DataFrame, sourceNames: readonly string[]): RuledEvents {
  // Reasons name a row's element where records share a line; sources without the column
  // (hand-written records) get it here.
  const events = typed.columns.includes("element")
    ? typed
    : typed.withColumns(pl.lit(null).cast(pl.Int64).alias("element"));
  const duplicates = findDuplicates(events, sourceNames);
  // Joins drop the input order that stream order falls back on: restore it only when needed.
  const inStreamOrder = (frame: pl.DataFrame) =>
    frame.sort({ by: "timestamp", maintainOrder: true });
  const unique = duplicates.height === 0
    ? events
    : events.withRowIndex("position").join(duplicates.select("position"), {
      on: "position",
      how: "anti",
    })
      .drop("position");
  const ofType = (type: EventType) =>
    unique.filter(pl.col("type").eq(pl.lit(type))).withColumns(
      pl.lit(EVENT_TYPES.indexOf(type)).cast(pl.Int8).alias("type_rank"),
    );

  // An incident starts once: the earliest start wins. Rows arrive in input order, so a stable
  // sort by time alone puts them in stream order.
  const starts = inStreamOrder(ofType("incident_start")).withColumns(
    pl.col("id").isFirstDistinct().alias("kept"),
  );
  const keptStarts = starts.filter(pl.col("kept"));
  const startReference = keptStarts.select(
    "id",
    ...placeOf("start"),
    pl.col("timestamp").alias("start_timestamp"),
  );
  const laterStarts = starts.filter(pl.col("kept").not()).join(startReference, {
    on: "id",
    how: "left",
  }).withColumns(
    pl.format(
      'incident_start: incident "{}" already started earlier, at {} (the earliest start is kept)',
      pl.col("id"),
      lineReference(sourceNames, { prefix: "start" }),
    ).alias("reason"),
  );

  // A resolve closes its incident once, at or after the start.
  const resolves = ofType("incident_resolved").join(startReference, { on: "id", how: "left" });
  const orphan = pl.col("start_timestamp").isNull();
  const early = pl.col("timestamp").lt(pl.col("start_timestamp"));
  const closing = inStreamOrder(resolves.filter(orphan.not().and(early.not())))
    .withColumns(pl.col("id").isFirstDistinct().alias("kept"));
  const closingReference = closing.filter(pl.col("kept")).select("id", ...placeOf("resolve"));
  const unclosable = resolves.filter(orphan.or(early)).withColumns(
    pl.when(orphan)
      .then(pl.format('incident_resolved: no incident_start for id "{}"', pl.col("id")))
      .otherwise(pl.format(
        'incident_resolved: before the start of incident "{}" ({})',
        pl.col("id"),
        lineReference(sourceNames, { prefix: "start" }),
      )).alias("reason"),
  );
  const secondResolves = closing.filter(pl.col("kept").not()).join(closingReference, {
    on: "id",
    how: "left",
  }).withColumns(
    pl.format(
      'incident_resolved: incident "{}" was already resolved at {}',
      pl.col("id"),
      lineReference(sourceNames, { prefix: "resolve" }),
    ).alias("reason"),
  );

  // The element only serves the rules: the used events keep the columns of `events.ts`.
  const columns = [
    ...unique.columns.filter((name) => name !== "element"),
    "type_rank",
  ];
  return {
    deploys: ofType("deploy").select(...columns),
    starts: keptStarts.select(...columns),
    resolves: closing.filter(pl.col("kept")).select(...columns),
    rejected: pl.concat([
      rejectedRows(duplicates),
      rejectedRows(laterStarts),
      rejectedRows(unclosable),
      rejectedRows(secondResolves),
    ]),
  };
}
