/**
 * The JSON summary of spec section 4: metric frames turned into plain records. Keys are
 * snake_case, instants are ISO 8601 UTC with `Z`, and every ratio or average over nothing is null.
 *
 * @example
 * ```ts
 * import { analyze } from "./analysis.ts";
 * import { summarize } from "./summary.ts";
 * const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
 * console.assert(summary.deploys_per_day.length === 14);
 * console.assert(summary.events.read === summary.events.used + summary.events.rejected.length);
 * ```
 * @module
 */
import pl from "nodejs-polars";
import type { Analysis } from "./analysis.ts";
import {
  type DeploymentFrequency,
  deploymentFrequencyFrame,
  deploymentFrequencyOf,
} from "./metrics/deployment_frequency.ts";
import { deploysPerDay } from "./metrics/deploys_per_day.ts";
import { type ChangeFailureRate, changeFailureFrame } from "./metrics/change_failure.ts";
import { type LeadTime, leadTimeFrame, leadTimesFrame } from "./metrics/lead_time.ts";
import { recoveryFrame, recoveryOf, type RecoverySummary } from "./metrics/recovery.ts";
import { reworkFrame, type ReworkRate } from "./metrics/rework.ts";
import { classifyTiers, type Tiers } from "./tiers/classify.ts";
import { DEFAULT_REPORT_YEAR } from "./tiers/tables.ts";
import type { Rejection } from "./events.ts";

export interface IncidentSummary {
  id: string;
  service: string;
  start: string;
  resolved: string | null;
  recovery_minutes: number | null;
  caused_by: string | null;
}

export interface ServiceSummary {
  deploys: number;
  incidents: number;
  deployment_frequency: DeploymentFrequency;
  recovery: RecoverySummary;
  change_failure_rate: ChangeFailureRate;
  lead_time: LeadTime;
  rework_rate: ReworkRate;
}

export interface Summary {
  source: { kind: "synthetic" | "file"; seed: number | null; files: string[]; profile?: string };
  window: { start: string; end: string; days: number; timezone: string };
  events: { read: number; used: number; outside_window: number; rejected: Rejection[] };
  deploys_per_day: { date: string; deploys: number }[];
  deployment_frequency: DeploymentFrequency;
  incidents: IncidentSummary[];
  recovery: RecoverySummary;
  change_failure_rate: ChangeFailureRate;
  lead_time: LeadTime;
  rework_rate: ReworkRate;
  tiers: Tiers;
  by_service: Record<string, ServiceSummary>;
}

export interface SummaryOptions {
  /** DORA report year whose tier table rates the metrics. Default 2023. */
  reportYear?: number;
}

/** An instant as ISO 8601 UTC with `Z`, or null. */
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
  const services = pl.concat([analysis.deploys.select("service"), analysis.incidents.select("service")]);
  return services.select(pl.col("service").unique().sort()).getColumn("service").toArray() as string[];
}

function incidentRecords(analysis: Analysis): IncidentSummary[] {
  return analysis.incidents.toRecords().map((row) => ({
    id: String(row.id),
    service: String(row.service),
    start: isoInstant(row.start)!,
    resolved: isoInstant(row.resolved),
    recovery_minutes: finiteOrNull(row.recovery_minutes),
    caused_by: (row.caused_by ?? null) as string | null,
  }));
}

/** Frames of one metric keyed by service. */
function keyedByService(frame: pl.DataFrame): Map<string, Record<string, unknown>> {
  return new Map(frame.toRecords().map((row) => [String(row.service), row]));
}

function byService(analysis: Analysis, leadTimes: pl.DataFrame): Record<string, ServiceSummary> {
  const by = ["service"];
  const services = servicesOf(analysis);
  const perDay = deploysPerDay(analysis.deploys, analysis.window, by, services);
  const frequency = keyedByService(deploymentFrequencyFrame(perDay, by));
  const recovery = keyedByService(recoveryFrame(analysis.incidents, by));
  const changeFailure = keyedByService(changeFailureFrame(analysis.deploys, analysis.incidents, by));
  const leadTime = keyedByService(leadTimeFrame(leadTimes, by));
  const rework = keyedByService(reworkFrame(analysis.deploys, analysis.incidentSpans, by));
  const result: Record<string, ServiceSummary> = {};
  for (const service of services) {
    const serviceFrequency = deploymentFrequencyOf(frequency.get(service)!);
    const serviceRecovery = recoveryOf(recovery.get(service));
    result[service] = {
      deploys: serviceFrequency.deploys,
      incidents: serviceRecovery.incidents,
      deployment_frequency: serviceFrequency,
      recovery: serviceRecovery,
      change_failure_rate: changeFailureOf(changeFailure.get(service)),
      lead_time: leadTimeOf(leadTime.get(service)),
      rework_rate: reworkOf(rework.get(service)),
    };
  }
  return result;
}

// A service without deploys has no row in the deploy-based frames: it reads as zeros.
function changeFailureOf(row: Record<string, unknown> | undefined): ChangeFailureRate {
  return { deploys: Number(row?.deploys ?? 0), failed_deploys: Number(row?.failed_deploys ?? 0), rate: finiteOrNull(row?.rate) };
}

function reworkOf(row: Record<string, unknown> | undefined): ReworkRate {
  return { deploys: Number(row?.deploys ?? 0), rework_deploys: Number(row?.rework_deploys ?? 0), rate: finiteOrNull(row?.rate) };
}

function leadTimeOf(row: Record<string, unknown> | undefined): LeadTime {
  return { changes: Number(row?.changes ?? 0), median_minutes: finiteOrNull(row?.median_minutes) };
}

/** Builds the JSON summary of an analysis. */
export function summarize(analysis: Analysis, options: SummaryOptions = {}): Summary {
  const { source, window } = analysis;
  const leadTimes = leadTimesFrame(analysis.deploys);
  const deploymentFrequency = deploymentFrequencyOf(deploymentFrequencyFrame(analysis.deploysPerDay).toRecords()[0]);
  const recovery = recoveryOf(recoveryFrame(analysis.incidents).toRecords()[0]);
  const changeFailure = changeFailureOf(changeFailureFrame(analysis.deploys, analysis.incidents).toRecords()[0]);
  const leadTime = leadTimeOf(leadTimeFrame(leadTimes).toRecords()[0]);
  const rejected = analysis.rejected.toRecords().map((row) => ({
    file: String(row.file),
    line: Number(row.line),
    reason: String(row.reason),
  }));
  return {
    source: source.kind === "synthetic"
      ? { kind: "synthetic", seed: source.seed, files: [], ...(source.profileName ? { profile: source.profileName } : {}) }
      : { kind: "file", seed: null, files: [...source.files] },
    window: { start: window.start, end: window.end, days: window.days, timezone: window.timeZone },
    events: {
      read: analysis.read,
      used: analysis.eventsInWindow,
      outside_window: analysis.outside,
      rejected,
    },
    deploys_per_day: analysis.deploysPerDay.toRecords().map((row) => ({
      date: String(row.date),
      deploys: Number(row.deploys),
    })),
    deployment_frequency: deploymentFrequency,
    incidents: incidentRecords(analysis),
    recovery,
    change_failure_rate: changeFailure,
    lead_time: leadTime,
    rework_rate: reworkOf(reworkFrame(analysis.deploys, analysis.incidentSpans).toRecords()[0]),
    tiers: classifyTiers({
      frequencyClass: deploymentFrequency.class,
      leadTimeMinutes: leadTime.median_minutes,
      changeFailureRate: changeFailure.rate,
      recoveryMinutes: recovery.median_minutes,
    }, options.reportYear ?? DEFAULT_REPORT_YEAR),
    by_service: byService(analysis, leadTimes),
  };
}
