/// <reference lib="dom" />
/**
 * Chart 3, recovery time per incident: each dot is one incident's recovery time (minutes) against
 * its start, with labelled rules for the mean ("MTTR") and the median.
 *
 * Incidents still open at the window's end have no recovery time. They are drawn as hollow
 * upward triangles at the time they had been open when the window ended: a lower bound ("at
 * least this long"), in a different colour and shape so they survive greyscale printing.
 *
 * Above `RECOVERY_DOT_LIMIT` incidents (recovery_data.ts) the dots would merge into a blot and the
 * file would grow with every incident, so the chart becomes a grid: columns are start days (or
 * coarser bins for long windows), rows are roughly log-spaced recovery-time buckets, and the shade
 * counts incidents; a separate top row counts incidents still open. The rules keep their meaning
 * on that axis (positions are interpolated within a bucket).
 *
 * The y axis is logarithmic when the values span more than {@link LOG_SCALE_SPREAD}× (recovery
 * times are heavy-tailed); values below {@link LOG_SCALE_FLOOR_MINUTES} are drawn at that floor.
 * The binned drawing is in recovery_binned.ts; the parts both share are in recovery_parts.ts.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  type OpenIncidentDot,
  RECOVERY_BUCKET_EDGE_LABELS,
  RECOVERY_BUCKET_EDGES_MINUTES,
  type RecoveryChartData,
  type RecoveryDot,
} from "./recovery_data.ts";
import { binnedRecoveryChart } from "./recovery_binned.ts";
import {
  RECOVERY_CHART_NAME,
  RECOVERY_MARGINS,
  RECOVERY_PLOT_HEIGHT,
  RECOVERY_TITLE,
  recoveryHeadline,
  recoveryRuleMarks,
  recoveryXAxis,
} from "./recovery_parts.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, mergeSharedY, type SharedY, standaloneSvg } from "./svg.ts";
import { COLORS, formatCount, formatDuration, formatNumber, SIZES } from "./theme.ts";

/** The y axis turns logarithmic when the largest value is more than this many times the smallest. */
export const LOG_SCALE_SPREAD = 30;
/** On a log axis, values below this (minutes) are drawn at it: log(0) has no place. */
export const LOG_SCALE_FLOOR_MINUTES = 0.1;
/** Up to this many open incidents, each triangle is labelled "still open". */
const LABELLED_OPEN = 8;

/**
 * Ticks for the log10(minutes) axis at familiar durations (the bucket edges: 1 min, 5 min, 1 h, 1 d, …) inside the
 * domain, at most eight, labelled as durations rather than raw minute counts.
 */
function durationTicks(
  [low, high]: [number, number],
): { ticks: number[]; tickFormat: (value: number) => string } {
  const labels = new Map<number, string>();
  RECOVERY_BUCKET_EDGES_MINUTES.forEach((edge, index) => {
    const position = edge > 0 ? Math.log10(edge) : -Infinity;
    if (position >= low && position <= high) {
      labels.set(position, RECOVERY_BUCKET_EDGE_LABELS[index]);
    }
  });
  const inside = [...labels.keys()];
  const step = Math.ceil(inside.length / 8);
  const ticks = inside.filter((_, index) => index % step === 0);
  return { ticks, tickFormat: (value: number) => labels.get(value) ?? formatNumber(value) };
}

function weekendShading(data: RecoveryChartData): Plot.Markish {
  return Plot.rect(data.window.weekends, { x1: "start", x2: "end", fill: COLORS.weekendShade });
}

/** The y range the dots view needs on its own (the binned view's rows are fixed). */
export function recoveryYRange(data: RecoveryChartData): SharedY {
  if (data.mode !== "dots") return { top: 1, bottom: LOG_SCALE_FLOOR_MINUTES, log: true };
  const values = [
    ...data.resolved.map((dot) => dot.minutes),
    ...data.open.map((dot) => dot.openMinutes),
  ];
  const positive = values.filter((value) => value > 0);
  const bottom = positive.length > 0 ? Math.max(Math.min(...positive), LOG_SCALE_FLOOR_MINUTES) : 1;
  return {
    top: Math.max(1, ...values),
    bottom,
    log: positive.length > 0 && Math.max(...positive) / bottom > LOG_SCALE_SPREAD,
  };
}

/** One y range for several recovery charts: log when the values together span too much. */
export function sharedRecoveryY(ranges: readonly SharedY[]): SharedY {
  const merged = mergeSharedY(ranges);
  return { ...merged, log: merged.log || merged.top / merged.bottom > LOG_SCALE_SPREAD };
}

function dotsChart(
  data: Extract<RecoveryChartData, { mode: "dots" }>,
  { document, sharedY, universe }: ChartOptions,
): string {
  const { resolved, open, recovery } = data;
  const own = recoveryYRange(data);
  const log = sharedY?.log ?? own.log;
  const bottom = Math.min(own.bottom, sharedY?.bottom ?? own.bottom);
  // The log axis is a linear axis over log10(minutes): Plot's own log scale blanks tick labels
  // that are not 1-2-5 multiples, which would hide "8 h".
  const at = (
    minutes: number,
  ) => (log ? Math.log10(Math.max(minutes, LOG_SCALE_FLOOR_MINUTES)) : minutes);
  const top = Math.max(own.top, sharedY?.top ?? 0);
  const dense = resolved.length > 300;
  const logDomain: [number, number] = [at(Math.min(bottom, top)) - 0.2, at(top) + 0.2];
  const { marks: rules, legend: ruleLegend } = recoveryRuleMarks(recovery, at);

  const marks: Plot.Markish[] = [
    weekendShading(data),
    ...(log ? [] : [Plot.ruleY([0], { stroke: COLORS.text })]),
    ...rules,
    Plot.dot(resolved, {
      x: "start",
      y: (dot: RecoveryDot) => at(dot.minutes),
      r: dense ? 2.2 : 4,
      fill: COLORS.incident,
      fillOpacity: dense ? 0.55 : 0.9,
      stroke: dense ? "none" : COLORS.background,
      strokeWidth: 0.8,
      title: (dot: RecoveryDot) =>
        `${dot.id} (${dot.service}): recovered in ${formatDuration(dot.minutes)}`,
    }),
    Plot.dot(open, {
      x: "start",
      y: (dot: OpenIncidentDot) => at(dot.openMinutes),
      symbol: "triangle",
      r: 6,
      fill: COLORS.background,
      stroke: COLORS.openIncident,
      strokeWidth: 2,
      title: (dot: OpenIncidentDot) =>
        `${dot.id} (${dot.service}): still open, ${
          formatDuration(dot.openMinutes)
        } so far at the window's end`,
    }),
  ];
  if (open.length <= LABELLED_OPEN) {
    marks.push(
      Plot.text(open, {
        x: "start",
        y: (dot: OpenIncidentDot) => at(dot.openMinutes),
        text: () => "still open",
        textAnchor: "end",
        dx: -9,
        fill: "#8e3f6c",
        fontWeight: 600,
        stroke: COLORS.background,
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    );
  }
  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: RECOVERY_PLOT_HEIGHT,
    ...RECOVERY_MARGINS,
    x: recoveryXAxis(data),
    y: log
      ? {
        domain: logDomain,
        grid: true,
        label: "time to recover (log scale)",
        ...durationTicks(logDomain),
      }
      : {
        domain: [0, top * 1.12],
        grid: true,
        label: "minutes to recover",
        tickFormat: (value: number) => formatNumber(value),
      },
    marks,
  });
  const legend: LegendItem[] = [
    {
      label: `resolved incident (${formatCount(resolved.length)})`,
      swatch: { kind: "dot", fill: COLORS.incident },
    },
  ];
  if (open.length) {
    legend.push({
      label: `still open (${formatCount(open.length)}): time open so far`,
      swatch: { kind: "triangle", stroke: COLORS.openIncident, fill: COLORS.background },
    });
  }
  legend.push(...ruleLegend);
  return standaloneSvg(plot, {
    document,
    universe: universe ?? data.window.universe,
    name: RECOVERY_CHART_NAME,
    title: RECOVERY_TITLE,
    subtitle: recoveryHeadline(recovery),
    legend,
    note: open.length
      ? "A still-open incident is drawn at how long it had been open when the window ended; its recovery time is at least that."
      : undefined,
  });
}

/**
 * Draws the recovery-time chart as a standalone SVG: a dot per resolved incident and a hollow
 * triangle per incident still open, or shaded counts per start column and recovery bucket when
 * the data were binned. With `options.sharedY`, the dots use that y range (see
 * {@link sharedRecoveryY}), so charts drawn side by side compare honestly.
 *
 * @example Seed 42: one dot per resolved incident, and the MTTR and median rules
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { recoveryData } from "./recovery_data.ts";
 * import { recoveryChart } from "./recovery.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = recoveryData(analysis, summarize(analysis).recovery);
 * assert.equal(data.mode, "dots");
 * const svg = recoveryChart(data, { document: new JSDOM("").window.document });
 * const dots = svg.match(/<g aria-label="dot"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
 * assert.equal(dots.split("<circle").length - 1, data.recovery.resolved);
 * assert.ok(svg.includes(">mean (MTTR) ") && svg.includes(">median "));
 * ```
 */
export function recoveryChart(data: RecoveryChartData, options: ChartOptions): string {
  return data.mode === "dots" ? dotsChart(data, options) : binnedRecoveryChart(data, options);
}
