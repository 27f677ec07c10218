/**
 * `servicenow`: ServiceNow incidents, from the Table API or a list's CSV export.
 *
 * - Table API, `GET /api/now/table/incident`: `{"result": [...]}`, one page per call
 *   (https://docs.servicenow.com/csh?topicname=c_TableAPI.html). By default every
 *   field is its raw value: times in UTC as `YYYY-MM-DD HH:MM:SS` without an offset, choices as
 *   numbers (`state` "7", `priority` "1"), references as `{"link", "value"}` (a sys_id). With
 *   `sysparm_display_value=all` each field is `{"display_value", "value"}`: times are read from
 *   `value` (UTC), names and labels from `display_value`.
 * - A list's CSV export (`incident_list.do?CSV`, or List › Export › CSV): a header of field names
 *   (`number`, `opened_at`, …). With `sysparm_display_value=false` its cells are raw values (UTC
 *   times); the list's own export gives display values: choice labels (`Resolved`,
 *   `1 - Critical`) and times in the exporting user's time zone, which `--export-tz ZONE` names
 *   (without it such times are rejected, as an offset-less time is anywhere).
 *
 * One incident record is two rows: a start at `opened_at`, and for a `state` (or `incident_state`)
 * of Resolved (6) or Closed (7) a resolve at `resolved_at` (Closed follows Resolved days later, so
 * `closed_at` is never used). Id: `number`; service: the business service's name
 * (`business_service` display value or `business_service.name`), else the configuration item's
 * (`cmdb_ci`), else the raw reference. The filters read `priority` (1–5), `urgency` (1 high,
 * 2 medium, 3 low) and `short_description`.
 *
 * Filtered: a Canceled (8) incident (`canceled`). Rejected: an unknown state; a resolved incident
 * without `resolved_at` keeps its start and has its resolve rejected; a time that is not
 * `YYYY-MM-DD HH:MM:SS`.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import { wallClockInstant } from "./export_times.ts";
import { FILTER_NAMES, notAnObject, quoted, rejectedRow, unusedRow } from "./vendor_fields.ts";

/** A field as the export has it: a raw value, a display value, or text that could be either. */
interface Field {
  raw: string | null;
  display: string | null;
  plain: string | null;
}

const NO_FIELD: Field = { raw: null, display: null, plain: null };
const OPEN_STATES = new Set(["new", "in progress", "active", "on hold", "awaiting"]);
const STATES: Record<string, "open" | "resolved" | "canceled"> = {
  "1": "open",
  "2": "open",
  "3": "open",
  "6": "resolved",
  "7": "resolved",
  "8": "canceled",
  resolved: "resolved",
  closed: "resolved",
  canceled: "canceled",
  cancelled: "canceled",
};
const URGENCIES: Record<string, string> = { "1": "high", "2": "medium", "3": "low" };
const CHOICE_FIELDS = ["state", "incident_state", "priority", "urgency", "impact", "severity"];
const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

function nonEmpty(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** A field of a record, by exact key (dot-walked keys like `business_service.name` are keys). */
function fieldOf(record: VendorRecord, name: string): Field {
  const value = record.value as Record<string, unknown>;
  const key = record.csv
    ? Object.keys(value).find((header) => header.trim().toLowerCase() === name)
    : name;
  if (key === undefined || !Object.hasOwn(value, key)) return NO_FIELD;
  const field = value[key];
  if (isJsonObject(field)) {
    return { raw: nonEmpty(field.value), display: nonEmpty(field.display_value), plain: null };
  }
  return { raw: null, display: null, plain: nonEmpty(field) };
}

function hasField(record: VendorRecord, name: string): boolean {
  return fieldOf(record, name) !== NO_FIELD;
}

/** Whether plain cells are display values: a choice field holds a label, not a number. */
function isDisplayExport(record: VendorRecord): boolean {
  return CHOICE_FIELDS.some((name) => {
    const plain = fieldOf(record, name).plain;
    return plain !== null && !/^\d+$/.test(plain);
  });
}

/** The leading number of a choice: `7`, or `1` from `1 - Critical`; null for a bare label. */
function choiceNumber(field: Field): string | null {
  const text = field.raw ?? field.plain ?? field.display;
  return text === null ? null : /^(\d+)\b/.exec(text)?.[1] ?? null;
}

/** The name for a field: its display value, else its text. */
function nameOf(field: Field): string | null {
  return field.display ?? field.plain ?? field.raw;
}

/** An instant from a time field, or why there is none usable; null text for an empty field. */
function instantOf(
  record: VendorRecord,
  { name, options }: { name: string; options: AdapterOptions },
): { instant: string | null } | { problem: string } {
  const field = fieldOf(record, name);
  const text = field.raw ?? field.plain;
  if (text === null) return { instant: null };
  if (OFFSET_INSTANT.test(text)) return { instant: text };
  const local = field.raw === null && isDisplayExport(record);
  if (local && !options.exportTimeZone) {
    return {
      problem: `${name}: ${
        quoted(text)
      } is a display value in the exporting user's time zone; name it with --export-tz ZONE, or export raw values (sysparm_display_value=false) in UTC`,
    };
  }
  const zone = local ? options.exportTimeZone! : "UTC";
  const instant = wallClockInstant(text, zone);
  return instant === null
    ? { problem: `${name}: ${quoted(text)} is not a time like 2024-03-04 10:30:00` }
    : { instant };
}

function stateOf(record: VendorRecord): "open" | "resolved" | "canceled" | null | undefined {
  const name = hasField(record, "state") ? "state" : "incident_state";
  const field = fieldOf(record, name);
  if (field === NO_FIELD) return undefined; // not exported: judge by resolved_at
  const number = choiceNumber(field);
  if (number !== null) return STATES[number] ?? null;
  const label = nameOf(field)?.toLowerCase() ?? "";
  if (OPEN_STATES.has(label) || label.startsWith("awaiting")) return "open";
  return STATES[label] ?? null;
}

function serviceOf(record: VendorRecord, options: AdapterOptions): string | null {
  if (options.service) return options.service;
  for (const name of ["business_service", "cmdb_ci"]) {
    const named = nonEmpty(fieldOf(record, `${name}.name`).plain) ??
      fieldOf(record, name).display;
    if (named !== null) return named;
  }
  for (const name of ["business_service", "cmdb_ci"]) {
    const field = fieldOf(record, name);
    const reference = field.plain ?? field.raw;
    if (reference !== null) return reference;
  }
  return null;
}

function incidentRows(record: VendorRecord, options: AdapterOptions): CanonicalRow[] {
  const state = stateOf(record);
  const id = nameOf(fieldOf(record, "number"));
  if (state === null) {
    const field = fieldOf(record, hasField(record, "state") ? "state" : "incident_state");
    return [
      rejectedRow(
        record,
        `state: unknown incident state ${
          quoted(nameOf(field))
        } (expected New, In Progress, On Hold, Resolved, Closed or Canceled)`,
      ),
    ];
  }
  if (state === "canceled") {
    return [
      unusedRow(record, {
        filter: FILTER_NAMES.canceled,
        reason: `state: incident ${quoted(id)} was canceled, so it was not an outage`,
      }),
    ];
  }
  const urgency = choiceNumber(fieldOf(record, "urgency"));
  const row = {
    file: record.file,
    line: record.line,
    id,
    service: serviceOf(record, options),
    title: nameOf(fieldOf(record, "short_description")),
    priority: choiceNumber(fieldOf(record, "priority")),
    urgency: urgency === null ? null : URGENCIES[urgency] ?? null,
  };
  const opened = instantOf(record, { name: "opened_at", options });
  const start: CanonicalRow = "problem" in opened
    ? rejectedRow(record, opened.problem)
    : { ...row, timestamp: opened.instant, type: "incident_start" };
  const resolved = instantOf(record, { name: "resolved_at", options });
  const isResolved = state === "resolved" ||
    (state === undefined && !("instant" in resolved && resolved.instant === null));
  if (!isResolved) return [start];
  if ("problem" in resolved) return [start, rejectedRow(record, resolved.problem)];
  if (resolved.instant === null) {
    return [
      start,
      rejectedRow(
        record,
        "resolved_at: missing for a resolved incident (closed_at is when it was closed, not when service came back)",
      ),
    ];
  }
  return [start, { ...row, timestamp: resolved.instant, type: "incident_resolved" }];
}

function isIncident(value: unknown): boolean {
  return isJsonObject(value) && "number" in value && ("opened_at" in value || "sys_id" in value);
}

/**
 * The `servicenow` adapter.
 *
 * @example A resolved incident from the Table API: a start and a resolve, UTC without an offset
 * ```ts
 * import assert from "node:assert/strict";
 * import { servicenow } from "./servicenow.ts";
 *
 * const incident = {
 *   number: "INC0010001", state: "6", priority: "1", urgency: "1",
 *   opened_at: "2024-03-04 10:30:00", resolved_at: "2024-03-04 11:15:00",
 *   short_description: "Checkout returns 502", business_service: { display_value: "Shop" },
 * };
 * assert.equal(servicenow.detect({ result: [incident] }), true);
 * const [start, resolve] = servicenow.toRows([{ file: 0, line: 3, value: incident }], {});
 * assert.deepEqual(start, {
 *   file: 0, line: 3, id: "INC0010001", service: "Shop", title: "Checkout returns 502",
 *   priority: "1", urgency: "high", timestamp: "2024-03-04T10:30:00.000Z", type: "incident_start",
 * });
 * assert.equal(resolve.timestamp, "2024-03-04T11:15:00.000Z");
 * ```
 */
export const servicenow: Adapter = {
  name: "servicenow",
  describes: 'ServiceNow incidents: Table API ({"result": [...]}) or list CSV export',
  listKey: "result",
  detect(document) {
    if (isJsonObject(document) && Array.isArray(document.result)) {
      const keys = Object.keys(document);
      return isIncident(document.result[0]) || (document.result.length === 0 && keys.length === 1);
    }
    return Array.isArray(document) && isIncident(document[0]);
  },
  detectCsv(header) {
    const names = header.map((cell) => cell.trim().toLowerCase());
    return names.includes("number") && names.includes("opened_at");
  },
  toRows(records, options) {
    return records.flatMap((record) => {
      const problem = notAnObject(record);
      return problem ? [rejectedRow(record, problem)] : incidentRows(record, options);
    });
  },
};
