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
import { recoveryFrame, recoveryOf, type RecoverySummary } from "./metrics/recovery.ts";
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
}

export interface Summary {
  source: { kind: "synthetic" | "file"; seed: number | null; files: string[]; profile?: string };
  window: { start: string; end: string; days: number; timezone: string };
  events: { read: number; used: number; outside_window: number; rejected: Rejection[] };
  deploys_per_day: { date: string; deploys: number }[];
  deployment_frequency: DeploymentFrequency;
  incidents: IncidentSummary[];
  recovery: RecoverySummary;
  by_service: Record<string, ServiceSummary>;
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
  return analysis.events.select(pl.col("service").unique().sort()).getColumn("service").toArray() as string[];
}

function incidentRecords(analysis: Analysis): IncidentSummary[] {
  return analysis.incidents.toRecords().map((row) => ({
    id: String(row.id),
    service: String(row.service),
    start: isoInstant(row.start)!,
    resolved: isoInstant(row.resolved),
    recovery_minutes: finiteOrNull(row.recovery_minutes),
    caused_by: (row.caused_by ?? row.deploy_id ?? null) as string | null,
  }));
}

function byService(analysis: Analysis): Record<string, ServiceSummary> {
  const perDay = deploysPerDay(analysis.events, analysis.window, ["service"]);
  const frequency = new Map(
    deploymentFrequencyFrame(perDay, ["service"]).toRecords().map((row) => [String(row.service), row]),
  );
  const recovery = new Map(
    recoveryFrame(analysis.incidents, ["service"]).toRecords().map((row) => [String(row.service), row]),
  );
  const result: Record<string, ServiceSummary> = {};
  for (const service of servicesOf(analysis)) {
    const serviceFrequency = deploymentFrequencyOf(frequency.get(service)!);
    const serviceRecovery = recoveryOf(recovery.get(service));
    result[service] = {
      deploys: serviceFrequency.deploys,
      incidents: serviceRecovery.incidents,
      deployment_frequency: serviceFrequency,
      recovery: serviceRecovery,
    };
  }
  return result;
}

/** Builds the JSON summary of an analysis. */
export function summarize(analysis: Analysis): Summary {
  const { source, window } = analysis;
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
      used: analysis.events.height,
      outside_window: analysis.outside,
      rejected,
    },
    deploys_per_day: analysis.deploysPerDay.toRecords().map((row) => ({
      date: String(row.date),
      deploys: Number(row.deploys),
    })),
    deployment_frequency: deploymentFrequencyOf(deploymentFrequencyFrame(analysis.deploysPerDay).toRecords()[0]),
    incidents: incidentRecords(analysis),
    recovery: recoveryOf(recoveryFrame(analysis.incidents).toRecords()[0]),
    by_service: byService(analysis),
  };
}
