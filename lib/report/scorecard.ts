/**
 * The scorecard: the five DORA metrics with value, unit and level, and the report year beside
 * every level. The CLI, the HTML report and the notebook all show these rows.
 *
 * @module
 */
import { humanDuration } from "../core/duration.ts";
import type { Summary } from "../pipeline/summary.ts";
import type { LevelName } from "../metrics/tiers/tables.ts";

/** One metric of the scorecard. */
export interface ScorecardRow {
  /** The metric's name, e.g. "Change lead time". */
  metric: string;
  /** The measured number in `unit`, or null when there is nothing to measure. */
  value: number | null;
  /** The unit of `value`, e.g. "minutes (median)". */
  unit: string;
  /** The value as a person reads it, with its context. */
  display: string;
  /** The DORA level, or null when not measured or when the report has no levels for it. */
  tier: LevelName | null;
  /** The DORA report whose levels rate the metric. */
  reportYear: number;
  /** Why there is no level, when there is none. */
  note: string | null;
  /** Which incidents or deploys the figure covers and which it leaves out, when that needs saying. */
  coverage?: string;
  /** The level comes from a cell of the report's table that no source verifies. */
  unverified?: boolean;
}

function percent(rate: number | null): string {
  return rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`;
}

/** "1 incident", "2 incidents". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * What failed deployment recovery time covers: the deploy-caused incidents only, how many
 * incidents no deploy caused it leaves out, and time to restore over all incidents beside it.
 *
 * @example One outage no deploy caused
 * ```ts
 * import assert from "node:assert/strict";
 * import { recoveryCoverage } from "./scorecard.ts";
 *
 * const recovery = { resolved: 3, unresolved: 1, mean_minutes: 140, median_minutes: 40 };
 * const text = recoveryCoverage({
 *   failed_deployment_recovery: { ...recovery, incidents: 3, resolved: 2 },
 *   time_to_restore: { ...recovery, incidents: 4 },
 * });
 * assert.equal(
 *   text,
 *   "Rated on deploy-caused incidents only (DORA since 2023); 1 incident no deploy caused is " +
 *     "left out. Time to restore over all 3 resolved incidents: 40 min median (MTTR mean 2.3 h), " +
 *     "1 still open.",
 * );
 * ```
 */
export function recoveryCoverage(
  summary: Pick<Summary, "failed_deployment_recovery" | "time_to_restore">,
): string {
  const { failed_deployment_recovery: failed, time_to_restore: all } = summary;
  const leftOut = all.incidents - failed.incidents;
  const left = leftOut === 0
    ? "; every incident has a deploy cause"
    : `; ${plural(leftOut, "incident")} no deploy caused ${leftOut === 1 ? "is" : "are"} left out`;
  return `Rated on deploy-caused incidents only (DORA since 2023)${left}. Time to restore over all ` +
    `${plural(all.resolved, "resolved incident")}: ${humanDuration(all.median_minutes)} median ` +
    `(MTTR mean ${humanDuration(all.mean_minutes)}), ${all.unresolved} still open.`;
}

/**
 * The five DORA metrics of a summary with value, unit, level and report year.
 *
 * @example Seed 42: five rows, each rated by the 2023 report unless there is no level for it
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { scorecard } from "./scorecard.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * const rows = scorecard(summary);
 * assert.deepEqual(rows.map((row) => row.metric), [
 *   "Deployment frequency",
 *   "Change lead time",
 *   "Change failure rate",
 *   "Failed deployment recovery time",
 *   "Deployment rework rate",
 * ]);
 * assert.deepEqual([rows[0].value, rows[0].tier, rows[0].reportYear], [summary.deployment_frequency.per_day, "Elite", 2023]);
 * assert.deepEqual([rows[4].tier, rows[4].note], [null, "the 2023 report gives no levels for rework"]);
 * ```
 */
export function scorecard(summary: Summary): ScorecardRow[] {
  const {
    deployment_frequency: frequency,
    lead_time: lead,
    change_failure_rate: failure,
    failed_deployment_recovery: failedRecovery,
    rework_rate: rework,
    tiers,
  } = summary;
  const year = tiers.report_year;
  const measured = (
    value: number | null,
    { tier, what }: { tier: LevelName | null; what: string },
  ) => value === null ? `no ${what} in the window` : tier === null ? "no level" : null;
  const rows: ScorecardRow[] = [
    {
      metric: "Deployment frequency",
      value: frequency.per_day,
      unit: "deploys/day",
      display: `${
        frequency.per_day === null ? "n/a" : frequency.per_day.toFixed(2)
      }/day (${frequency.class})`,
      tier: tiers.deployment_frequency,
      reportYear: year,
      note: null,
    },
    {
      metric: "Change lead time",
      value: lead.median_minutes,
      unit: "minutes (median)",
      display: `${humanDuration(lead.median_minutes)} median over ${lead.changes} changes`,
      tier: tiers.lead_time,
      reportYear: year,
      note: measured(lead.median_minutes, { tier: tiers.lead_time, what: "commit times" }),
    },
    {
      metric: "Change failure rate",
      value: failure.rate,
      unit: "share of deploys",
      display: `${percent(failure.rate)} (${failure.failed_deploys} of ${failure.deploys} deploys)`,
      tier: tiers.change_failure_rate,
      reportYear: year,
      note: measured(failure.rate, { tier: tiers.change_failure_rate, what: "deploys" }),
    },
    {
      metric: "Failed deployment recovery time",
      value: failedRecovery.median_minutes,
      unit: "minutes (median)",
      display:
        `${humanDuration(failedRecovery.median_minutes)} median over ${
          plural(failedRecovery.resolved, "deploy-caused incident")
        }` + (failedRecovery.unresolved ? `, ${failedRecovery.unresolved} still open` : ""),
      tier: tiers.failed_deployment_recovery,
      reportYear: year,
      note: measured(failedRecovery.median_minutes, {
        tier: tiers.failed_deployment_recovery,
        what: "resolved deploy-caused incidents",
      }),
      coverage: recoveryCoverage(summary),
    },
    {
      metric: "Deployment rework rate",
      value: rework.rate,
      unit: "share of deploys",
      display: `${percent(rework.rate)} (${rework.rework_deploys} of ${rework.deploys} deploys)`,
      tier: null,
      reportYear: year,
      note: `the ${year} report gives no levels for rework`,
    },
  ];
  // The tiers key each row's level comes from, in row order.
  const keys = [
    "deployment_frequency",
    "lead_time",
    "change_failure_rate",
    "failed_deployment_recovery",
  ];
  return rows.map((row, index) =>
    tiers.unverified.includes(keys[index] ?? "") ? { ...row, unverified: true } : row
  );
}

/**
 * A row's level as printed: "High (DORA 2024)", with "†" when its cell is not verified.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { levelText } from "./scorecard.ts";
 *
 * assert.equal(levelText({ tier: "High", reportYear: 2024, unverified: true }), "High (DORA 2024) †");
 * assert.equal(levelText({ tier: "Elite", reportYear: 2023 }), "Elite (DORA 2023)");
 * assert.equal(levelText({ tier: null, reportYear: 2023 }), null);
 * ```
 */
export function levelText(
  row: Pick<ScorecardRow, "tier" | "reportYear" | "unverified">,
): string | null {
  if (!row.tier) return null;
  return `${row.tier} (DORA ${row.reportYear})${row.unverified ? ` ${UNVERIFIED_MARK}` : ""}`;
}

/** Marks a level read from a table cell that no source verifies. */
export const UNVERIFIED_MARK = "†";

/** The footnote for {@link UNVERIFIED_MARK}. */
export function unverifiedNote(reportYear: number): string {
  return `${UNVERIFIED_MARK} read from a cell of the DORA ${reportYear} table that no source we ` +
    "could read states: not verified against the report";
}

/**
 * The scorecard as aligned text lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scorecardLines } from "./scorecard.ts";
 * const lines = scorecardLines([
 *   { metric: "A", value: 1, unit: "u", display: "1/day", tier: "Elite", reportYear: 2023, note: null },
 *   { metric: "Longer", value: null, unit: "u", display: "n/a", tier: null, reportYear: 2023, note: "no data", coverage: "B only." },
 * ]);
 * assert.deepEqual(lines, [
 *   "   A       1/day  Elite (DORA 2023)",
 *   "   Longer  n/a    — (no data)",
 *   "           B only.",
 * ]);
 * const doubted = scorecardLines([
 *   { metric: "A", value: 1, unit: "u", display: "1/day", tier: "Low", reportYear: 2024, note: null, unverified: true },
 * ]);
 * assert.deepEqual(doubted, [
 *   "   A  1/day  Low (DORA 2024) †",
 *   "   † read from a cell of the DORA 2024 table that no source we could read states: not verified against the report",
 * ]);
 * ```
 */
export function scorecardLines(rows: readonly ScorecardRow[]): string[] {
  const metricWidth = Math.max(...rows.map((r) => r.metric.length));
  const displayWidth = Math.max(...rows.map((r) => r.display.length));
  // What a figure covers goes on its own line under the value, so the columns stay narrow.
  const lines = rows.flatMap((row) => [
    `   ${row.metric.padEnd(metricWidth)}  ${row.display.padEnd(displayWidth)}  ` +
    (levelText(row) ?? `— (${row.note ?? "no level"})`),
    ...(row.coverage ? [`   ${"".padEnd(metricWidth)}  ${row.coverage}`] : []),
  ]);
  const doubted = rows.find((row) => row.unverified);
  return doubted ? [...lines, `   ${unverifiedNote(doubted.reportYear)}`] : lines;
}
