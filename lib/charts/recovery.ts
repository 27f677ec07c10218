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
 *
 * @example
 * ```ts
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { recoveryData } from "./recovery_data.ts";
 * import { recoveryChart } from "./recovery.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = recoveryData(analysis, summarize(analysis).recovery);
 * const svg = recoveryChart(data, { document: new JSDOM("").window.document });
 * console.assert(svg.includes("MTTR") && svg.includes("median"));
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { binPhrase, levelRanges } from "./binning.ts";
import {
  bucketPosition,
  type OpenCell,
  type OpenIncidentDot,
  RECOVERY_BUCKET_EDGE_LABELS,
  RECOVERY_BUCKET_EDGES_MINUTES,
  RECOVERY_DOT_LIMIT,
  type RecoveryCell,
  type RecoveryChartData,
  type RecoveryDot,
} from "./recovery_data.ts";
import type { RecoverySummary } from "../metrics/recovery.ts";
import {
  type ChartOptions,
  type LegendItem,
  mergeSharedY,
  type SharedY,
  standaloneSvg,
} from "./svg.ts";
import {
  COLORS,
  formatCount,
  formatDuration,
  formatNumber,
  plural,
  RAMPS,
  SIZES,
  zoneLabel,
} from "./theme.ts";

export const RECOVERY_CHART_NAME = "recovery_time";
export const RECOVERY_TITLE = "Recovery time per incident";

/** The y axis turns logarithmic when the largest value is more than this many times the smallest. */
export const LOG_SCALE_SPREAD = 30;
/** On a log axis, values below this (minutes) are drawn at it: log(0) has no place. */
export const LOG_SCALE_FLOOR_MINUTES = 0.1;
/** Up to this many open incidents, each triangle is labelled "still open". */
const LABELLED_OPEN = 8;

const HEIGHT = 330;
const MARGINS = { marginTop: 24, marginLeft: 64, marginRight: 20, marginBottom: 44 };

function headline(recovery: RecoverySummary): string {
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
function ruleMarks(
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

function xAxis(data: RecoveryChartData): Plot.ScaleOptions {
  return {
    type: "utc",
    domain: [data.window.startWall, data.window.endWall],
    label: `incident start (${zoneLabel(data.window.timeZone)})`,
    labelAnchor: "center",
    labelArrow: "none",
  };
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
  document: Document,
  sharedY?: SharedY,
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
  const { marks: rules, legend: ruleLegend } = ruleMarks(recovery, at);

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
    height: HEIGHT,
    ...MARGINS,
    x: xAxis(data),
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
    name: RECOVERY_CHART_NAME,
    title: RECOVERY_TITLE,
    subtitle: headline(recovery),
    legend,
    note: open.length
      ? "A still-open incident is drawn at how long it had been open when the window ended; its recovery time is at least that."
      : undefined,
  }, document);
}

function binnedChart(
  data: Extract<RecoveryChartData, { mode: "binned" }>,
  document: Document,
): string {
  const { cells, openCells, recovery, bucketRange } = data;
  const [low, high] = bucketRange ?? [0, 0];
  const openRow = openCells.length ? { y1: high + 1.35, y2: high + 2.35 } : null;
  const ticks = new Map<number, string>();
  for (let edge = low; edge <= high + 1; edge++) {
    ticks.set(edge, RECOVERY_BUCKET_EDGE_LABELS[edge] ?? "");
  }
  if (openRow) ticks.set((openRow.y1 + openRow.y2) / 2, "still open");
  const { marks: rules, legend: ruleLegend } = ruleMarks(recovery, bucketPosition);
  const column = binPhrase(data.columnMs);

  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: HEIGHT + 40,
    ...MARGINS,
    x: xAxis(data),
    y: {
      domain: [low, openRow ? openRow.y2 : high + 1],
      ticks: [...ticks.keys()],
      tickFormat: (value: number) => ticks.get(value) ?? "",
      label: "time to recover (bucket edges)",
    },
    marks: [
      Plot.rect(cells, {
        x1: "x1",
        x2: "x2",
        y1: "bucket",
        y2: (cell: RecoveryCell) => cell.bucket + 1,
        fill: (cell: RecoveryCell) => RAMPS.incident[cell.level - 1],
        inset: 0.5,
      }),
      ...(openRow
        ? [
          Plot.rect(openCells, {
            x1: "x1",
            x2: "x2",
            y1: openRow.y1,
            y2: openRow.y2,
            fill: (cell: OpenCell) => RAMPS.openIncident[cell.level - 1],
            stroke: COLORS.openIncident,
            strokeWidth: 0.5,
            inset: 0.5,
          }),
        ]
        : []),
      ...rules,
    ],
  });
  const legend: LegendItem[] = [
    { label: `resolved incidents per ${column} and row:` },
    ...levelRanges(data.maxCount).map((range) => ({
      label: range.low === range.high
        ? formatCount(range.low)
        : `${formatCount(range.low)}–${formatCount(range.high)}`,
      swatch: { kind: "rect" as const, fill: RAMPS.incident[range.level - 1] },
    })),
  ];
  if (openCells.length) {
    legend.push(
      { label: `still open per ${column}:` },
      ...levelRanges(data.maxOpenCount).map((range) => ({
        label: range.low === range.high
          ? formatCount(range.low)
          : `${formatCount(range.low)}–${formatCount(range.high)}`,
        swatch: {
          kind: "rect" as const,
          fill: RAMPS.openIncident[range.level - 1],
          stroke: COLORS.openIncident,
        },
      })),
    );
  }
  legend.push(...ruleLegend);
  return standaloneSvg(plot, {
    name: RECOVERY_CHART_NAME,
    title: RECOVERY_TITLE,
    subtitle: headline(recovery),
    legend,
    note:
      `Binned because there are more than ${
        formatCount(RECOVERY_DOT_LIMIT)
      } incidents: each cell counts the incidents ` +
      `that started in that ${column} and recovered within the row's range; rows are roughly logarithmic.`,
  }, document);
}

export function recoveryChart(
  data: RecoveryChartData,
  { document, sharedY }: ChartOptions,
): string {
  return data.mode === "dots" ? dotsChart(data, document, sharedY) : binnedChart(data, document);
}
