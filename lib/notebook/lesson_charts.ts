/**
 * The notebook's charts, each drawn from the frame its section built: change a step (keep one
 * service, drop a day) and the chart below it changes with it. Each chart is the same chart the
 * CLI draws, given the analysis of the loaded universe with the trainee's frame in place of the
 * pipeline's, so it looks exactly like the report's when nothing was changed.
 *
 * Every chart's subtitle starts with its universe (the charts' own label: `Seed 42, mixed team`,
 * or the events file's name), and each chart shows as a cell's last expression.
 *
 * @module
 */
import type pl from "nodejs-polars";
import { JSDOM } from "jsdom";
import type { Analysis } from "../pipeline/analysis.ts";
import { deploymentFrequencyOf, frequencyStats } from "../metrics/deployment_frequency.ts";
import { recoveryOf, recoveryStats } from "../metrics/recovery.ts";
import { leadTimeStats } from "../metrics/lead_time.ts";
import { classifyTiers } from "../metrics/tiers/classify.ts";
import { DEFAULT_REPORT_YEAR } from "../metrics/tiers/tables.ts";
import type { Summary } from "../pipeline/summary.ts";
import { deploysPerDayData } from "../charts/deploys_per_day_data.ts";
import {
  DEPLOYS_PER_DAY_CHART_NAME,
  DEPLOYS_PER_DAY_TITLE,
  deploysPerDayChart,
} from "../charts/deploys_per_day.ts";
import { deploymentFrequencyData } from "../charts/deployment_frequency_data.ts";
import {
  DEPLOYMENT_FREQUENCY_CHART_NAME,
  DEPLOYMENT_FREQUENCY_TITLE,
  deploymentFrequencyChart,
} from "../charts/deployment_frequency.ts";
import { recoveryData } from "../charts/recovery_data.ts";
import { recoveryChart } from "../charts/recovery.ts";
import { RECOVERY_CHART_NAME, RECOVERY_TITLE } from "../charts/recovery_parts.ts";
import { timelineData } from "../charts/timeline_data.ts";
import { TIMELINE_CHART_NAME, TIMELINE_TITLE, timelineChart } from "../charts/timeline.ts";
import { leadTimeData } from "../charts/lead_time_data.ts";
import { LEAD_TIME_CHART_NAME, LEAD_TIME_TITLE, leadTimeChart } from "../charts/lead_time.ts";
import { svgFigure } from "../report/html.ts";
import { escapeHtml } from "../report/escape_html.ts";
import { type Displayable, displayable } from "./frame_view.ts";
import { currentUniverse } from "./lesson.ts";

let sharedDocument: Document | undefined;

/** One jsdom document for every chart of the session: creating one costs tens of milliseconds. */
function chartDocument(): Document {
  return sharedDocument ??= new JSDOM("").window.document;
}

/** The loaded universe's analysis with some of its frames replaced by the trainee's. */
function analysisWith(frames: Partial<Analysis>): { analysis: Analysis; label: string } {
  const { analysis, label } = currentUniverse();
  const descriptors = Object.fromEntries(
    Object.entries(frames).map(([name, value]) => [name, { value, enumerable: true }]),
  );
  return { analysis: Object.create(analysis, descriptors) as Analysis, label };
}

/** A chart as the notebook shows it: the figure in `<div data-view="chart-<id>">`. */
function chartOutput(
  { id, title, svg, universe }: { id: string; title: string; svg: string; universe: string },
): Displayable {
  return displayable({
    "text/html": `<div class="dora-view" data-view="chart-${escapeHtml(id)}">${
      svgFigure({ id, title, svg }).html
    }</div>`,
    "text/plain": `[chart] ${title} (${universe})`,
  });
}

/** Deployments per day, drawn from a deploys-per-day frame (`onCalendar`'s columns). */
export function drawDeploysPerDay(perDay: pl.DataFrame): Displayable {
  const { analysis, label } = analysisWith({ deploysPerDay: perDay });
  const frequency = deploymentFrequencyOf(frequencyStats(perDay).toRecords()[0]);
  const svg = deploysPerDayChart(deploysPerDayData(analysis, frequency), {
    document: chartDocument(),
  });
  return chartOutput({
    id: DEPLOYS_PER_DAY_CHART_NAME,
    title: DEPLOYS_PER_DAY_TITLE,
    svg,
    universe: label,
  });
}

/** Deploys per ISO week with the frequency class, drawn from a deploys-per-day frame. */
export function drawDeploymentFrequency(perDay: pl.DataFrame): Displayable {
  const { analysis, label } = analysisWith({ deploysPerDay: perDay });
  const frequency = deploymentFrequencyOf(frequencyStats(perDay).toRecords()[0]);
  const svg = deploymentFrequencyChart(deploymentFrequencyData(analysis, frequency), {
    document: chartDocument(),
  });
  return chartOutput({
    id: DEPLOYMENT_FREQUENCY_CHART_NAME,
    title: DEPLOYMENT_FREQUENCY_TITLE,
    svg,
    universe: label,
  });
}

/** Recovery time per incident, drawn from a frame with `recovery_minutes` (`withRecoveryMinutes`). */
export function drawRecovery(recoveries: pl.DataFrame): Displayable {
  const { analysis, label } = analysisWith({ incidents: recoveries });
  const recovery = recoveryOf(recoveryStats(recoveries).toRecords()[0]);
  const svg = recoveryChart(recoveryData(analysis, recovery), { document: chartDocument() });
  return chartOutput({ id: RECOVERY_CHART_NAME, title: RECOVERY_TITLE, svg, universe: label });
}

/** Deploys and incidents on one time axis, drawn from the deploys and the incidents frames. */
export function drawTimeline(deploys: pl.DataFrame, incidents: pl.DataFrame): Displayable {
  const { analysis, label } = analysisWith({ deploys, incidents });
  const svg = timelineChart(timelineData(analysis), { document: chartDocument() });
  return chartOutput({ id: TIMELINE_CHART_NAME, title: TIMELINE_TITLE, svg, universe: label });
}

/** What {@link drawLeadTime} rates the lead times with. */
export interface LeadTimeChartOptions {
  /** The DORA report whose levels colour the buckets. Default 2023. */
  reportYear?: number;
}

/** Changes per lead-time bucket, coloured by DORA level, drawn from a lead-times frame. */
export function drawLeadTime(
  changes: pl.DataFrame,
  { reportYear = DEFAULT_REPORT_YEAR }: LeadTimeChartOptions = {},
): Displayable {
  // `leadTimes` of a lead-times frame is the frame itself, so it can stand in for the deploys.
  const { analysis, label } = analysisWith({ deploys: changes });
  const [stats] = leadTimeStats(changes).toRecords();
  const medianMinutes = stats.median_minutes == null ? null : Number(stats.median_minutes);
  const tiers = classifyTiers({
    frequencyClass: null,
    leadTimeMinutes: medianMinutes,
    changeFailureRate: null,
    recoveryMinutes: null,
  }, reportYear);
  const summary = {
    lead_time: { changes: Number(stats.changes), median_minutes: medianMinutes },
    tiers,
  } as unknown as Summary;
  const svg = leadTimeChart(leadTimeData(analysis, summary), { document: chartDocument() });
  return chartOutput({ id: LEAD_TIME_CHART_NAME, title: LEAD_TIME_TITLE, svg, universe: label });
}
