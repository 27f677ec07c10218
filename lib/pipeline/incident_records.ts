/**
 * The JSON summary's `incidents`: one record per incident that starts in the window, with its
 * cause and why it has it (see `lib/metrics/explanations.ts`).
 *
 * @module
 */
import pl from "nodejs-polars";
import { INSTANT } from "../core/events.ts";
import { epochMillis, instantAt } from "../core/instants.ts";
import type { Analysis } from "./analysis.ts";
import { type ExplainOptions, storyFacts } from "../metrics/explanations.ts";
import { textPerValue, withExplanations } from "../metrics/story_text.ts";

/** One incident that starts in the window. */
export interface IncidentSummary {
  /** The incident's id. */
  id: string;
  /** The service it happened to. */
  service: string;
  /** When it started, ISO 8601 UTC. */
  start: string;
  /** When it was resolved, ISO 8601 UTC; null while open. */
  resolved: string | null;
  /** `resolved − start` in minutes; null while open. */
  recovery_minutes: number | null;
  /** The deploy that caused it (explicit or inferred), or null. */
  caused_by: string | null;
  /**
   * Why it has that cause (an explicit `deploy_id`, or the latest deploy of its service within the
   * attribution window) or none, and which metrics it counts toward.
   */
  explanation: string;
}

function finiteOrNull(value: unknown): number | null {
  if (value == null) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Which incidents {@link incidentFacts} and {@link incidentRecords} give. */
export interface IncidentSelection {
  /** Only the first this many, by start (a report's table); all by default. */
  limit?: number;
}

/**
 * The facts each incident record is written from, one row per incident that starts in the
 * window, by start (see `storyFacts` in `lib/metrics/explanations.ts`).
 */
export function incidentFacts(
  analysis: Analysis,
  { limit }: IncidentSelection = {},
): pl.DataFrame {
  if (limit === undefined || limit >= analysis.incidents.height) {
    return storyFacts(analysis.incidents, analysis);
  }
  const shown = analysis.incidents.head(limit);
  return storyFacts(shown, deploysInStories(shown, analysis));
}

/**
 * The deploys the stories of `shown` can name, in their frames' order: those whose id an incident
 * links to or was attributed to, and those of the incidents' services up to the last start (the
 * latest deploy before a start is among them). The stories come out the same as over every deploy,
 * but the explanation's sort, unique and as-of join touch a few thousand rows, not millions.
 */
function deploysInStories(shown: pl.DataFrame, analysis: Analysis): ExplainOptions {
  const distinct = (names: string[]) =>
    [...new Set(names.flatMap((name) => shown.getColumn(name).toArray()))]
      .filter((value) => value != null).map(String);
  const linked = pl.col("id").isIn(distinct(["deploy_id", "caused_by"]));
  // Deploys before the millisecond after the last start's: a few more than needed, never fewer.
  const lastStartMs = Number(shown.select(epochMillis(pl.col("start").max())).row(0)[0]);
  const early = pl.col("timestamp").lt(instantAt(lastStartMs + 1));
  // The cheap tests run over every deploy, the service test only over the few rows left.
  const allDeploys = analysis.allDeploys.filter(linked.or(early))
    .filter(linked.or(early.and(pl.col("service").isIn(distinct(["service"])))));
  return {
    allDeploys,
    // The same frame when every deploy read is in the window: the stories then take their fast
    // path for whether a cause is a window deploy.
    deploys: analysis.deploys === analysis.allDeploys
      ? allDeploys
      : analysis.deploys.filter(linked),
    attributionWindowMs: analysis.attributionWindowMs,
  };
}

// The instants strftime writes as toISOString does: years 0000 to 9999.
const FIRST_FOUR_DIGIT_YEAR_MS = Date.parse("0000-01-01T00:00:00.000Z");
const LAST_FOUR_DIGIT_YEAR_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A column of microseconds since the epoch (Int64) as ISO 8601 UTC text: an instant of whole
 * milliseconds exactly as `toISOString` writes it (`2024-01-02T03:04:05.006Z`), one with more with
 * six digits of fraction (`2024-01-02T03:04:05.006007Z`); null stays null. Years outside
 * 0000–9999, which `toISOString` writes with six digits and a sign, are written by `toISOString`
 * itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { isoInstantExpr } from "./incident_records.ts";
 *
 * const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
 * const frame = pl.DataFrame({ us: [ms * 1000, null, -1000, ms * 1000 + 7, -1] })
 *   .select(pl.col("us").cast(pl.Int64));
 * assert.deepEqual(
 *   frame.select(isoInstantExpr(frame, "us").alias("iso")).getColumn("iso").toArray(),
 *   [
 *     "2024-01-02T03:04:05.006Z",
 *     null,
 *     "1969-12-31T23:59:59.999Z",
 *     "2024-01-02T03:04:05.006007Z",
 *     "1969-12-31T23:59:59.999999Z",
 *   ],
 * );
 * ```
 */
export function isoInstantExpr(frame: pl.DataFrame, column: string): pl.Expr {
  const instant = pl.col(column).cast(INSTANT);
  const pastMillisecond = pl.col(column).modulo(pl.lit(1000).cast(pl.Int64));
  const [min, max, anyPastMillisecond] = frame.select(
    epochMillis(instant.min()).alias("min"),
    epochMillis(instant.max()).alias("max"),
    pastMillisecond.neq(0).any().alias("past"),
  )
    .row(0).map((value) => (value == null ? null : Number(value)));
  const toMillisecond =
    min !== null && (min < FIRST_FOUR_DIGIT_YEAR_MS || max! > LAST_FOUR_DIGIT_YEAR_MS)
      ? textPerValue(frame, epochMillis(instant), (ms) => new Date(ms).toISOString())
      : instant.dt.strftime("%Y-%m-%dT%H:%M:%S%.3fZ");
  if (!anyPastMillisecond) return toMillisecond;
  // The three digits past the millisecond, before the Z: 1000 + 7 is "1007", less its "1".
  const digits = pastMillisecond.add(pl.lit(1000).cast(pl.Int64)).cast(pl.Utf8).str.slice(1);
  return pl.when(pastMillisecond.eq(0)).then(toMillisecond)
    .otherwise(toMillisecond.str.replace("Z", pl.format("{}Z", digits), true));
}

/**
 * The incidents as records. Every text is written by polars, column by column: with hundreds of
 * thousands of incidents, building them one by one is several times slower.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "./analysis.ts";
 * import { incidentRecords } from "./incident_records.ts";
 *
 * const t = Date.UTC(2024, 0, 1, 10);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "i1", service: "db" },
 *   { timestamp: t + 90_000, type: "incident_resolved", id: "i1" },
 *   { timestamp: t + 60_000, type: "incident_start", id: "i2", service: "db" },
 * ]);
 * const [record] = incidentRecords(analysis);
 * assert.deepEqual(
 *   [record.start, record.resolved, record.recovery_minutes, record.caused_by],
 *   ["2024-01-01T10:00:00.000Z", "2024-01-01T10:01:30.000Z", 1.5, null],
 * );
 * assert.match(record.explanation, /^No cause: no deploy_id, and no deploy of service db/);
 * assert.deepEqual(incidentRecords(analysis).map((r) => r.id), ["i1", "i2"]);
 * assert.deepEqual(incidentRecords(analysis, { limit: 1 }), [record]);
 * ```
 */
export function incidentRecords(
  analysis: Analysis,
  selection: IncidentSelection = {},
): IncidentSummary[] {
  const facts = withExplanations(incidentFacts(analysis, selection), analysis);
  if (facts.height === 0) return [];
  const columns = facts.select(
    "id",
    "service",
    isoInstantExpr(facts, "start_us").alias("start"),
    isoInstantExpr(facts, "resolved_us").alias("resolved"),
    "recovery_minutes",
    "caused_by",
    "explanation",
  );
  const [ids, services, starts, resolved, minutes, causes, explanations] = columns.columns.map((
    name,
  ) => columns.getColumn(name).toArray());
  return ids.map((id, row) => ({
    id: String(id),
    service: String(services[row]),
    start: String(starts[row]),
    resolved: (resolved[row] ?? null) as string | null,
    recovery_minutes: finiteOrNull(minutes[row]),
    caused_by: (causes[row] ?? null) as string | null,
    explanation: String(explanations[row]),
  }));
}
