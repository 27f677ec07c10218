/**
 * PagerDuty incidents as CSV: one row per incident with both its start and its resolve, the shape
 * of the Analytics API's raw incidents (https://developer.pagerduty.com/api-reference/, "Get raw
 * data - multiple incidents": `id`, `incident_number`, `title`/`description`, `service_name`,
 * `team_name`, `urgency`, `priority_name`, `status`, `created_at`, `resolved_at`,
 * `seconds_to_resolve`, …), which the Insights incident report downloads as CSV. Headers are
 * matched ignoring case, spaces and punctuation, so `Created At`, `created_on` and `created_at`
 * are one column.
 *
 * One row is a start at `created_at` and, when resolved, a resolve at `resolved_at` (else
 * `created_at` plus `seconds_to_resolve`). Times need an offset or `Z`; a time without one is
 * taken in `--export-tz`, and without that rejected. Id: `id` (else the incident number);
 * service: `service_name`.
 *
 * @module
 */
import type { CanonicalRow } from "../canonical_rows.ts";
import type { AdapterOptions, VendorRecord } from "./adapter.ts";
import { instantAfter, wallClockInstant } from "./export_times.ts";
import { priorityLevel, quoted, rejectedRow, serviceOf } from "./vendor_fields.ts";

/** Every spelling of each column read, normalized (lower case, letters and digits only). */
const COLUMNS = {
  id: ["id", "incidentid"],
  number: ["incidentnumber", "number"],
  created: ["createdat", "createdon", "created", "triggeredat"],
  resolved: ["resolvedat", "resolvedon", "resolved"],
  secondsToResolve: ["secondstoresolve"],
  status: ["status"],
  service: ["servicename", "service"],
  urgency: ["urgency"],
  priority: ["priorityname", "priority"],
  title: ["title", "description", "summary"],
};
const OFFSET = /([Zz]|[+-]\d{2}:?\d{2})$/;

function normalized(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * Whether a CSV header is PagerDuty's incident CSV: an incident number, a creation time, and a
 * service or a status.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPagerdutyCsvHeader } from "./pagerduty_csv.ts";
 *
 * assert.equal(isPagerdutyCsvHeader(["Incident Number", "Created At", "Service Name"]), true);
 * assert.equal(isPagerdutyCsvHeader(["number", "opened_at", "state"]), false);
 * ```
 */
export function isPagerdutyCsvHeader(header: readonly string[]): boolean {
  const names = new Set(header.map(normalized));
  return names.has("incidentnumber") && COLUMNS.created.some((name) => names.has(name)) &&
    [...COLUMNS.service, ...COLUMNS.status].some((name) => names.has(name));
}

/** A cell of the row by any spelling of its column: its header as written and its text. */
function cell(
  record: VendorRecord,
  spellings: readonly string[],
): { header: string; text: string } | null {
  const row = record.value as Record<string, string | null>;
  for (const spelling of spellings) {
    const header = Object.keys(row).find((key) => normalized(key) === spelling);
    if (header === undefined) continue;
    const text = row[header]?.trim() ?? "";
    return text === "" ? null : { header, text };
  }
  return null;
}

function textOf(record: VendorRecord, spellings: readonly string[]): string | null {
  return cell(record, spellings)?.text ?? null;
}

/** An instant from a time cell: as written when it has an offset, else taken in --export-tz. */
function instantOf(
  record: VendorRecord,
  { spellings, options }: { spellings: readonly string[]; options: AdapterOptions },
): { instant: string | null } | { problem: string } {
  const found = cell(record, spellings);
  if (found === null) return { instant: null };
  if (OFFSET.test(found.text)) return { instant: found.text };
  const instant = options.exportTimeZone
    ? wallClockInstant(found.text, options.exportTimeZone)
    : null;
  if (instant !== null) return { instant };
  return {
    problem: options.exportTimeZone
      ? `${found.header}: ${quoted(found.text)} is not a time like 2024-03-04 10:30:00`
      : `${found.header}: ${
        quoted(found.text)
      } has no UTC offset; name the export's time zone with --export-tz ZONE`,
  };
}

/**
 * The rows of one PagerDuty CSV row: a start, and a resolve when the incident is resolved.
 *
 * @example A resolved row without `resolved_at` resolves after `seconds_to_resolve`
 * ```ts
 * import assert from "node:assert/strict";
 * import { pagerdutyCsvRows } from "./pagerduty_csv.ts";
 *
 * const value = {
 *   id: "PQ5EFGH", incident_number: "1205", status: "resolved", service_name: "shop",
 *   created_at: "2024-03-07T08:00:00+01:00", resolved_at: null, seconds_to_resolve: "5400",
 *   urgency: "high", priority_name: "P2", title: "Cart errors",
 * };
 * const [start, resolve] = pagerdutyCsvRows({ file: 0, line: 6, value, csv: true }, {});
 * assert.equal(start.timestamp, "2024-03-07T08:00:00+01:00");
 * assert.equal(resolve.timestamp, "2024-03-07T08:30:00.000Z");
 * assert.deepEqual([start.priority, start.urgency], ["2", "high"]);
 * ```
 */
export function pagerdutyCsvRows(record: VendorRecord, options: AdapterOptions): CanonicalRow[] {
  const status = textOf(record, COLUMNS.status)?.toLowerCase() ?? null;
  if (status !== null && !["triggered", "acknowledged", "resolved"].includes(status)) {
    return [
      rejectedRow(
        record,
        `status: unknown incident status ${
          quoted(status)
        } (expected triggered, acknowledged or resolved)`,
      ),
    ];
  }
  const row = {
    file: record.file,
    line: record.line,
    id: textOf(record, COLUMNS.id) ?? textOf(record, COLUMNS.number),
    service: serviceOf(options, textOf(record, COLUMNS.service)),
    title: textOf(record, COLUMNS.title),
    priority: priorityLevel(textOf(record, COLUMNS.priority)),
    urgency: textOf(record, COLUMNS.urgency)?.toLowerCase() ?? null,
  };
  const created = instantOf(record, { spellings: COLUMNS.created, options });
  const start: CanonicalRow = "problem" in created
    ? rejectedRow(record, created.problem)
    : { ...row, timestamp: created.instant, type: "incident_start" };
  const resolved = instantOf(record, { spellings: COLUMNS.resolved, options });
  if ("problem" in resolved) return [start, rejectedRow(record, resolved.problem)];
  let resolvedAt = resolved.instant;
  const seconds = Number(textOf(record, COLUMNS.secondsToResolve) ?? NaN);
  if (resolvedAt === null && "instant" in created && created.instant !== null && seconds >= 0) {
    resolvedAt = instantAfter(created.instant, seconds * 1000);
  }
  if (status !== "resolved" && (status !== null || resolvedAt === null)) return [start];
  if (resolvedAt === null) {
    return [start, rejectedRow(record, "resolved_at: missing for a resolved incident")];
  }
  return [start, { ...row, timestamp: resolvedAt, type: "incident_resolved" }];
}
