/**
 * Why each incident counts the way it does: its cause (an explicit `deploy_id`, or the latest
 * deploy of its service within the attribution window) or why it has none, and which metrics it
 * therefore counts toward. The facts are gathered with polars (the deploy a link names, the
 * latest deploy of the service before the start); the sentences are then written per incident.
 *
 * @module
 */
import pl from "nodejs-polars";
import { humanDuration } from "../core/duration.ts";
import { sortedByTime } from "./aggregate.ts";

/** What {@link explainIncidents} needs besides the incidents. */
export interface ExplainOptions {
  /** Every used deploy, inside the window or not: `id`, `service`, `timestamp`. */
  allDeploys: pl.DataFrame;
  /** The window's deploys: only they count in the change failure rate. */
  deploys: pl.DataFrame;
  /** The attribution window the causes were inferred with, in ms; null when inference was off. */
  attributionWindowMs: number | null;
}

const MINUTE_MS = 60_000;

/**
 * An elapsed time to the minute, as a person says it: "45 s", "40 min", "3 h", "15 h 20 min",
 * "24 h", "2 d 3 h".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { elapsedText } from "./explanations.ts";
 *
 * const minute = 60_000;
 * assert.deepEqual(
 *   [45_000, 40 * minute, 180 * minute, 920 * minute, 1440 * minute, 3060 * minute].map(elapsedText),
 *   ["45 s", "40 min", "3 h", "15 h 20 min", "24 h", "2 d 3 h"],
 * );
 * ```
 */
export function elapsedText(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.floor(ms / 1000)} s`;
  const minutes = Math.floor(ms / MINUTE_MS);
  // Days from two on, as humanDuration does: "24 h", not "1 d".
  const days = minutes >= 2880 ? Math.floor(minutes / 1440) : 0;
  const hours = Math.floor((minutes - days * 1440) / 60);
  const rest = minutes % 60;
  const parts: [number, string][] = days > 0
    ? [[days, "d"], [hours, "h"]]
    : [[hours, "h"], [rest, "min"]];
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`);
  return shown.join(" ");
}

/** The facts behind each incident's story, one row per incident in the incidents' order. */
function storyFacts(incidents: pl.DataFrame, options: ExplainOptions): pl.DataFrame {
  const ordered: pl.DataFrame = incidents.select(
    "id",
    "service",
    "start",
    "recovery_minutes",
    "deploy_id",
    "cause",
    "caused_by",
  )
    .withRowIndex("row");
  const deploys = sortedByTime(options.allDeploys).select("id", "service", "timestamp");
  // The deploy an explicit link names (the first of that id when an id repeats).
  const named: pl.DataFrame = deploys.unique({ subset: ["id"], keep: "first", maintainOrder: true })
    .select(
      pl.col("id").alias("deploy_id"),
      pl.col("service").alias("named_service"),
      pl.col("timestamp").alias("named_at"),
    );
  let facts: pl.DataFrame = ordered.join(named, { on: "deploy_id", how: "left" });
  // The latest deploy of the incident's service at or before its start, however old: the one
  // inference takes when it is recent enough.
  if (facts.height > 0 && deploys.height > 0) {
    facts = facts.sort("start").joinAsof(
      deploys.select(
        "service",
        pl.col("id").alias("latest_id"),
        pl.col("timestamp").alias("latest_at"),
      ),
      {
        leftOn: "start",
        rightOn: "latest_at",
        by: "service",
        strategy: "backward",
        checkSortedness: false,
      },
    );
  } else {
    facts = facts.withColumns(
      pl.lit(null).cast(pl.Utf8).alias("latest_id"),
      pl.lit(null).cast(pl.Int64).alias("latest_at"),
    );
  }
  const windowIds = options.deploys.select(pl.col("id").alias("caused_by")).unique()
    .withColumns(pl.lit(true).alias("cause_in_window"));
  return facts.join(windowIds, { on: "caused_by", how: "left" })
    .sort("row")
    .select(
      "service",
      pl.col("start").cast(pl.Int64).alias("start_ms"),
      "recovery_minutes",
      "deploy_id",
      "cause",
      "caused_by",
      "named_service",
      pl.col("named_at").cast(pl.Int64).alias("named_ms"),
      "latest_id",
      pl.col("latest_at").cast(pl.Int64).alias("latest_ms"),
      pl.col("cause_in_window").fillNull(false),
    );
}

interface Facts {
  service: string;
  startMs: number;
  recoveryMinutes: number | null;
  deployId: string | null;
  cause: string | null;
  causedBy: string | null;
  namedService: string | null;
  namedMs: number | null;
  latestId: string | null;
  latestMs: number | null;
  causeInWindow: boolean;
}

function relativeToStart(deployMs: number, startMs: number): string {
  if (deployMs === startMs) return "at the start";
  return deployMs < startMs
    ? `${elapsedText(startMs - deployMs)} before the start`
    : `${elapsedText(deployMs - startMs)} after the start`;
}

function causeSentence(facts: Facts, windowText: string | null): string {
  const { service, startMs } = facts;
  if (facts.cause === "explicit") {
    const id = facts.deployId!;
    if (facts.namedMs === null) {
      return `Caused by ${id}: its deploy_id names that deploy (an explicit link, used as given), ` +
        `though no deploy ${id} was read.`;
    }
    const across = facts.namedService !== service ? `, across services` : "";
    return `Caused by ${id}: its deploy_id names that deploy (an explicit link, used as given` +
      `${across}); ${id} is a deploy of ${facts.namedService}, ${
        relativeToStart(facts.namedMs, startMs)
      }.`;
  }
  if (facts.cause === "inferred") {
    const id = facts.causedBy!;
    const gap = facts.latestMs === null ? "" : `, ${relativeToStart(facts.latestMs, startMs)}`;
    return `Caused by ${id}: no deploy_id, so the latest deploy of service ${service} at or ` +
      `before the start is taken: ${id}${gap}, within the ${windowText} attribution window.`;
  }
  if (windowText === null) {
    return "No cause: no deploy_id, and inference is off (--attribution-window none).";
  }
  if (facts.latestId === null || facts.latestMs === null) {
    return `No cause: no deploy_id, and no deploy of service ${service} at or before the start.`;
  }
  return `No cause: no deploy_id, and the latest deploy of service ${service}, ${facts.latestId}, ` +
    `was ${elapsedText(startMs - facts.latestMs)} before the start, outside the ${windowText} ` +
    `attribution window.`;
}

function countsSentence(facts: Facts): string {
  const recovery = facts.recoveryMinutes === null ? null : humanDuration(facts.recoveryMinutes);
  const id = facts.causedBy;
  if (id === null) {
    return recovery === null
      ? "Still open and caused by no deploy, it is in no median and marks no deploy as failed."
      : `It counts toward time to restore (${recovery}) only, not toward failed deployment ` +
        `recovery time or the change failure rate.`;
  }
  const failure = facts.causeInWindow
    ? `It counts toward the change failure rate (${id} failed)`
    : `${id} is not a deploy of the window, so the change failure rate does not count it`;
  return recovery === null
    ? `${failure}; still open, it is in no recovery median yet.`
    : `${failure}, and with ${recovery} toward both failed deployment recovery time and time ` +
      `to restore.`;
}

/**
 * One sentence pair per incident, in the incidents' order: why it has the cause it has (or none),
 * and what it counts toward. `incidents` are attributed (`deploy_id`, `cause`, `caused_by`, with
 * `start` and `recovery_minutes`).
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
  const frame = storyFacts(incidents, options);
  const column = (name: string) => frame.getColumn(name).toArray();
  const [services, starts, minutes, deployIds, causes, causedBy, namedServices, namedAt] = [
    "service",
    "start_ms",
    "recovery_minutes",
    "deploy_id",
    "cause",
    "caused_by",
    "named_service",
    "named_ms",
  ].map(column);
  const [latestIds, latestAt, inWindow] = ["latest_id", "latest_ms", "cause_in_window"].map(column);
  const windowText = options.attributionWindowMs === null
    ? null
    : elapsedText(options.attributionWindowMs);
  const number = (value: unknown) => (value == null ? null : Number(value));
  const text = (value: unknown) => (value == null ? null : String(value));
  return services.map((service, row) => {
    const facts: Facts = {
      service: String(service),
      startMs: Number(starts[row]),
      recoveryMinutes: number(minutes[row]),
      deployId: text(deployIds[row]),
      cause: text(causes[row]),
      causedBy: text(causedBy[row]),
      namedService: text(namedServices[row]),
      namedMs: number(namedAt[row]),
      latestId: text(latestIds[row]),
      latestMs: number(latestAt[row]),
      causeInWindow: Boolean(inWindow[row]),
    };
    return `${causeSentence(facts, windowText)} ${countsSentence(facts)}`;
  });
}
