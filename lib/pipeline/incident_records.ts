/**
 * The JSON summary's `incidents`: one record per incident that starts in the window, with its
 * cause and why it has it (see `lib/metrics/explanations.ts`).
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "./analysis.ts";
import { explainIncidents } from "../metrics/explanations.ts";

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

/** How many of the incidents {@link incidentRecords} builds. */
export interface IncidentRecordsOptions {
  /** Only the first `limit` incidents, by start; default all. */
  limit?: number;
}

/**
 * The incidents as records, built column by column: with hundreds of thousands of incidents,
 * polars' row-by-row `toRecords` is several times slower.
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
 * assert.deepEqual(incidentRecords(analysis, { limit: 1 }).map((r) => r.id), ["i1"]);
 * ```
 */
export function incidentRecords(
  analysis: Analysis,
  { limit }: IncidentRecordsOptions = {},
): IncidentSummary[] {
  // The report lists the first few hundred: their stories, not a million of them.
  const incidents = limit === undefined ? analysis.incidents : analysis.incidents.head(limit);
  const columns = incidents.select(
    "id",
    "service",
    pl.col("start").cast(pl.Int64),
    pl.col("resolved").cast(pl.Int64),
    "recovery_minutes",
    "caused_by",
  );
  const [ids, services, starts, resolved, minutes, causes] = columns.columns.map((name) =>
    columns.getColumn(name).toArray()
  );
  const iso = isoFormatter();
  const explanations = explainIncidents(incidents, analysis);
  return ids.map((id, row) => ({
    id: String(id),
    service: String(services[row]),
    start: iso(Number(starts[row])),
    resolved: resolved[row] == null ? null : iso(Number(resolved[row])),
    recovery_minutes: finiteOrNull(minutes[row]),
    caused_by: (causes[row] ?? null) as string | null,
    explanation: explanations[row],
  }));
}

/**
 * `toISOString` for many instants: the date part is cached per day, since incidents cluster in
 * a window of days.
 */
function isoFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return (ms) => {
    const day = Math.floor(ms / 86_400_000);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * 86_400_000).toISOString().slice(0, 11);
      days.set(day, date);
    }
    const inDay = ms - day * 86_400_000;
    return `${date}${pad(Math.floor(inDay / 3_600_000), 2)}:${
      pad(Math.floor(inDay / 60_000) % 60, 2)
    }:` +
      `${pad(Math.floor(inDay / 1000) % 60, 2)}.${pad(inDay % 1000, 3)}Z`;
  };
}
