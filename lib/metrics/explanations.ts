/**
 * Why each incident counts the way it does: its cause (an explicit `deploy_id`, or the latest
 * deploy of its service within the attribution window) or why it has none, and which metrics it
 * therefore counts toward. The facts are gathered with polars (the deploy a link names, the
 * latest deploy of the service before the start), and the sentences are written by polars too,
 * column by column: with half a million incidents, writing them one by one in JavaScript took
 * seconds.
 *
 * @module
 */
import pl from "nodejs-polars";
import { epochMicros } from "../core/instants.ts";
import { sortedByTime } from "./aggregate.ts";
import { withExplanations, withStoryTimes } from "./story_text.ts";

/** What {@link explainIncidents} needs besides the incidents. */
export interface ExplainOptions {
  /**
   * Every used deploy, inside the window or not (`id`, `service`, `timestamp`): the deploys the
   * incidents' causes were inferred from.
   */
  allDeploys: pl.DataFrame;
  /** The window's deploys: only they count in the change failure rate. */
  deploys: pl.DataFrame;
  /** The attribution window the causes were inferred with, in ms; null when inference was off. */
  attributionWindowMs: number | null;
}

/**
 * The facts behind each incident's story, one row per incident in the incidents' order: the
 * incident's `id`, `service`, `start_us`, `resolved_us`, `recovery_minutes`, `deploy_id`, `cause`
 * and `caused_by`; the deploy its `deploy_id` names (`named_service`, `named_us`, the first of that
 * id when an id repeats); the latest deploy of its service at or before its start, however old
 * (`latest_id`, `latest_us`); whether its cause is a deploy of the window (`cause_in_window`);
 * instants (`_us`) are microseconds since the epoch;
 * and the times its story tells, as {@link withStoryTimes} writes them (`recovery_text`,
 * `named_relative`, `latest_relative`, `latest_elapsed`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { storyFacts } from "./explanations.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "deploy", id: "d1", service: "api" },
 *   { timestamp: t + 60_000, type: "incident_start", id: "i1", service: "api" },
 * ]);
 * const [facts] = storyFacts(analysis.incidents, analysis).toRecords();
 * assert.deepEqual(
 *   [facts.caused_by, facts.latest_id, facts.latest_us, facts.cause_in_window],
 *   ["d1", "d1", t * 1000, true],
 * );
 * ```
 */
export function storyFacts(incidents: pl.DataFrame, options: ExplainOptions): pl.DataFrame {
  let facts: pl.DataFrame = incidents.select(
    "id",
    "service",
    epochMicros(pl.col("start")).alias("start_us"),
    epochMicros(pl.col("resolved")).alias("resolved_us"),
    "recovery_minutes",
    pl.col("deploy_id").cast(pl.Utf8),
    "cause",
    "caused_by",
  ).withRowIndex("row");
  const deploys = sortedByTime(options.allDeploys).select(
    "id",
    "service",
    epochMicros(pl.col("timestamp")).alias("timestamp_us"),
  );
  facts = facts.join(namedDeploys(facts, deploys), { on: "deploy_id", how: "left" });
  // The latest deploy of the incident's service at or before its start, however old: the one
  // inference takes when it is recent enough.
  if (facts.height > 0 && deploys.height > 0) {
    facts = facts.sort("start_us").joinAsof(
      deploys.select(
        "service",
        pl.col("id").alias("latest_id"),
        pl.col("timestamp_us").alias("latest_us"),
      ),
      {
        leftOn: "start_us",
        rightOn: "latest_us",
        by: "service",
        strategy: "backward",
        checkSortedness: false,
      },
    );
  } else {
    facts = facts.withColumns(
      pl.lit(null).cast(pl.Utf8).alias("latest_id"),
      pl.lit(null).cast(pl.Int64).alias("latest_us"),
    );
  }
  return withStoryTimes(
    withCauseInWindow(facts, options)
      .sort("row")
      .withColumns(
        pl.col("cause_in_window").fillNull(false),
        // Services are categorical; the stories are written from their text.
        ...["service", "named_service"].map((name) => pl.col(name).cast(pl.Utf8)),
      )
      .drop("row"),
  );
}

/** The deploys the incidents' `deploy_id`s name: the first of each id, by time. */
function namedDeploys(facts: pl.DataFrame, deploys: pl.DataFrame): pl.DataFrame {
  const named = facts.select(pl.col("deploy_id").dropNulls().unique());
  // Most data links nothing; then the millions of deploys are not gone through at all.
  const linked = named.height === 0 ? deploys.head(0) : deploys.withRowIndex("deploy_row")
    .join(named.select(pl.col("deploy_id").alias("id")), { on: "id", how: "semi" })
    .sort("deploy_row")
    .unique({ subset: ["id"], keep: "first", maintainOrder: true })
    .drop("deploy_row");
  return linked.select(
    pl.col("id").alias("deploy_id"),
    pl.col("service").alias("named_service"),
    pl.col("timestamp_us").alias("named_us"),
  );
}

/** `facts` with `cause_in_window`: whether the incident's cause is a deploy of the window. */
function withCauseInWindow(facts: pl.DataFrame, options: ExplainOptions): pl.DataFrame {
  if (options.deploys === options.allDeploys) {
    // Every deploy read is in the window: a cause is a window deploy when it names a deploy read,
    // as an inferred cause always does and an explicit one does when that deploy was found.
    const cause = pl.col("cause");
    return facts.withColumns(
      cause.eq(pl.lit("inferred"))
        .or(cause.eq(pl.lit("explicit")).and(pl.col("named_us").isNotNull()))
        .alias("cause_in_window"),
    );
  }
  const causes = facts.select(pl.col("caused_by").dropNulls().unique());
  const inWindow = options.deploys.select(pl.col("id").alias("caused_by"))
    .join(causes, { on: "caused_by", how: "semi" })
    .select(pl.col("caused_by").unique(), pl.lit(true).alias("cause_in_window"));
  return facts.join(inWindow, { on: "caused_by", how: "left" });
}

/**
 * One sentence pair per incident, in the incidents' order: why it has the cause it has (or none),
 * and what it counts toward. `incidents` are attributed (`deploy_id`, `cause`, `caused_by`, with
 * `start`, `resolved` and `recovery_minutes`).
 *
 * @example An inferred cause 15 h 20 min before, and an outage with no deploy behind it
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { explainIncidents } from "./explanations.ts";
 *
 * const at = Date.parse;
 * const analysis = analyzeRecords([
 *   { timestamp: at("2024-01-01T16:50:00Z"), type: "deploy", id: "d3", service: "api" },
 *   { timestamp: at("2024-01-02T08:10:00Z"), type: "incident_start", id: "i1", service: "api" },
 *   { timestamp: at("2024-01-02T08:50:00Z"), type: "incident_resolved", id: "i1" },
 *   { timestamp: at("2024-01-02T11:00:00Z"), type: "incident_start", id: "i3", service: "db" },
 * ]);
 * const [i1, i3] = explainIncidents(analysis.incidents, analysis);
 * assert.equal(
 *   i1,
 *   "Caused by d3: no deploy_id, so the latest deploy of service api at or before the start is " +
 *     "taken: d3, 15 h 20 min before the start, within the 24 h attribution window. It counts " +
 *     "toward the change failure rate (d3 failed), and with 40 min toward both failed deployment " +
 *     "recovery time and time to restore.",
 * );
 * assert.equal(
 *   i3,
 *   "No cause: no deploy_id, and no deploy of service db at or before the start. Still open and " +
 *     "caused by no deploy, it is in no median and marks no deploy as failed.",
 * );
 * ```
 */
export function explainIncidents(incidents: pl.DataFrame, options: ExplainOptions): string[] {
  if (incidents.height === 0) return [];
  return withExplanations(storyFacts(incidents, options), options)
    .getColumn("explanation").toArray() as string[];
}
