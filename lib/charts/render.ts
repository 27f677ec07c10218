/**
 * The four charts of an analysis, each as one standalone SVG string with its file name.
 *
 * The caller passes the DOM (`new JSDOM("").window.document`), so code paths that print only
 * JSON never load jsdom. Outputs are deterministic: ids are per chart (`timeline-1`, …), so a
 * chart is byte-identical however many charts were drawn before it.
 *
 * @module
 */
import type { Analysis } from "../pipeline/analysis.ts";
import { type ChartsData, chartsData } from "./data.ts";
import {
  DEPLOYMENT_FREQUENCY_CHART_NAME,
  DEPLOYMENT_FREQUENCY_TITLE,
  deploymentFrequencyChart,
} from "./deployment_frequency.ts";
import {
  DEPLOYS_PER_DAY_CHART_NAME,
  DEPLOYS_PER_DAY_TITLE,
  deploysPerDayChart,
} from "./deploys_per_day.ts";
import { LEAD_TIME_CHART_NAME, LEAD_TIME_TITLE, leadTimeChart } from "./lead_time.ts";
import { recoveryChart } from "./recovery.ts";
import { RECOVERY_CHART_NAME, RECOVERY_TITLE } from "./recovery_parts.ts";
import type { ChartOptions } from "./svg.ts";
import { TIMELINE_CHART_NAME, TIMELINE_TITLE, timelineChart } from "./timeline.ts";
import type { Summary } from "../pipeline/summary.ts";

/** One drawn chart. */
export interface RenderedChart {
  /** Stable id, also the prefix of every id inside the SVG. */
  id: string;
  /** The chart's title, as its `<title>` says. */
  title: string;
  /** File name to write it under, e.g. `01_deployment_frequency.svg`. */
  file: string;
  /** The standalone SVG document. */
  svg: string;
}

/**
 * Draws the four charts of spec section 5, then the lead-time distribution, in report order.
 *
 * @example Seed 42: five standalone SVGs, the same bytes however often they are drawn
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { renderCharts } from "./render.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * const document = new JSDOM("").window.document;
 * const charts = renderCharts(analysis, summary, { document });
 * assert.deepEqual(charts.map((chart) => chart.file), [
 *   "01_deployment_frequency.svg",
 *   "02_deploys_per_day.svg",
 *   "03_recovery_time.svg",
 *   "04_timeline.svg",
 *   "05_lead_time.svg",
 * ]);
 * for (const chart of charts) assert.ok(chart.svg.includes(`<title id="${chart.id}-title">${chart.title}</title>`));
 * assert.deepEqual(renderCharts(analysis, summary, { document }), charts);
 * ```
 */
export function renderCharts(
  analysis: Analysis,
  summary: Summary,
  options: ChartOptions,
): RenderedChart[] {
  return drawCharts(chartsData(analysis, summary), options);
}

/**
 * Draws the charts from data already aggregated (see `chartsData`): no polars needed here.
 *
 * @example The data can travel (e.g. to a page) before it is drawn
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze } from "../pipeline/analysis.ts";
 * import { summarize } from "../pipeline/summary.ts";
 * import { chartsData } from "./data.ts";
 * import { drawCharts, renderCharts } from "./render.ts";
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * const document = new JSDOM("").window.document;
 * const drawn = drawCharts(chartsData(analysis, summary), { document });
 * assert.deepEqual(drawn, renderCharts(analysis, summary, { document }));
 * ```
 */
export function drawCharts(data: ChartsData, options: ChartOptions): RenderedChart[] {
  return [
    {
      id: DEPLOYMENT_FREQUENCY_CHART_NAME,
      title: DEPLOYMENT_FREQUENCY_TITLE,
      file: "01_deployment_frequency.svg",
      svg: deploymentFrequencyChart(data.deploymentFrequency, options),
    },
    {
      id: DEPLOYS_PER_DAY_CHART_NAME,
      title: DEPLOYS_PER_DAY_TITLE,
      file: "02_deploys_per_day.svg",
      svg: deploysPerDayChart(data.deploysPerDay, options),
    },
    {
      id: RECOVERY_CHART_NAME,
      title: RECOVERY_TITLE,
      file: "03_recovery_time.svg",
      svg: recoveryChart(data.recovery, options),
    },
    {
      id: TIMELINE_CHART_NAME,
      title: TIMELINE_TITLE,
      file: "04_timeline.svg",
      svg: timelineChart(data.timeline, options),
    },
    {
      id: LEAD_TIME_CHART_NAME,
      title: LEAD_TIME_TITLE,
      file: "05_lead_time.svg",
      svg: leadTimeChart(data.leadTime, options),
    },
  ];
}
