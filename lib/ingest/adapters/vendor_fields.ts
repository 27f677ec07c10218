/**
 * Small readers for vendor JSON: a field by dotted path, its text, a value quoted for a reason, and
 * the production-environment rule the deploy adapters share.
 *
 * @module
 */
import { isJsonObject, jsonKind } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { AdapterOptions, VendorRecord } from "./adapter.ts";

/** The environments that count as production without `--environment`. */
export const DEFAULT_PRODUCTION_ENVIRONMENTS: readonly string[] = ["production", "prod"];
const QUOTED_LIMIT = 100; // room for an API URL, not for a hostile megabyte

/**
 * The value at a dotted path, or undefined when any step is missing or not an object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fieldAt } from "./vendor_fields.ts";
 *
 * const run = { head_commit: { timestamp: "2024-01-01T10:00:00Z" }, tags: ["a"] };
 * assert.equal(fieldAt(run, "head_commit.timestamp"), "2024-01-01T10:00:00Z");
 * assert.equal(fieldAt(run, "head_commit.missing"), undefined);
 * assert.equal(fieldAt(run, "tags.0"), undefined); // arrays are not walked
 * ```
 */
export function fieldAt(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split(".")) {
    if (!isJsonObject(current) || !Object.hasOwn(current, step)) return undefined;
    current = current[step];
  }
  return current;
}

/**
 * The text of a string, number or boolean field; null for anything else, and for "".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textAt } from "./vendor_fields.ts";
 *
 * const run = { run_attempt: 2, ok: true, name: "", commit: { sha: "a1" } };
 * assert.deepEqual(
 *   [textAt(run, "run_attempt"), textAt(run, "ok"), textAt(run, "name"), textAt(run, "commit")],
 *   ["2", "true", null, null],
 * );
 * ```
 */
export function textAt(value: unknown, path: string): string | null {
  const field = fieldAt(value, path);
  if (typeof field === "string") return field === "" ? null : field;
  if (typeof field === "number" || typeof field === "boolean") return String(field);
  return null;
}

/** A value as it appears in a reason: JSON, cut short; an object or array is only named. */
export function quoted(value: unknown): string {
  if (value === undefined) return "missing";
  // Stringifying a hostile, deeply nested value would overflow the stack.
  const text = typeof value === "object" && value !== null
    ? jsonKind(value)
    : JSON.stringify(value) ?? String(value);
  return text.length > QUOTED_LIMIT ? `${text.slice(0, QUOTED_LIMIT)}…` : text;
}

/** The row of a record that cannot be used, and why. */
export function rejectedRow(record: VendorRecord, reason: string): CanonicalRow {
  return { file: record.file, line: record.line, reason };
}

/**
 * The rules that leave a record out on purpose, by the name under which `events.filtered` counts
 * them. Adapters apply the first eight; the filter flags the rest.
 */
export const FILTER_NAMES = {
  /** A deploy to an environment that is not production. */
  environment: "environment",
  /** A run of a workflow or pipeline that does not deploy. */
  workflow: "workflow",
  /** A run, deployment or execution that failed, was cancelled or has not finished. */
  outcome: "outcome",
  /** Another attempt of a run already counted. */
  rerun: "rerun",
  /** A sync of the revision that was already deployed. */
  resync: "resync",
  /** A webhook event that is neither a start nor a resolve (acknowledged, annotated, …). */
  eventType: "event_type",
  /** An incident merged into another, whose recovery counts instead. */
  merged: "merged",
  /** An incident cancelled as not an incident. */
  canceled: "canceled",
  /** `--exclude-service`. */
  service: "service",
  /** `--exclude-incident`. */
  incident: "incident",
  /** `--min-priority`. */
  priority: "priority",
  /** `--urgency`. */
  urgency: "urgency",
} as const;

/** One of the {@link FILTER_NAMES}. */
export type FilterName = typeof FILTER_NAMES[keyof typeof FILTER_NAMES];

/** A record left out on purpose: the rule that did it, and why. */
export interface LeftOut {
  /** The rule, as counted in `events.filtered`. */
  filter: FilterName;
  /** Why, naming the vendor field. */
  reason: string;
}

/**
 * The row of a record that is not used: rejected for a reason (text), or filtered by a rule.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unusedRow } from "./vendor_fields.ts";
 *
 * const record = { file: 0, line: 7, value: {} };
 * assert.deepEqual(unusedRow(record, "status: unknown"), { file: 0, line: 7, reason: "status: unknown" });
 * assert.deepEqual(unusedRow(record, { filter: "outcome", reason: 'status: "failed"' }), {
 *   file: 0, line: 7, filtered_by: "outcome", reason: 'status: "failed"',
 * });
 * ```
 */
export function unusedRow(record: VendorRecord, problem: string | LeftOut): CanonicalRow {
  return typeof problem === "string"
    ? rejectedRow(record, problem)
    : { file: record.file, line: record.line, filtered_by: problem.filter, reason: problem.reason };
}

/**
 * The level of a priority name, as text: the first number in it (`P1` → `1`, `SEV-2` → `2`,
 * `1 - Critical` → `1`); null when it has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { priorityLevel } from "./vendor_fields.ts";
 *
 * assert.deepEqual(
 *   ["P1", "SEV-2", "3 - Moderate", "High", null].map(priorityLevel),
 *   ["1", "2", "3", null, null],
 * );
 * ```
 */
export function priorityLevel(name: string | null): string | null {
  const digits = name === null ? undefined : /\d+/.exec(name)?.[0];
  return digits === undefined ? null : String(Number(digits));
}

/** The reason a record is not even an object, or null. */
export function notAnObject(record: VendorRecord): string | null {
  return isJsonObject(record.value)
    ? null
    : `record: expected a JSON object, got ${jsonKind(record.value)}`;
}

/** Whether `name` is one of `names`, ignoring case and surrounding spaces. */
export function matchesAny(name: string | null, names: readonly string[]): boolean {
  if (name === null) return false;
  const wanted = name.trim().toLowerCase();
  return names.some((candidate) => candidate.trim().toLowerCase() === wanted);
}

/** The environments that count as production under the options. */
export function productionEnvironments(options: AdapterOptions): readonly string[] {
  return options.environments?.length ? options.environments : DEFAULT_PRODUCTION_ENVIRONMENTS;
}

/**
 * A deploy to `environment`, read from `field`, left out as not production: `environment:
 * "staging" is not a production environment (production, prod; choose with --environment)`.
 */
export function notProductionReason(
  { field, environment }: { field: string; environment: unknown },
  options: AdapterOptions,
): LeftOut {
  return {
    filter: FILTER_NAMES.environment,
    reason: `${field}: ${quoted(environment)} is not a production environment ` +
      `(${productionEnvironments(options).join(", ")}; choose with --environment)`,
  };
}

/** The service of a row: --service if given, else what the vendor names (null: the default service). */
export function serviceOf(options: AdapterOptions, vendorService: string | null): string | null {
  return options.service ?? vendorService;
}
