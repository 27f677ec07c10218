/**
 * Whether the floor computed the project's numbers: every figure the floor has, compared with the
 * same figure of the project's summary (`stages.ts` hands them over in the floor's shape).
 *
 * @module
 */
import type { FloorSummary } from "./floor.ts";
import type { Summary } from "../../lib/pipeline/mod.ts";
/** Means and medians may differ in the last bits, since the sums run in another order. */
const RELATIVE_TOLERANCE = 1e-9;

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return a === b || Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/**
 * The figures where the floor and the project differ, as `path: ours ≠ floor` lines (at most
 * `limit` of them); empty when they agree.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { differences } from "./agreement.ts";
 *
 * assert.deepEqual(differences({ a: 1, b: { c: 0.1 + 0.2 } }, { a: 1, b: { c: 0.3 } }), []);
 * assert.deepEqual(differences({ a: [1, 2] }, { a: [1, 3] }), ["a.1: 2 ≠ 3"]);
 * assert.deepEqual(differences({ a: 1 }, { a: 1, b: 2 }), ["b: missing ≠ 2"]);
 * ```
 */
export function differences(ours: unknown, floor: unknown, limit = 10): string[] {
  const found: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (found.length >= limit) return;
    if (b !== null && typeof b === "object") {
      if (a === null || typeof a !== "object") {
        found.push(`${path}: ${JSON.stringify(a) ?? "missing"} ≠ ${JSON.stringify(b)}`);
        return;
      }
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        walk(
          (a as Record<string, unknown>)[key],
          (b as Record<string, unknown>)[key],
          path ? `${path}.${key}` : key,
        );
      }
      return;
    }
    if (!same(a, b)) {
      found.push(`${path}: ${JSON.stringify(a) ?? "missing"} ≠ ${JSON.stringify(b) ?? "missing"}`);
    }
  };
  walk(ours, floor, "");
  return found;
}

/** The summary's figures that the floor computes too, in the floor's shape. */
export function coreFigures(summary: Summary): FloorSummary {
  const services: FloorSummary["by_service"] = {};
  for (const [name, service] of Object.entries(summary.by_service)) {
    services[name] = {
      deploys: service.deploys,
      incidents: service.incidents,
      resolved: service.recovery.resolved,
      failed_deploys: service.change_failure_rate.failed_deploys,
      mttr_mean: service.recovery.mean_minutes,
      mttr_median: service.recovery.median_minutes,
      lead_median: service.lead_time.median_minutes,
    };
  }
  const { deployment_frequency: frequency, recovery, change_failure_rate: cfr } = summary;
  return {
    window: { start: summary.window.start, end: summary.window.end, days: summary.window.days },
    events: {
      read: summary.events.read,
      used: summary.events.used,
      rejected: summary.events.rejected.length + summary.events.filtered.rows,
    },
    deploys_per_day: summary.deploys_per_day.map(({ date, deploys }) => ({ date, deploys })),
    deployment_frequency: {
      deploys: frequency.deploys,
      per_day: frequency.per_day,
      deploy_days: frequency.deploy_days,
      median_deploy_days_per_week: frequency.median_deploy_days_per_week,
    },
    recovery: {
      incidents: recovery.incidents,
      resolved: recovery.resolved,
      unresolved: recovery.unresolved,
      mean_minutes: recovery.mean_minutes,
      median_minutes: recovery.median_minutes,
    },
    change_failure_rate: {
      deploys: cfr.deploys,
      failed_deploys: cfr.failed_deploys,
      rate: cfr.rate,
    },
    lead_time: {
      changes: summary.lead_time.changes,
      median_minutes: summary.lead_time.median_minutes,
    },
    by_service: services,
  };
}
