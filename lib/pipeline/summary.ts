/**
 * The JSON summary of spec section 4: metric frames turned into plain records. Keys are
 * snake_case, instants are ISO 8601 UTC with `Z`, and every ratio or average over nothing is null.
 *
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "./analysis.ts";
import {
  type DeploymentFrequency,
  deploymentFrequencyOf,
  frequencyStats,
} from "../metrics/deployment_frequency.ts";
import { deploysPerDay } from "../metrics/deploys_per_day.ts";
import {
  type ChangeFailureRate,
  changeFailureRate,
  failedDeploys,
} from "../metrics/change_failure.ts";
import { type LeadTime, leadTimes, leadTimeStats } from "../metrics/lead_time.ts";
import { recoveryOf, recoveryStats, type RecoverySummary } from "../metrics/recovery.ts";
import { failedDeploymentRecoveryFrame } from "../metrics/recovery_split.ts";
import { incidentRecords, type IncidentSummary } from "./incident_records.ts";
import { definitionsOf } from "./definitions.ts";
import { scenarioName } from "../synthetic/scenario.ts";
import type { DefinitionScore } from "../metrics/definitions/score.ts";
import { reworkFrame, type ReworkRate } from "../metrics/rework.ts";
import { classifyTiers, type Tiers } from "../metrics/tiers/classify.ts";
import { DEFAULT_REPORT_YEAR } from "../metrics/tiers/tables.ts";
import type { Rejection } from "../core/events.ts";

export type { IncidentSummary };

/** The metrics of one service. */
export interface ServiceSummary {
  /** The service's deploys in the window. */
  deploys: number;
  /** The service's incidents that start in the window. */
  incidents: number;
  /** The service's deployment frequency. */
  deployment_frequency: DeploymentFrequency;
  /** The service's recovery time. */
  recovery: RecoverySummary;
  /** The service's failed deployment recovery time: recovery over its deploy-caused incidents. */
  failed_deployment_recovery: RecoverySummary;
  /** The service's change failure rate. */
  change_failure_rate: ChangeFailureRate;
  /** The service's change lead time. */
  lead_time: LeadTime;
  /** The service's deployment rework rate. */
  rework_rate: ReworkRate;
}

/** Where the summarized events came from. */
export interface SummarySource {
  /** A synthetic universe or files. */
  kind: "synthetic" | "file";
  /** The synthetic universe's seed; null for files. */
  seed: number | null;
  /** The files read; empty for synthetic data. */
  files: string[];
  /** The generator profile, when not the mixed team. */
  profile?: string;
  /** The scenario knobs (e.g. `shock@8`), when the universe was changed by any. */
  scenario?: string;
}

/** The report window. */
export interface SummaryWindow {
  /** First local date, `YYYY-MM-DD`. */
  start: string;
  /** Last local date, `YYYY-MM-DD`. */
  end: string;
  /** Calendar days from start to end. */
  days: number;
  /** The IANA zone the days are counted in. */
  timezone: string;
}

/** What happened to the rows read. */
export interface SummaryEvents {
  /** Rows read from the source. */
  read: number;
  /** Used events inside the window. */
  used: number;
  /** Used events outside an explicit window. */
  outside_window: number;
  /** Rows not used, each with its reason. */
  rejected: Rejection[];
  /** Rows left out on purpose, so that `read = used + outside_window + rejected + filtered`. */
  filtered: SummaryFiltered;
}

/** The rows an adapter's rule or a filter flag left out, counted per filter. */
export interface SummaryFiltered {
  /** All of them. */
  rows: number;
  /** Rows per filter name (`environment`, `workflow`, `outcome`, `priority`, …), sorted by name. */
  by_filter: Record<string, number>;
}

/** Deploys on one calendar day of the window. */
export interface DayCount {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** Deploys on that day. */
  deploys: number;
}

/** The JSON summary of an analysis (spec section 4). */
export interface Summary {
  /** Where the events came from. */
  source: SummarySource;
  /** The report window. */
  window: SummaryWindow;
  /** Rows read, used, outside the window and rejected. */
  events: SummaryEvents;
  /** Deploys per calendar day of the window. */
  deploys_per_day: DayCount[];
  /** Deployment frequency of the window. */
  deployment_frequency: DeploymentFrequency;
  /** Every incident that starts in the window, by start time. */
  incidents: IncidentSummary[];
  /** Recovery time of the window's incidents. */
  recovery: RecoverySummary;
  /**
   * Failed deployment recovery time (DORA's metric since 2023): recovery over the incidents a
   * deploy caused (those with a `caused_by`) only.
   */
  failed_deployment_recovery: RecoverySummary;
  /** Time to restore service (DORA's name before 2023): recovery over all incidents, as `recovery`. */
  time_to_restore: RecoverySummary;
  /** Change failure rate of the window's deploys. */
  change_failure_rate: ChangeFailureRate;
  /** Change lead time of the window's deploys. */
  lead_time: LeadTime;
  /** Deployment rework rate of the window's deploys. */
  rework_rate: ReworkRate;
  /** The DORA level of each metric. */
  tiers: Tiers;
  /** The same metrics per service, by service name. */
  by_service: Record<string, ServiceSummary>;
  /**
   * Change failure rate and recovery under each requested tool's definition of the same events
   * ("why tools disagree"); only when asked for (`--definitions`).
   */
  definitions?: DefinitionScore[];
}

/** How {@link summarize} rates the metrics. */
export interface SummaryOptions {
  /** DORA report year whose tier table rates the metrics. Default 2023. */
  reportYear?: number;
  /** Tool definitions to score the events under (`definitions` key); none by default. */
  definitions?: readonly string[];
}

/**
 * An instant as ISO 8601 UTC with `Z`, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isoInstant } from "./summary.ts";
 *
 * assert.equal(isoInstant(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), "2024-01-02T03:04:05.006Z");
 * assert.equal(isoInstant(new Date(0)), "1970-01-01T00:00:00.000Z");
 * assert.equal(isoInstant(null), null);
 * ```
 */
export function isoInstant(value: unknown): string | null {
  if (value == null) return null;
  const date = value instanceof Date ? value : new Date(Number(value));
  return date.toISOString();
}

function finiteOrNull(value: unknown): number | null {
  if (value == null) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The services seen in the window, sorted. */
export function servicesOf(analysis: Analysis): string[] {
  // Each frame's few distinct services first: millions of deploys are never copied into one column.
  const services = pl.concat([
    analysis.deploys.select(pl.col("service").unique()),
    analysis.incidents.select(pl.col("service").unique()),
  ]);
  return services.select(pl.col("service").unique().sort()).getColumn("service")
    .toArray() as string[];
}

/** The filtered rows counted per filter. */
function filteredCounts(filtered: pl.DataFrame): SummaryFiltered {
  const counts = filtered.groupBy("filtered_by").agg(pl.len().alias("rows")).sort("filtered_by");
  const byFilter: Record<string, number> = {};
  for (const row of counts.toRecords()) byFilter[String(row.filtered_by)] = Number(row.rows);
  return { rows: filtered.height, by_filter: byFilter };
}

/** Frames of one metric keyed by service. */
function keyedByService(frame: pl.DataFrame): Map<string, Record<string, unknown>> {
  return new Map(frame.toRecords().map((row) => [String(row.service), row]));
}

/** A per-service count frame summed over services, with its rate recomputed. */
function summed(frame: pl.DataFrame, counted: string): Record<string, unknown> {
  return frame.select(
    pl.col("deploys").sum().cast(pl.Int64).alias("deploys"),
    pl.col(counted).sum().cast(pl.Int64).alias(counted),
  ).withColumns(
    pl.when(pl.col("deploys").gt(0)).then(pl.col(counted).cast(pl.Float64).div(pl.col("deploys")))
      .otherwise(pl.lit(null).cast(pl.Float64)).alias("rate"),
  ).toRecords()[0];
}

// A service without deploys has no row in the deploy-based frames: it reads as zeros.
function changeFailureOf(row: Record<string, unknown> | undefined): ChangeFailureRate {
  return {
    deploys: Number(row?.deploys ?? 0),
    failed_deploys: Number(row?.failed_deploys ?? 0),
    rate: finiteOrNull(row?.rate),
  };
}

function reworkOf(row: Record<string, unknown> | undefined): ReworkRate {
  return {
    deploys: Number(row?.deploys ?? 0),
    rework_deploys: Number(row?.rework_deploys ?? 0),
    rate: finiteOrNull(row?.rate),
  };
}

function leadTimeOf(row: Record<string, unknown> | undefined): LeadTime {
  return { changes: Number(row?.changes ?? 0), median_minutes: finiteOrNull(row?.median_minutes) };
}

/**
 * Rejected rows (`file` names, `line`, `reason`) as records, built from whole columns: a file can
 * have millions of them, and a record per row from `toRecords` costs several times more.
 */
export function rejectionsOf(rejected: pl.DataFrame): Rejection[] {
  // A few file names for millions of rows: each name is made once, and rows take it by its rank.
  const names = rejected.select(pl.col("file").unique().sort()).getColumn("file").toArray();
  const fileRanks = rejected.select(pl.col("file").rank("dense").cast(pl.Float64))
    .getColumn("file").toArray();
  const lines = rejected.getColumn("line").cast(pl.Float64).toArray();
  const reasons = rejected.getColumn("reason").toArray();
  return reasons.map((reason, row) => ({
    file: String(names[Number(fileRanks[row]) - 1]),
    line: Number(lines[row]),
    reason: String(reason),
  }));
}

/**
 * Builds the JSON summary of an analysis.
 *
 * @example Every row read is used or rejected
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyze } from "./analysis.ts";
 * import { summarize } from "./summary.ts";
 *
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * assert.equal(summary.deploys_per_day.length, 14);
 * assert.equal(summary.events.read, summary.events.used + summary.events.rejected.length);
 * assert.equal(summary.tiers.report_year, 2023);
 * const services = Object.values(summary.by_service);
 * assert.equal(services.reduce((sum, service) => sum + service.deploys, 0), summary.deployment_frequency.deploys);
 * ```
 */
export function summarize(analysis: Analysis, options: SummaryOptions = {}): Summary {
  const { source, window } = analysis;
  const by = ["service"];
  const services = servicesOf(analysis);
  const changes = leadTimes(analysis.deploys);
  // Counts add up over services, so these are computed once per service and summed.
  const changeFailureByService = changeFailureRate(
    analysis.deploys,
    failedDeploys(analysis.deploys, analysis.incidents),
    { by },
  );
  const reworkByService = reworkFrame(analysis.deploys, analysis.incidentSpans, { by });
  const perDayByService = deploysPerDay(analysis.deploys, analysis.window, { by, services });

  const deploymentFrequency = deploymentFrequencyOf(
    frequencyStats(analysis.deploysPerDay).toRecords()[0],
  );
  const recovery = recoveryOf(recoveryStats(analysis.incidents).toRecords()[0]);
  const failedDeploymentRecovery = recoveryOf(
    failedDeploymentRecoveryFrame(analysis.incidents).toRecords()[0],
  );
  const changeFailure = changeFailureOf(summed(changeFailureByService, "failed_deploys"));
  const leadTime = leadTimeOf(leadTimeStats(changes).toRecords()[0]);

  const frequency = keyedByService(frequencyStats(perDayByService, { by }));
  const serviceRecovery = keyedByService(recoveryStats(analysis.incidents, { by }));
  const serviceFailedRecovery = keyedByService(
    failedDeploymentRecoveryFrame(analysis.incidents, { by }),
  );
  const serviceChangeFailure = keyedByService(changeFailureByService);
  const serviceLeadTime = keyedByService(leadTimeStats(changes, { by }));
  const serviceRework = keyedByService(reworkByService);
  const byService: Record<string, ServiceSummary> = {};
  for (const service of services) {
    const serviceFrequency = deploymentFrequencyOf(frequency.get(service)!);
    const recoveryOfService = recoveryOf(serviceRecovery.get(service));
    byService[service] = {
      deploys: serviceFrequency.deploys,
      incidents: recoveryOfService.incidents,
      deployment_frequency: serviceFrequency,
      recovery: recoveryOfService,
      failed_deployment_recovery: recoveryOf(serviceFailedRecovery.get(service)),
      change_failure_rate: changeFailureOf(serviceChangeFailure.get(service)),
      lead_time: leadTimeOf(serviceLeadTime.get(service)),
      rework_rate: reworkOf(serviceRework.get(service)),
    };
  }

  const rejected = rejectionsOf(analysis.rejected);
  const scenario = source.kind === "synthetic" ? scenarioName(source.scenario) : undefined;
  const summary: Summary = {
    source: source.kind === "synthetic"
      ? {
        kind: "synthetic",
        seed: source.seed,
        files: [],
        ...(source.profileName ? { profile: source.profileName } : {}),
        ...(scenario ? { scenario } : {}),
      }
      : { kind: "file", seed: null, files: [...source.files] },
    window: { start: window.start, end: window.end, days: window.days, timezone: window.timeZone },
    events: {
      read: analysis.read,
      used: analysis.eventsInWindow,
      outside_window: analysis.outside,
      rejected,
      filtered: filteredCounts(analysis.filtered),
    },
    deploys_per_day: analysis.deploysPerDay.toRecords().map((row) => ({
      date: String(row.date),
      deploys: Number(row.deploys),
    })),
    deployment_frequency: deploymentFrequency,
    incidents: [],
    recovery,
    failed_deployment_recovery: failedDeploymentRecovery,
    time_to_restore: { ...recovery },
    change_failure_rate: changeFailure,
    lead_time: leadTime,
    rework_rate: reworkOf(summed(reworkByService, "rework_deploys")),
    tiers: classifyTiers({
      frequencyClass: deploymentFrequency.class,
      leadTimeMinutes: leadTime.median_minutes,
      changeFailureRate: changeFailure.rate,
      recoveryMinutes: recovery.median_minutes,
      failedDeploymentRecoveryMinutes: failedDeploymentRecovery.median_minutes,
    }, options.reportYear ?? DEFAULT_REPORT_YEAR),
    by_service: byService,
  };
  if (options.definitions?.length) {
    summary.definitions = definitionsOf(analysis, options.definitions);
  }
  // Hundreds of thousands of incident records cost seconds to build, and the report and the
  // text summary never list more than a few: they are built on first use.
  let incidents: IncidentSummary[] | undefined;
  Object.defineProperty(summary, "incidents", {
    enumerable: true,
    get: () => incidents ??= incidentRecords(analysis),
  });
  return summary;
}
