/**
 * The short human summary the CLI prints, in the spirit of the original demo: where the events
 * came from, the window, and the numbers behind each chart.
 *
 * @module
 */
import { isoWeekdayOf, localDateTimeOf } from "../core/calendar.ts";
import { roundHalfUp } from "../core/duration.ts";
import { printableText } from "../charts/visible_text.ts";
import { scorecard, scorecardLines } from "./scorecard.ts";
import type { Summary } from "../pipeline/summary.ts";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** Longer windows print only min, median and max of the daily counts. */
const MAX_DAYS_LISTED = 31;
/** Longer incident lists print only the summary line. */
const MAX_INCIDENTS_LISTED = 20;

/**
 * Control characters from input would drive the terminal, and bidi controls would reorder the
 * line; show them escaped instead (see `printableText`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printable } from "./text_summary.ts";
 * assert.equal(printable("red\u001b[31m\tbell\u0007"), "red\\u001b[31m\\u0009bell\\u0007");
 * assert.equal(printable("evil\u202egnp.exe"), "evil\\u202egnp.exe");
 * assert.equal(printable("api-1 ✓"), "api-1 ✓");
 * ```
 */
export function printable(text: string): string {
  return printableText(text);
}

/**
 * 2.71 / 5,760.5 / 4,032,276: readable both in the demo and at scale.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./text_summary.ts";
 * assert.deepEqual([2.714, 5760.54, 4032276, 3.0000001, null].map(formatNumber), [
 *   "2.71", "5,760.5", "4,032,276", "3", "n/a",
 * ]);
 * ```
 */
export function formatNumber(value: number | null): string {
  if (value === null) return "n/a";
  if (Number.isInteger(Math.round(value * 1e6) / 1e6)) {
    return Math.round(value).toLocaleString("en-US");
  }
  const digits = Math.abs(value) < 100 ? 2 : 1;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/**
 * "79.7 min (1h 20m)".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatMinutes } from "./text_summary.ts";
 * assert.equal(formatMinutes(12.34), "12.3 min");
 * assert.equal(formatMinutes(41.55), "41.6 min"); // 41 min 33 s, rounded half up
 * assert.equal(formatMinutes(79.7), "79.7 min (1h 20m)");
 * assert.equal(formatMinutes(1500), "1500.0 min (1d 1h 00m)");
 * assert.equal(formatMinutes(null), "n/a");
 * ```
 */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "n/a";
  const text = `${roundHalfUp(minutes, 1).toFixed(1)} min`;
  const rounded = Math.round(minutes);
  if (rounded < 60) return text;
  const days = Math.floor(rounded / 1440);
  const hours = Math.floor((rounded % 1440) / 60);
  const rest = rounded % 60;
  const parts = days > 0
    ? `${days}d ${hours}h ${String(rest).padStart(2, "0")}m`
    : `${hours}h ${String(rest).padStart(2, "0")}m`;
  return `${text} (${parts})`;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sourceLine(summary: Summary): string {
  const { source, window } = summary;
  if (source.kind === "synthetic") {
    const profile = source.profile ? `, profile=${source.profile}` : "";
    const scenario = source.scenario ? `, scenario=${source.scenario}` : "";
    return `synthetic, seed=${source.seed}, days=${window.days}${profile}${scenario}`;
  }
  return source.files.map(printable).join(", ");
}

/** `, 5 filtered (environment 2, workflow 3)`, or nothing when no row was filtered. */
function filteredText(filtered: Summary["events"]["filtered"]): string {
  if (filtered.rows === 0) return "";
  const perFilter = Object.entries(filtered.by_filter)
    .map(([filter, rows]) => `${filter} ${formatNumber(rows)}`).join(", ");
  return `, ${formatNumber(filtered.rows)} filtered (${perFilter})`;
}

/**
 * The summary as lines of text.
 *
 * @example Seed 42: the source, the window, and a section per chart
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { textSummary } from "./text_summary.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * const lines = textSummary(summary).split("\n");
 * assert.equal(lines[0], "Source: synthetic, seed=42, days=14");
 * assert.equal(lines[1], "Window: 2024-01-01 .. 2024-01-14 (14 days, UTC)");
 * assert.deepEqual(lines.filter((line) => /^\d\) /.test(line)), [
 *   "1) Deployment frequency",
 *   "2) Deployments per day",
 *   "3) Recovery time per incident",
 *   "4) Scorecard (DORA 2023 performance levels)",
 * ]);
 * ```
 */
export function textSummary(summary: Summary): string {
  const { window, events, deployment_frequency: frequency, recovery } = summary;
  const lines: string[] = [];
  const typeCounts = {
    deploy: frequency.deploys,
    incident_start: recovery.incidents,
    incident_resolved: recovery.resolved,
  };
  lines.push(`Source: ${sourceLine(summary)}`);
  lines.push(`Window: ${window.start} .. ${window.end} (${window.days} days, ${window.timezone})`);
  lines.push(
    `Events: ${formatNumber(events.read)} read, ${formatNumber(events.used)} used, ` +
      `${formatNumber(events.rejected.length)} rejected` +
      (events.outside_window ? `, ${formatNumber(events.outside_window)} outside the window` : "") +
      filteredText(events.filtered) +
      ` (${
        Object.entries(typeCounts).map(([type, n]) => `${type}=${formatNumber(n)}`).join(", ")
      }); ` +
      `services: ${Object.keys(summary.by_service).length}`,
  );
  lines.push("");

  const perWeek = frequency.per_day === null ? null : frequency.per_day * 7;
  lines.push("1) Deployment frequency");
  lines.push(
    `   ${formatNumber(frequency.deploys)} deploys in ${window.days} days = ${
      formatNumber(frequency.per_day)
    }/day ` +
      `(${formatNumber(perWeek)}/week); deployed on ${frequency.deploy_days}/${window.days} days`,
  );
  lines.push(
    `   median deploy days per week: ${
      formatNumber(frequency.median_deploy_days_per_week)
    }, median deploys per deploy day: ${
      formatNumber(frequency.median_deploys_per_deploy_day)
    }; class: ${frequency.class}`,
  );

  lines.push("2) Deployments per day");
  const daily = summary.deploys_per_day;
  if (daily.length <= MAX_DAYS_LISTED) {
    const width = Math.max(5, ...daily.map((d) => formatNumber(d.deploys).length));
    for (const day of daily) {
      lines.push(
        `   ${day.date} ${WEEKDAYS[isoWeekdayOf(day.date) - 1]} ${
          formatNumber(day.deploys).padStart(width)
        }`,
      );
    }
  }
  const counts = daily.map((d) => d.deploys);
  lines.push(
    `   min ${formatNumber(Math.min(...counts))}, median ${formatNumber(median(counts))}, max ${
      formatNumber(Math.max(...counts))
    }`,
  );

  lines.push("3) Recovery time per incident");
  lines.push(
    `   incidents: ${formatNumber(recovery.incidents)}, resolved: ${
      formatNumber(recovery.resolved)
    }, ` +
      `still open: ${formatNumber(recovery.unresolved)}`,
  );
  // Checked on the count first: listing a large summary's incidents would build them all.
  if (recovery.incidents <= MAX_INCIDENTS_LISTED) {
    const idWidth = Math.max(...summary.incidents.map((i) => printable(i.id).length), 4);
    const serviceWidth = Math.max(...summary.incidents.map((i) => printable(i.service).length), 7);
    for (const incident of summary.incidents) {
      const started = localDateTimeOf(Date.parse(incident.start), window.timezone);
      const outcome = incident.recovery_minutes === null
        ? "still open"
        : `recovered in ${formatMinutes(incident.recovery_minutes)}`;
      lines.push(
        `   ${printable(incident.id).padEnd(idWidth)}  ${
          printable(incident.service).padEnd(serviceWidth)
        }  ` +
          `started ${started}  ${outcome}`,
      );
    }
  }
  lines.push(
    `   MTTR mean ${formatMinutes(recovery.mean_minutes)}, median ${
      formatMinutes(recovery.median_minutes)
    }`,
  );
  const failed = summary.failed_deployment_recovery;
  lines.push(
    `   time to restore (all ${formatNumber(recovery.incidents)} incidents): median ${
      formatMinutes(recovery.median_minutes)
    }; failed deployment recovery time (the ${
      formatNumber(failed.incidents)
    } deploy-caused): median ${formatMinutes(failed.median_minutes)} over ${
      formatNumber(failed.resolved)
    } resolved`,
  );

  lines.push(`4) Scorecard (DORA ${summary.tiers.report_year} performance levels)`);
  lines.push(...scorecardLines(scorecard(summary)));
  return lines.join("\n");
}

/**
 * Up to `limit` rejected rows as `file:line: reason` lines, and a count of the rest.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { rejectedLines } from "./text_summary.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * const rejected = [1, 2, 3].map((line) => ({ file: "a.csv", line, reason: "type: missing" }));
 * const withRejections = { ...summary, events: { ...summary.events, rejected } };
 * assert.deepEqual(rejectedLines(withRejections, 2), [
 *   "a.csv:1: type: missing",
 *   "a.csv:2: type: missing",
 *   "… and 1 more rejected rows",
 * ]);
 * ```
 */
export function rejectedLines(summary: Summary, limit = 20): string[] {
  const { rejected } = summary.events;
  const lines = rejected.slice(0, limit).map((r) =>
    `${printable(r.file)}:${r.line}: ${printable(r.reason)}`
  );
  if (rejected.length > limit) {
    lines.push(`… and ${formatNumber(rejected.length - limit)} more rejected rows`);
  }
  return lines;
}
