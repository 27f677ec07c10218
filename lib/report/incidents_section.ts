/**
 * The report's incident table: every incident of the window (the first few hundred of a large
 * one), with its recovery time, its cause and why it has that cause or none, so each number of
 * the scorecard can be traced to the incidents behind it.
 *
 * @module
 */
import { localDateTimeOf } from "../core/calendar.ts";
import { humanDuration } from "../core/duration.ts";
import { incidentRecords } from "../pipeline/incident_records.ts";
import type { Summary } from "../pipeline/summary.ts";
import type { Analysis } from "../pipeline/analysis.ts";
import { markup } from "./escape_html.ts";
import { htmlTable, type ReportSection } from "./html.ts";

/** Incidents listed in the report; the total is always stated. */
export const INCIDENT_ROWS_SHOWN = 200;

/** What {@link incidentsSection} lists. */
export interface IncidentsSectionOptions {
  /** The summary's analysis: then only the rows shown are built. */
  analysis?: Analysis;
  /** How many incidents to list. Default {@link INCIDENT_ROWS_SHOWN}. */
  rowsShown?: number;
}

/**
 * The incidents section: a row per incident with its cause and the reason for it.
 *
 * @example The issue-12 outage: no deploy of db, so no cause
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { incidentsSection } from "./incidents_section.ts";
 *
 * const t = Date.UTC(2024, 0, 2, 11);
 * const analysis = analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "i3", service: "db" },
 *   { timestamp: t + 20 * 60_000, type: "incident_resolved", id: "i3" },
 * ]);
 * const summary = summarize(analysis);
 * const section = incidentsSection(summary, { analysis });
 * assert.equal(section.body.html, incidentsSection(summary).body.html);
 * assert.equal(section.id, "incidents");
 * assert.ok(section.body.html.includes("<td class=\"text\">2024-01-02 11:00</td><td class=\"text\">20 min</td>"));
 * assert.ok(section.body.html.includes("No cause: no deploy_id, and no deploy of service db"));
 * ```
 */
export function incidentsSection(
  summary: Summary,
  { analysis, rowsShown = INCIDENT_ROWS_SHOWN }: IncidentsSectionOptions = {},
): ReportSection {
  const { recovery, window } = summary;
  const title = "Incidents, and why each counts the way it does";
  if (recovery.incidents === 0) {
    return { id: "incidents", title, body: markup`<p>No incidents in the window.</p>` };
  }
  // With the analysis, only the rows shown are built: a million incidents' stories cost seconds.
  const incidents = analysis
    ? incidentRecords(analysis, { limit: rowsShown })
    : summary.incidents.slice(0, rowsShown);
  const table = htmlTable(
    // The cause and the resolve time are in the sentence; few columns leave it room to read.
    ["incident", "service", "start", "recovery", "why it counts the way it does"],
    incidents.map((incident) => [
      incident.id,
      incident.service,
      // Date.parse keeps the milliseconds of a start written to the microsecond, as charts do.
      localDateTimeOf(Date.parse(incident.start), window.timezone),
      incident.recovery_minutes === null ? "still open" : humanDuration(incident.recovery_minutes),
      incident.explanation,
    ]),
    { wide: true },
  );
  const count = incidents.length < recovery.incidents
    ? `The first ${incidents.length} of ${recovery.incidents} incidents (all in --json).`
    : `${recovery.incidents} ${recovery.incidents === 1 ? "incident" : "incidents"}.`;
  return {
    id: "incidents",
    title,
    body: markup`<p>${count} Times are ${window.timezone}. An incident's cause is its
explicit deploy_id, else the latest deploy of its service within the attribution window; only
deploy-caused incidents count toward failed deployment recovery time.</p>${table}`,
  };
}
