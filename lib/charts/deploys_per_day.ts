/// <reference lib="dom" />
/**
 * Chart 2, deployments per day over time: a bar for every day of the window, weekend days in a
 * second colour, a 7-day trailing rolling mean as a line, and the window's mean as a dashed rule.
 *
 * A day without deploys has no bar to see, which looks the same as a day with no data. So every
 * zero day gets a short thick dash on the baseline (and the legend says what it means).
 * Windows longer than `DAILY_BAR_LIMIT` days are drawn per ISO week instead (see deploys_per_day_data.ts).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type DayBar,
  type DeploysPerDayChartData,
  ROLLING_MEAN_DAYS,
} from "./deploys_per_day_data.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, type SharedY, standaloneSvg } from "./svg.ts";
import {
  COLORS,
  formatCount,
  formatMonth,
  formatNumber,
  plural,
  SIZES,
  zoneLabel,
} from "./theme.ts";

/** The deploys-per-day chart's name: the prefix of the ids in its SVG. */
export const DEPLOYS_PER_DAY_CHART_NAME = "deploys_per_day";
/** The deploys-per-day chart's title. */
export const DEPLOYS_PER_DAY_TITLE = "Deployments per day";

/** Up to this many days, every day gets an axis tick. */
const DAILY_TICK_DAYS = 31;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Mon\n1": the weekday over the day of the month (dates are wall clock as UTC). */
function dayTickLabel(date: Date): string {
  return `${WEEKDAYS[date.getUTCDay()]}\n${date.getUTCDate()}`;
}

function middle(bar: DayBar): Date {
  return new Date((bar.start.getTime() + bar.end.getTime()) / 2);
}

/**
 * The y range this chart needs on its own; merge several with `mergeSharedY` and pass the result
 * as `sharedY` to draw them on one scale.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploysPerDayData } from "./deploys_per_day_data.ts";
 * import { deploysPerDayYRange } from "./deploys_per_day.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = deploysPerDayData(analysis, summarize(analysis).deployment_frequency);
 * const range = deploysPerDayYRange(data);
 * assert.equal(range.top, Math.max(...data.bars.map((bar) => Math.max(bar.perDay, bar.rollingMean))));
 * assert.deepEqual([range.bottom, range.log], [0, false]);
 * ```
 */
export function deploysPerDayYRange(data: DeploysPerDayChartData): SharedY {
  const top = Math.max(1, ...data.bars.map((bar) => Math.max(bar.perDay, bar.rollingMean)));
  return { top, bottom: 0, log: false };
}

/**
 * Draws the deploys-per-day chart as a standalone SVG: a bar per day (weekends in a second colour),
 * a dash on the baseline for each day without deploys, the trailing mean and the window's mean.
 * With `options.sharedY`, the y axis reaches at least its top.
 *
 * @example Seed 42: fourteen bars, and a zero-day marker for each day without a deploy
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { deploysPerDayData } from "./deploys_per_day_data.ts";
 * import { deploysPerDayChart } from "./deploys_per_day.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = deploysPerDayData(analysis, summarize(analysis).deployment_frequency);
 * const svg = deploysPerDayChart(data, { document: new JSDOM("").window.document });
 * assert.ok(data.zeroDays > 0);
 * const markers = svg.match(/aria-description="zero-day marker"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
 * assert.equal(markers.split("<line").length - 1, data.zeroDays);
 * assert.ok(svg.includes(`${data.zeroDays} days without a deploy`));
 * ```
 */
export function deploysPerDayChart(
  data: DeploysPerDayChartData,
  { document, sharedY, universe }: ChartOptions,
): string {
  const { bars, window, frequency, granularity } = data;
  const weekly = granularity === "week";
  const zeroBars = bars.filter((bar) => bar.deploys === 0);
  const top = Math.max(deploysPerDayYRange(data).top, sharedY?.top ?? 0);
  const kind = (bar: DayBar) => (bar.weekend ? "weekend" : "weekday");
  const sameMonth = window.start.slice(0, 7) === window.end.slice(0, 7);
  const unit = weekly ? "mean deploys per day, per ISO week" : "deploys per day";

  const marks: Plot.Markish[] = [
    Plot.rectY(bars, {
      x1: "start",
      x2: "end",
      y: "perDay",
      fill: kind,
      insetLeft: bars.length > 200 ? 0 : 1,
      insetRight: bars.length > 200 ? 0 : 1,
      title: (bar: DayBar) =>
        weekly
          ? `Week of ${bar.date}: ${plural(bar.deploys, "deploy")}, ${
            formatNumber(bar.perDay)
          } per day`
          : `${bar.date}: ${plural(bar.deploys, "deploy")}`,
    }),
    Plot.ruleY([0], { stroke: COLORS.text }),
    Plot.ruleY(zeroBars, {
      x1: "start",
      x2: "end",
      y: 0,
      stroke: COLORS.zeroMarker,
      strokeWidth: 4,
      insetLeft: 3,
      insetRight: 3,
      dy: -2,
      ariaDescription: "zero-day marker",
    }),
  ];
  if (frequency.per_day != null) {
    marks.push(
      Plot.ruleY([frequency.per_day], {
        stroke: COLORS.mean,
        strokeDasharray: "6,4",
        strokeWidth: 1,
      }),
    );
  }
  marks.push(
    Plot.lineY(bars, {
      x: middle,
      y: "rollingMean",
      stroke: COLORS.rollingMean,
      strokeWidth: 2,
      marker: bars.length <= DAILY_TICK_DAYS ? "circle-stroke" : undefined,
    }),
  );

  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: 300,
    marginTop: 22,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 50,
    x: {
      type: "utc",
      domain: [window.startWall, window.endWall],
      label: `${weekly ? "week" : "day"}${sameMonth ? `, ${formatMonth(window.start)}` : ""} ` +
        `(${zoneLabel(window.timeZone)})`,
      labelAnchor: "center",
      labelArrow: "none",
      // Few days: one label per day, centred under its bar, with the weekday.
      ...(bars.length <= DAILY_TICK_DAYS && !weekly
        ? { ticks: bars.map(middle), tickFormat: dayTickLabel, tickSize: 0 }
        : {}),
    },
    y: {
      domain: [0, top * 1.12],
      grid: true,
      label: unit,
      tickFormat: (value: number) => formatNumber(value),
    },
    color: { domain: ["weekday", "weekend"], range: [COLORS.deploy, COLORS.weekendDeploy] },
    marks,
  });

  const busiest = data.maxDeploysPerDay;
  const perDay = frequency.per_day == null ? "–" : formatNumber(frequency.per_day);
  const subtitle =
    `${perDay} deploys per day on average (${formatCount(frequency.deploys)} in ${
      plural(window.days, "day")
    }); ` +
    `${plural(data.zeroDays, "day")} without a deploy; the busiest day had ${
      formatCount(busiest)
    }.`;
  const legend: LegendItem[] = weekly
    ? [{
      label: "mean deploys per day in the ISO week",
      swatch: { kind: "rect", fill: COLORS.deploy },
    }]
    : [
      { label: "weekday", swatch: { kind: "rect", fill: COLORS.deploy } },
      { label: "weekend (Sat, Sun)", swatch: { kind: "rect", fill: COLORS.weekendDeploy } },
    ];
  if (zeroBars.length) {
    legend.push({
      label: `no deploys (0)`,
      swatch: { kind: "line", stroke: COLORS.zeroMarker, width: 4 },
    });
  }
  legend.push(
    {
      label: `${ROLLING_MEAN_DAYS}-day trailing mean`,
      swatch: { kind: "line", stroke: COLORS.rollingMean, width: 2 },
    },
    {
      label: `window mean (${
        frequency.per_day == null ? "–" : formatNumber(frequency.per_day)
      }/day)`,
      swatch: { kind: "line", stroke: COLORS.mean, dash: "4,3", width: 1 },
    },
  );
  return standaloneSvg(plot, {
    document,
    universe: universe ?? data.window.universe,
    name: DEPLOYS_PER_DAY_CHART_NAME,
    title: DEPLOYS_PER_DAY_TITLE,
    subtitle,
    legend,
    note: `The trailing mean averages each day with the ${ROLLING_MEAN_DAYS - 1} days before it; ` +
      `the first days of the window average the days seen so far.`,
  });
}
