/**
 * DORA delivery metrics from raw events, with nodejs-polars and Observable Plot.
 *
 * The public surface: read or generate events and {@link analyze} them, {@link summarize} the
 * analysis into the contract's metrics, and draw the charts with {@link renderCharts} or one
 * chart at a time (each chart is a data function and a draw function shaped `(data, options)`).
 *
 * Data flows one way: events → DataFrame → metric frames → records → figures. The folders under
 * `lib/` follow that flow; their own `mod.ts` files export the smaller building blocks.
 *
 * @example Metrics and charts of a synthetic universe
 * ```ts
 * import assert from "node:assert/strict";
 * import { JSDOM } from "jsdom";
 * import { analyze, renderCharts, summarize } from "./mod.ts";
 *
 * const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
 * const summary = summarize(analysis);
 * assert.equal(summary.window.days, 14);
 * assert.equal(summary.deploys_per_day.length, 14);
 *
 * const charts = renderCharts(analysis, summary, { document: new JSDOM("").window.document });
 * assert.equal(charts.length, 5);
 * assert.ok(charts.every((chart) => chart.svg.startsWith("<svg")));
 * ```
 *
 * @module
 */
export {
  type Analysis,
  type AnalysisOptions,
  analyze,
  analyzeRecords,
  type DataFrame,
  type EventSource,
  type FileSource,
  NoEventsError,
  type SyntheticSource,
} from "./pipeline/analysis.ts";
export {
  type DayCount,
  type IncidentSummary,
  type ServiceSummary,
  summarize,
  type Summary,
  type SummaryEvents,
  type SummaryFiltered,
  type SummaryOptions,
  type SummarySource,
  type SummaryWindow,
} from "./pipeline/summary.ts";
export type { ChangeFailureRate } from "./metrics/change_failure.ts";
export {
  type DeploymentFrequency,
  FREQUENCY_CLASSES,
  type FrequencyClass,
} from "./metrics/deployment_frequency.ts";
export type { LeadTime } from "./metrics/lead_time.ts";
export type { RecoverySummary } from "./metrics/recovery.ts";
export {
  DEFINITION_NAMES,
  type DefinitionScore,
  parseDefinitionNames,
} from "./metrics/definitions/score.ts";
export { definitionsOf } from "./pipeline/definitions.ts";
export type { ReworkRate } from "./metrics/rework.ts";
export type { Tiers } from "./metrics/tiers/classify.ts";
export type { LevelName } from "./metrics/tiers/tables.ts";
export type { ReportWindow } from "./core/window.ts";
export type { CalendarDay } from "./core/calendar.ts";
export type { ReadOptions } from "./ingest/read_events.ts";
export type { RowFilters, ServiceMapping } from "./ingest/filters.ts";
export type { ColumnMap } from "./ingest/column_map.ts";
export type { AdapterOptions } from "./ingest/adapters/adapter.ts";
export {
  CANONICAL_COLUMNS,
  type CanonicalColumn,
  EVENT_TYPES,
  type EventRecord,
  type EventType,
  type Rejection,
} from "./core/events.ts";
export {
  generateEvents,
  type GeneratorOptions,
  SYNTHETIC_START_DATE,
} from "./synthetic/generator.ts";
export {
  type GeneratorProfile,
  type NamedProfile,
  PROFILE_NAMES,
  type ProfileName,
  PROFILES,
} from "./synthetic/profiles.ts";
export {
  describeScenario,
  type FailureShock,
  type FasterRecovery,
  parseScenario,
  type Scenario,
  SCENARIO_DEFAULTS,
  scenarioName,
} from "./synthetic/scenario.ts";
export {
  type CompareOptions,
  compareUniverses,
  parseUniverses,
  scenarioPair,
  type ScenarioPairOptions,
  type Universe,
  type UniverseSpec,
} from "./pipeline/universes.ts";
export {
  changesText,
  type EventCounts,
  type ScenarioChanges,
  scenarioChanges,
  type ScenarioChangesOptions,
} from "./pipeline/scenario_changes.ts";
export { drawCharts, renderCharts, type RenderedChart } from "./charts/render.ts";
export { type ChartsData, chartsData } from "./charts/data.ts";
export { type ChartOptions, mergeSharedY, type SharedY } from "./charts/svg.ts";
export type { ChartWindow } from "./charts/binning.ts";
export {
  type DeploymentFrequencyChartData,
  deploymentFrequencyData,
  type WeekBar,
} from "./charts/deployment_frequency_data.ts";
export { deploymentFrequencyChart } from "./charts/deployment_frequency.ts";
export {
  type DayBar,
  type DeploysPerDayChartData,
  deploysPerDayData,
} from "./charts/deploys_per_day_data.ts";
export { deploysPerDayChart, deploysPerDayYRange } from "./charts/deploys_per_day.ts";
export {
  type OpenCell,
  type OpenIncidentDot,
  type RecoveryCell,
  type RecoveryChartData,
  type RecoveryCommon,
  recoveryData,
  type RecoveryDot,
} from "./charts/recovery_data.ts";
export { recoveryChart, recoveryYRange, sharedRecoveryY } from "./charts/recovery.ts";
export {
  type CountCell,
  type DeployTick,
  type IncidentBar,
  type Lane,
  type OpenLaneMark,
  type TimelineChartData,
  type TimelineCommon,
  timelineData,
} from "./charts/timeline_data.ts";
export { timelineChart } from "./charts/timeline.ts";
export {
  type LeadTimeBucket,
  type LeadTimeChartData,
  leadTimeData,
} from "./charts/lead_time_data.ts";
export { leadTimeChart } from "./charts/lead_time.ts";
