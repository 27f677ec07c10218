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
 * `environment: "staging" is not a production environment (production, prod; choose with
 * --environment)`: the reason for a deploy to `environment`, read from `field`.
 */
export function notProductionReason(
  { field, environment }: { field: string; environment: unknown },
  options: AdapterOptions,
): string {
  return `${field}: ${quoted(environment)} is not a production environment ` +
    `(${productionEnvironments(options).join(", ")}; choose with --environment)`;
}

/** The service of a row: --service if given, else what the vendor names (null: the default service). */
export function serviceOf(options: AdapterOptions, vendorService: string | null): string | null {
  return options.service ?? vendorService;
}
