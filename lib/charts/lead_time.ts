/**
 * Change lead time: how many changes took how long from commit to production. One bar per
 * lead-time bucket (roughly doubling steps), coloured by the DORA level whose range the bucket
 * falls in, with the bucket that holds the median marked.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { LeadTimeBucket, LeadTimeChartData } from "./lead_time_data.ts";
import { humanDuration } from "../core/duration.ts";
import type { LegendItem } from "./legend.ts";
import { type ChartOptions, standaloneSvg } from "./svg.ts";
import { COLORS, formatCount, LEVEL_COLORS, plural, SIZES } from "./theme.ts";

/** The lead-time chart's name: the prefix of the ids in its SVG. */
export const LEAD_TIME_CHART_NAME = "lead_time";
/** The lead-time chart's title. */
export const LEAD_TIME_TITLE = "Change lead time: commit to production";

/**
 * Draws the change lead time chart as a standalone SVG: a bar of changes per lead-time bucket,
 * coloured by DORA level, with the median's bucket marked.
 *
 * @example Seed 42: the median marked over its bucket
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { humanDuration } from "../core/duration.ts";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { leadTimeData } from "./lead_time_data.ts";
 * import { leadTimeChart } from "./lead_time.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const data = leadTimeData(analysis, summarize(analysis));
 * const svg = leadTimeChart(data, { document: new JSDOM("").window.document });
 * assert.ok(data.changes > 0);
 * assert.ok(svg.includes(`>median ${humanDuration(data.medianMinutes)} ▼</text>`));
 * assert.ok(svg.includes(`${data.level} (DORA ${data.reportYear})`));
 * ```
 */
export function leadTimeChart(
  data: LeadTimeChartData,
  { document, universe }: ChartOptions,
): string {
  const { buckets, medianMinutes } = data;
  const top = Math.max(1, ...buckets.map((bucket) => bucket.changes));
  const medianBucket = medianMinutes === null
    ? null
    : buckets.find((bucket) =>
      medianMinutes >= bucket.from && (bucket.to === null || medianMinutes < bucket.to)
    );
  const marks: Plot.Markish[] = [
    Plot.barY(buckets, {
      x: "label",
      y: "changes",
      fill: (bucket: LeadTimeBucket) => LEVEL_COLORS[bucket.level],
      // An outline keeps the lightest level's bars visible on white.
      stroke: COLORS.text,
      strokeWidth: 0.6,
      title: (bucket: LeadTimeBucket) =>
        `${bucket.label}: ${
          plural(bucket.changes, "change")
        } (${bucket.level} in DORA ${data.reportYear})`,
    }),
    Plot.ruleY([0], { stroke: COLORS.text }),
    Plot.text(buckets.filter((bucket) => bucket.changes > 0), {
      x: "label",
      y: "changes",
      text: (bucket: LeadTimeBucket) => formatCount(bucket.changes),
      dy: -7,
      fill: COLORS.text,
    }),
  ];
  if (medianBucket) {
    marks.push(
      Plot.text([medianBucket], {
        x: "label",
        y: () => top * 1.22,
        text: () => `median ${humanDuration(medianMinutes)} ▼`,
        fill: COLORS.median,
        fontWeight: 700,
        stroke: COLORS.background,
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    );
  }
  const plot = Plot.plot({
    document,
    width: SIZES.width,
    height: 300,
    marginTop: 34,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 44,
    x: {
      type: "band",
      domain: buckets.map((bucket) => bucket.label),
      label: "lead time, commit to deploy",
      labelAnchor: "center",
      labelArrow: "none",
      padding: 0.2,
    },
    y: {
      domain: [0, top * 1.3],
      grid: true,
      label: "changes",
      tickFormat: (value: number) => formatCount(value),
    },
    marks,
  });
  const levels = Object.keys(LEVEL_COLORS).filter((level) =>
    buckets.some((bucket) => bucket.level === level)
  );
  const legend: LegendItem[] = levels.map((level) => ({
    label: `${level} (DORA ${data.reportYear})`,
    swatch: { kind: "rect", fill: LEVEL_COLORS[level], stroke: COLORS.text },
  }));
  const subtitle = data.changes === 0
    ? "No deploy in the window has a commit time, so there is no lead time to show."
    : `Median ${humanDuration(medianMinutes)} over ${plural(data.changes, "change")}` +
      (data.level ? `: ${data.level} in DORA ${data.reportYear}.` : ".");
  return standaloneSvg(plot, {
    document,
    universe: universe ?? data.universe,
    name: LEAD_TIME_CHART_NAME,
    title: LEAD_TIME_TITLE,
    subtitle,
    legend,
    note:
      `Bars are coloured by the DORA ${data.reportYear} level whose lead-time range holds the bucket.`,
  });
}
