/// <reference lib="dom" />
/**
 * Chart 1, deployment frequency: deploys per ISO week (Monday start) as bars, with the window's
 * average per 7 days as a dashed rule, and the DORA frequency class and deploys per day in the
 * subtitle and as an annotation.
 *
 * Weeks cut by the window's edges hold fewer than seven days, so their bars would understate the
 * pace; they are drawn lighter and labelled with their day count ("(3 days)") instead of hidden.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { DeploymentFrequencyChartData, WeekBar } from "./deployment_frequency_data.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, standaloneSvg } from "./svg.ts";
import { COLORS, formatCount, formatDate, formatNumber, plural, SIZES } from "./theme.ts";

/** The deployment frequency chart's name: the prefix of the ids in its SVG. */
export const DEPLOYMENT_FREQUENCY_CHART_NAME = "deployment_frequency";
/** The deployment frequency chart's title. */
export const DEPLOYMENT_FREQUENCY_TITLE = "Deployment frequency: deploys per week";

/** Value labels on the bars are drawn up to this many weeks; beyond, the axis carries the values. */
const LABELLED_WEEKS = 26;
const PARTIAL_OPACITY = 0.4;

function weekLabel(weekStart: string, multiYear: boolean): string {
  return multiYear ? weekStart : formatDate(weekStart);
}

/** Every k-th label when there are too many weeks to label them all. */
function thinned<T>(values: readonly T[], maxLabels: number): T[] {
  const step = Math.max(1, Math.ceil(values.length / maxLabels));
  return values.filter((_, index) => index % step === 0);
}

/**
 * Draws the deployment frequency chart as a standalone SVG: deploys per ISO week, partial weeks
 * lighter and labelled with their day count, the window's average per 7 days, and the DORA class.
 *
 * @example Ten days from a Monday: a full week and a partial week of three days
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploymentFrequencyData } from "./deployment_frequency_data.ts";
 * import { deploymentFrequencyChart } from "./deployment_frequency.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 10 });
 * const data = deploymentFrequencyData(analysis, summarize(analysis).deployment_frequency);
 * const svg = deploymentFrequencyChart(data, { document: new JSDOM("").window.document });
 * assert.deepEqual(data.weeks.map((week) => week.daysInWindow), [7, 3]);
 * assert.ok(svg.includes(">(3 days)</text>"));
 * assert.ok(svg.includes(`>DORA class: ${data.frequency.class}</text>`));
 * ```
 */
export function deploymentFrequencyChart(
  data: DeploymentFrequencyChartData,
  { document, universe }: ChartOptions,
): string {
  const { weeks, frequency, window } = data;
  const perWeek = frequency.per_day == null ? null : frequency.per_day * 7;
  const maxDeploys = Math.max(1, ...weeks.map((week) => week.deploys), perWeek ?? 0);
  const multiYear = window.start.slice(0, 4) !== window.end.slice(0, 4);
  const labelled = weeks.length <= LABELLED_WEEKS;
  const partialWeeks = weeks.filter((week) => week.partial);

  const marks: Plot.Markish[] = [
    Plot.barY(weeks, {
      x: "weekStart",
      y: "deploys",
      fill: COLORS.deploy,
      fillOpacity: (week: WeekBar) => (week.partial ? PARTIAL_OPACITY : 1),
      title: (week: WeekBar) =>
        `Week of ${week.weekStart}: ${plural(week.deploys, "deploy")} on ${
          plural(week.deployDays, "day")
        }` +
        (week.partial ? ` (${plural(week.daysInWindow, "day")} in the window)` : ""),
    }),
    Plot.ruleY([0], { stroke: COLORS.text }),
  ];
  if (perWeek != null) {
    marks.push(
      Plot.ruleY([perWeek], { stroke: COLORS.mean, strokeDasharray: "6,4", strokeWidth: 1.2 }),
      Plot.text([perWeek], {
        y: (value: number) => value,
        frameAnchor: "left",
        textAnchor: "start",
        dx: 4,
        dy: -7,
        text: () => `average ${formatNumber(perWeek, 1)} per 7 days`,
        fill: COLORS.text,
        stroke: COLORS.background,
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    );
  }
  if (labelled) {
    marks.push(
      Plot.text(weeks, {
        x: "weekStart",
        y: "deploys",
        text: (week: WeekBar) => formatCount(week.deploys),
        dy: -7,
        fill: COLORS.text,
        fontWeight: 600,
      }),
      Plot.text(partialWeeks, {
        x: "weekStart",
        y: "deploys",
        text: (week: WeekBar) => `(${plural(week.daysInWindow, "day")})`,
        dy: -21,
        fill: COLORS.mutedText,
      }),
    );
  }
  marks.push(
    Plot.text([`DORA class: ${frequency.class}`], {
      frameAnchor: "top-right",
      textAnchor: "end",
      dy: 2,
      text: (label: string) => label,
      fill: COLORS.text,
      fontWeight: 700,
      fontSize: 12,
      stroke: COLORS.background,
      strokeWidth: 4,
      paintOrder: "stroke",
    }),
  );

  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: 300,
    marginTop: 30,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 44,
    x: {
      type: "band",
      domain: weeks.map((week) => week.weekStart),
      ticks: thinned(weeks.map((week) => week.weekStart), 14),
      tickFormat: (weekStart: string) => weekLabel(weekStart, multiYear),
      label: `ISO week, starting Monday${multiYear ? "" : ` (${window.start.slice(0, 4)})`}`,
      labelAnchor: "center",
      labelArrow: "none",
      padding: 0.25,
    },
    y: {
      domain: [0, maxDeploys * (labelled && partialWeeks.length ? 1.28 : 1.15)],
      grid: true,
      label: "deploys per week",
      tickFormat: (value: number) => formatCount(value),
    },
    marks,
  });

  const days = window.days;
  const perDay = frequency.per_day == null
    ? "no deploys per day"
    : `${formatNumber(frequency.per_day, 2)} deploys per day`;
  const subtitle =
    `${perDay} (${plural(frequency.deploys, "deploy")} in ${plural(days, "day")}), DORA class ` +
    `“${frequency.class}”; deploys on ${frequency.deploy_days} of ${days} days, median ` +
    `${
      frequency.median_deploy_days_per_week == null
        ? "–"
        : formatNumber(frequency.median_deploy_days_per_week, 1)
    } ` +
    `deploy days per week.`;
  const legend: LegendItem[] = [{
    label: "deploys in a full week",
    swatch: { kind: "rect", fill: COLORS.deploy },
  }];
  if (partialWeeks.length) {
    legend.push({
      label: "partial week at the window's edge",
      swatch: { kind: "rect", fill: COLORS.deploy, opacity: PARTIAL_OPACITY },
    });
  }
  if (perWeek != null) {
    legend.push({
      label: "window average × 7 days",
      swatch: { kind: "line", stroke: COLORS.mean, dash: "4,3" },
    });
  }
  return standaloneSvg(plot, {
    document,
    universe: universe ?? data.window.universe,
    name: DEPLOYMENT_FREQUENCY_CHART_NAME,
    title: DEPLOYMENT_FREQUENCY_TITLE,
    subtitle,
    legend,
  });
}
