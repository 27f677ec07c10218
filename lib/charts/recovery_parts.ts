/**
 * The pieces both drawings of the recovery chart share (dots in recovery.ts, binned cells in
 * recovery_binned.ts): its name and title, the headline, the x axis, and the mean and median rules.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { RecoverySummary } from "../metrics/recovery.ts";
import type { RecoveryChartData } from "./recovery_data.ts";
import type { LegendItem } from "./legend.ts";
import { COLORS, formatCount, formatDuration, plural, zoneLabel } from "./theme.ts";

/** The recovery chart's name: the prefix of the ids in its SVG. */
export const RECOVERY_CHART_NAME = "recovery_time";
/** The recovery chart's title. */
export const RECOVERY_TITLE = "Recovery time per incident";

/** The plot's height in pixels without the header (the binned drawing adds a row for open incidents). */
export const RECOVERY_PLOT_HEIGHT = 330;
/** The plot's margins in pixels. */
export const RECOVERY_MARGINS = {
  marginTop: 24,
  marginLeft: 64,
  marginRight: 20,
  marginBottom: 44,
} as const;

/** The subtitle: MTTR, median, and how many incidents are resolved and still open. */
export function recoveryHeadline(recovery: RecoverySummary): string {
  const mean = recovery.mean_minutes == null ? "–" : formatDuration(recovery.mean_minutes);
  const median = recovery.median_minutes == null ? "–" : formatDuration(recovery.median_minutes);
  return `MTTR (mean) ${mean}, median ${median}, over ${
    plural(recovery.resolved, "resolved incident")
  }; ` +
    `${formatCount(recovery.unresolved)} still open at the window's end (of ${
      plural(recovery.incidents, "incident")
    }).`;
}

/** Labels for the mean and median rules; the higher one sits above its rule, the lower below. */
export function recoveryRuleMarks(
  recovery: RecoverySummary,
  position: (minutes: number) => number,
): { marks: Plot.Markish[]; legend: LegendItem[] } {
  const marks: Plot.Markish[] = [];
  const legend: LegendItem[] = [];
  const rules = [
    {
      name: "mean (MTTR)",
      minutes: recovery.mean_minutes,
      stroke: COLORS.mean,
      dash: "6,4",
      width: 1.2,
    },
    {
      name: "median",
      minutes: recovery.median_minutes,
      stroke: COLORS.median,
      dash: "2,3",
      width: 2,
    },
  ].filter((rule): rule is typeof rule & { minutes: number } => rule.minutes != null);
  const highest = Math.max(...rules.map((rule) => rule.minutes));
  for (const rule of rules) {
    const y = position(rule.minutes);
    const above = rule.minutes === highest && rules.length > 1 ? true : rules.length === 1;
    marks.push(
      // A white halo under the rule keeps it visible over dark cells and dense dots.
      Plot.ruleY([y], {
        stroke: COLORS.background,
        strokeWidth: rule.width + 2.5,
        strokeOpacity: 0.8,
      }),
      Plot.ruleY([y], { stroke: rule.stroke, strokeDasharray: rule.dash, strokeWidth: rule.width }),
      Plot.text([y], {
        y: (value: number) => value,
        frameAnchor: "right",
        textAnchor: "end",
        dy: above ? -7 : 8,
        text: () => `${rule.name} ${formatDuration(rule.minutes)}`,
        fill: rule.stroke === COLORS.median ? "#00694d" : COLORS.text,
        fontWeight: 600,
        stroke: COLORS.background,
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    );
    legend.push({
      label: `${rule.name} ${formatDuration(rule.minutes)}`,
      swatch: { kind: "line", stroke: rule.stroke, dash: rule.dash, width: rule.width },
    });
  }
  return { marks, legend };
}

/** The x axis: incident start on the report zone's wall clock. */
export function recoveryXAxis(data: RecoveryChartData): Plot.ScaleOptions {
  return {
    type: "utc",
    domain: [data.window.startWall, data.window.endWall],
    label: `incident start (${zoneLabel(data.window.timeZone)})`,
    labelAnchor: "center",
    labelArrow: "none",
  };
}
