/// <reference lib="dom" />
/**
 * Chart 4, timeline overlay: one lane per service; deploys are ticks and incidents are bars from
 * start to resolve, so a reader sees which deploys preceded an incident and how long it lasted.
 *
 * - Incidents still open at the window's end run to the end, in a different colour, and the lane
 *   gets a "N open" label in the right margin.
 * - A 20-minute incident is a fraction of a pixel on a two-week axis, so bars are widened to at
 *   least `SIZES.minimumBarPx`, and with few incidents each start also gets a ▼ marker.
 * - With more than `MAX_LANES` services, the busiest 11 get lanes and the rest share one.
 * - Above `TIMELINE_MARK_LIMIT` deploys + incidents (timeline_data.ts) one mark per event would be an
 *   unreadable block and an unbounded file, so each lane becomes two rows of time bins: deploys
 *   per bin (shade), incidents open during the bin (shade), plus a strip marking incidents still
 *   open at the end, from the oldest such start.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { binPhrase, levelRanges } from "./binning.ts";
import {
  type CountCell,
  type IncidentBar,
  MAX_LANES,
  TIMELINE_MARK_LIMIT,
  type TimelineChartData,
} from "./timeline_data.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, standaloneSvg } from "./svg.ts";
import {
  COLORS,
  estimateTextWidth,
  formatCount,
  formatDuration,
  plural,
  RAMPS,
  SIZES,
  zoneLabel,
} from "./theme.ts";
import { visibleText } from "./visible_text.ts";

/** The timeline's name: the prefix of the ids in its SVG. */
export const TIMELINE_CHART_NAME = "timeline";
/** The timeline's title. */
export const TIMELINE_TITLE = "Timeline: deploys and incidents by service";

/** With at most this many incidents, each start gets a ▼ marker so short bars can be found. */
const MARKED_INCIDENTS = 40;
/** Lane labels longer than this are cut with an ellipsis (the margin would eat the plot). */
const LANE_LABEL_CHARS = 24;
/** Weekend shading is drawn up to this many days; beyond, it is a grey blur. */
const SHADED_DAYS = 92;

const OPEN_TEXT = "#8e3f6c";

/**
 * A lane's name as its axis label: invisible characters escaped first (see `visibleText`), so the
 * margin fits what is drawn, then cut by code points, so an emoji is never split in half.
 */
function laneLabel(name: string): string {
  const characters = Array.from(visibleText(name));
  return characters.length > LANE_LABEL_CHARS
    ? `${characters.slice(0, LANE_LABEL_CHARS - 1).join("")}…`
    : characters.join("");
}

interface Layout {
  height: number;
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
  /** Height of one lane's band, in pixels. */
  band: number;
  /** Milliseconds of the x axis per pixel. */
  msPerPixel: number;
}

const LANE_PADDING = 0.12;

function layout(data: TimelineChartData, laneHeight: number): Layout {
  const longest = Math.max(
    ...data.lanes.map((lane) =>
      estimateTextWidth(laneLabel(lane.name), { fontSize: SIZES.axisFontSize })
    ),
    30,
  );
  const marginLeft = Math.ceil(longest + 16);
  const marginRight = data.openAtEnd > 0 ? 64 : 16;
  const marginTop = 8;
  const marginBottom = 40;
  const lanes = Math.max(data.lanes.length, 1);
  const height = marginTop + marginBottom + lanes * laneHeight;
  const innerWidth = SIZES.width - marginLeft - marginRight;
  const span = data.window.endWall.getTime() - data.window.startWall.getTime();
  return {
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    band: laneHeight * (1 - LANE_PADDING),
    msPerPixel: span / innerWidth,
  };
}

/** The plot around a timeline's own marks: axes, lanes, weekend shading and "N open" labels. */
function frame(
  data: TimelineChartData,
  { box, document, marks }: { box: Layout; document: Document; marks: Plot.Markish[] },
): Element {
  const { window } = data;
  return Plot.plot({
    document,
    width: SIZES.width,
    height: box.height,
    marginLeft: box.marginLeft,
    marginRight: box.marginRight,
    marginTop: box.marginTop,
    marginBottom: box.marginBottom,
    x: {
      type: "utc",
      domain: [window.startWall, window.endWall],
      label: `time (${zoneLabel(window.timeZone)})`,
      labelAnchor: "center",
      labelArrow: "none",
    },
    y: {
      type: "band",
      domain: data.lanes.map((lane) => lane.name),
      padding: LANE_PADDING,
      align: 0.5,
      label: null,
      tickSize: 0,
      tickFormat: laneLabel,
    },
    marks: [
      ...(window.days <= SHADED_DAYS
        ? [Plot.rect(window.weekends, { x1: "start", x2: "end", fill: COLORS.weekendShade })]
        : []),
      Plot.gridY({ stroke: COLORS.grid, strokeOpacity: 1 }),
      ...marks,
      Plot.text(data.lanes.filter((lane) => lane.openAtEnd > 0), {
        x: window.endWall,
        y: "name",
        text: (lane: { openAtEnd: number }) => `${formatCount(lane.openAtEnd)} open`,
        dx: 6,
        textAnchor: "start",
        fill: OPEN_TEXT,
        fontWeight: 600,
      }),
    ],
  }) as unknown as Element;
}

function subtitleOf(data: TimelineChartData): string {
  const open = data.openAtEnd === 0
    ? "none still open at the window's end"
    : `${formatCount(data.openAtEnd)} still open at the window's end`;
  const lanes = data.services > MAX_LANES
    ? ` (the ${MAX_LANES - 1} busiest have their own lane)`
    : "";
  return `${plural(data.deploys, "deploy")} and ${plural(data.incidents, "incident")} across ` +
    `${plural(data.services, "service")}${lanes}; ${open}.`;
}

function marksChart(
  data: Extract<TimelineChartData, { mode: "marks" }>,
  { document, universe }: ChartOptions,
): string {
  const box = layout(data, 34);
  const minimumMs = SIZES.minimumBarPx * box.msPerPixel;
  const barInset = box.band * 0.32;
  const bars = data.incidentBars.map((bar) => ({
    ...bar,
    drawnEnd: new Date(Math.max(bar.end.getTime(), bar.start.getTime() + minimumMs)),
  }));
  const colour = (bar: IncidentBar) => (bar.open ? COLORS.openIncident : COLORS.incident);
  const marked = bars.length <= MARKED_INCIDENTS;
  const marks: Plot.Markish[] = [
    Plot.tickX(data.deployTicks, {
      x: "time",
      y: "lane",
      stroke: COLORS.deploy,
      strokeWidth: 1.3,
      insetTop: 2,
      insetBottom: 2,
    }),
    Plot.barX(bars, {
      x1: "start",
      x2: "drawnEnd",
      y: "lane",
      fill: colour,
      insetTop: barInset,
      insetBottom: barInset,
      title: (bar: IncidentBar) =>
        `${bar.id} (${bar.service}): ` +
        (bar.open
          ? "still open at the window's end"
          : `recovered in ${formatDuration(bar.minutes ?? 0)}`),
    }),
  ];
  if (marked) {
    marks.push(
      Plot.dot(bars, {
        x: "start",
        y: "lane",
        symbol: "triangle",
        rotate: 180,
        r: 4.5,
        fill: colour,
        stroke: COLORS.background,
        strokeWidth: 0.8,
        dy: -(box.band / 2 - barInset) - 5,
      }),
    );
  }
  const legend: LegendItem[] = [
    {
      label: `deploy (${formatCount(data.deploys)})`,
      swatch: { kind: "tick", stroke: COLORS.deploy },
    },
    {
      label: `incident, start to recovery (${formatCount(data.incidents - data.openAtEnd)})`,
      swatch: { kind: "rect", fill: COLORS.incident },
    },
  ];
  if (data.openAtEnd > 0) {
    legend.push({
      label: `still open at the end (${formatCount(data.openAtEnd)})`,
      swatch: { kind: "rect", fill: COLORS.openIncident },
    });
  }
  if (marked && bars.length) {
    legend.push({
      label: "incident start",
      swatch: {
        kind: "triangle",
        stroke: COLORS.background,
        fill: COLORS.incident,
        pointing: "down",
      },
    });
  }
  return standaloneSvg(frame(data, { box, document, marks }), {
    document,
    universe: universe ?? data.window.universe,
    name: TIMELINE_CHART_NAME,
    title: TIMELINE_TITLE,
    subtitle: subtitleOf(data),
    legend,
    note:
      `Incident bars are at least ${SIZES.minimumBarPx} px wide, so short incidents stay visible; ` +
      `a bar's true length is its recovery time.`,
  });
}

/** A heading and one swatch per shade level of counts up to `max`. */
function rampLegend(
  heading: string,
  { max, ramp }: { max: number; ramp: readonly string[] },
): LegendItem[] {
  return [
    { label: heading },
    ...levelRanges(max).map((range) => ({
      label: range.low === range.high
        ? formatCount(range.low)
        : `${formatCount(range.low)}–${formatCount(range.high)}`,
      swatch: { kind: "rect" as const, fill: ramp[range.level - 1] },
    })),
  ];
}

function binnedChart(
  data: Extract<TimelineChartData, { mode: "binned" }>,
  { document, universe }: ChartOptions,
): string {
  const box = layout(data, 44);
  const { band } = box;
  const bin = binPhrase(data.binMs);
  const marks: Plot.Markish[] = [
    Plot.barX(data.deployCells, {
      x1: "x1",
      x2: "x2",
      y: "lane",
      fill: (cell: CountCell) => RAMPS.deploy[cell.level - 1],
      insetTop: 1,
      insetBottom: band * 0.54,
    }),
    Plot.barX(data.openIncidentCells, {
      x1: "x1",
      x2: "x2",
      y: "lane",
      fill: (cell: CountCell) => RAMPS.incident[cell.level - 1],
      insetTop: band * 0.49,
      insetBottom: band * 0.14,
    }),
    Plot.barX(data.openMarks, {
      x1: "earliestStart",
      x2: data.window.endWall,
      y: "lane",
      fill: COLORS.openIncident,
      insetTop: band * 0.89,
      insetBottom: 0,
    }),
  ];
  const legend: LegendItem[] = [
    ...rampLegend(`deploys per ${bin}:`, { max: data.maxDeploys, ramp: RAMPS.deploy }),
    ...rampLegend(`incidents open during the ${bin}:`, { max: data.maxOpen, ramp: RAMPS.incident }),
  ];
  if (data.openAtEnd > 0) {
    legend.push(
      { label: "still open at the end:" },
      { label: "from the oldest open start", swatch: { kind: "rect", fill: COLORS.openIncident } },
    );
  }
  return standaloneSvg(frame(data, { box, document, marks }), {
    document,
    universe: universe ?? data.window.universe,
    name: TIMELINE_CHART_NAME,
    title: TIMELINE_TITLE,
    subtitle: `${subtitleOf(data)} Binned per ${bin}.`,
    legend,
    note:
      `Binned because there are more than ${
        formatCount(TIMELINE_MARK_LIMIT)
      } deploys and incidents. ` +
      `Each lane shows deploys per ${bin} (upper row) and incidents open at some time during the ${bin} (lower row).`,
  });
}

/**
 * Draws the timeline as a standalone SVG: one lane per service, deploys as ticks and incidents as
 * bars, or shaded counts per time bin when the data were binned.
 *
 * @example Seed 42: a lane per service and a tick per deploy
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { timelineData } from "./timeline_data.ts";
 * import { timelineChart } from "./timeline.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = timelineData(analysis);
 * const svg = timelineChart(data, { document: new JSDOM("").window.document });
 * assert.equal(data.mode, "marks");
 * assert.ok(data.lanes.every((lane) => svg.includes(`>${lane.name}</text>`)));
 * const ticks = svg.match(/<g aria-label="tick"[^>]*>(.*?)<\/g>/)?.[1] ?? "";
 * assert.equal(ticks.split("<line").length - 1, data.deploys);
 * ```
 */
export function timelineChart(data: TimelineChartData, options: ChartOptions): string {
  return data.mode === "marks" ? marksChart(data, options) : binnedChart(data, options);
}
