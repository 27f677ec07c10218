/**
 * One incident's story for `--explain ID`: when it started and ended, its cause or why it has
 * none, and what it counts toward.
 *
 * @module
 */
import { localDateTimeOf } from "../core/calendar.ts";
import { humanDuration } from "../core/duration.ts";
import type { IncidentSummary, Summary } from "../pipeline/summary.ts";
import { printable } from "./text_summary.ts";

/**
 * The incident that starts in the window with this id, or undefined.
 */
export function findIncident(summary: Summary, id: string): IncidentSummary | undefined {
  return summary.incidents.find((incident) => incident.id === id);
}

/**
 * The story as lines of text, control characters from input escaped.
 *
 * @example The issue-12 outage on db
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeRecords } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { findIncident, incidentStory } from "./incident_story.ts";
 *
 * const t = Date.UTC(2024, 0, 2, 11);
 * const summary = summarize(analyzeRecords([
 *   { timestamp: t, type: "incident_start", id: "i3", service: "db" },
 *   { timestamp: t + 20 * 60_000, type: "incident_resolved", id: "i3" },
 * ]));
 * assert.deepEqual(incidentStory(findIncident(summary, "i3")!, summary), [
 *   "Incident i3 (service db)",
 *   "   started 2024-01-02 11:00, resolved 2024-01-02 11:20 (UTC): recovered in 20 min",
 *   "   cause: none",
 *   "   No cause: no deploy_id, and no deploy of service db at or before the start. It counts " +
 *   "toward time to restore (20 min) only, not toward failed deployment recovery time or the " +
 *   "change failure rate.",
 * ]);
 * ```
 */
export function incidentStory(incident: IncidentSummary, summary: Summary): string[] {
  const zone = summary.window.timezone;
  const local = (iso: string) => localDateTimeOf(Date.parse(iso), zone);
  const ended = incident.resolved === null
    ? `still open at the end of the window (${zone})`
    : `resolved ${local(incident.resolved)} (${zone}): recovered in ${
      humanDuration(incident.recovery_minutes)
    }`;
  return [
    `Incident ${printable(incident.id)} (service ${printable(incident.service)})`,
    `   started ${local(incident.start)}, ${ended}`,
    `   cause: ${incident.caused_by === null ? "none" : printable(incident.caused_by)}`,
    `   ${printable(incident.explanation)}`,
  ];
}
