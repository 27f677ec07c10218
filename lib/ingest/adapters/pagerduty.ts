/**
 * `pagerduty`: PagerDuty incidents, in either of two documented shapes.
 *
 * 1. The REST "list incidents" response `{"incidents": [...]}`:
 *    https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents
 *    (`id`, `incident_number`, `created_at`, `status` — triggered, acknowledged or resolved —
 *    `resolved_at`, `last_status_change_at`, `service.summary`, `title`).
 *    Every incident gives a start at `created_at`; a resolved one also a resolve at `resolved_at`.
 *    `resolved_at` is a recent addition and may be missing or null: then `last_status_change_at`,
 *    which for a resolved incident is when it was resolved, stands in. With neither, the resolve
 *    row is rejected and the incident stays open. Any other `status` rejects the record.
 * 2. V3 webhook events, one JSON object per line (NDJSON), as delivered:
 *    https://developer.pagerduty.com/docs/webhooks/v3-overview
 *    (`event.event_type`, `event.occurred_at`, `event.data.id`, `event.data.service.summary`).
 *    `incident.triggered` is a start and `incident.resolved` a resolve, at `occurred_at`. Every
 *    other event type (acknowledged, annotated, reopened, …) is filtered (`event_type`), its type
 *    named.
 *
 * 3. The incident CSV (see `pagerduty_csv.ts`): one row per incident, with its start and resolve.
 *
 * Ids are PagerDuty's incident ids (`PT4KHLK`); the service is `service.summary`. The filters read
 * `urgency` (high, low), `priority.summary` (P1–P5, or the account's own names: their first number
 * is the level) and `title`.
 *
 * Merged incidents: PagerDuty resolves an incident merged into another with `resolve_reason.type`
 * `merge_resolve_reason` and `resolve_reason.incident.id` naming the incident it joined. Its own
 * resolve is the merge, not a recovery, so counting it would pull recovery times down. A merged
 * incident counts as part of the one it was merged into: its rows are filtered (`merged`), and when
 * it started before that incident, that incident's start moves back to its start, since the
 * outage began then. A merged incident whose target is not in the inputs is filtered all the same.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import { isPagerdutyCsvHeader, pagerdutyCsvRows } from "./pagerduty_csv.ts";
import {
  fieldAt,
  FILTER_NAMES,
  notAnObject,
  priorityLevel,
  quoted,
  rejectedRow,
  serviceOf,
  textAt,
  unusedRow,
} from "./vendor_fields.ts";

const OPEN_STATUSES = new Set(["triggered", "acknowledged"]);

function isIncident(value: unknown): boolean {
  return isJsonObject(value) && "incident_number" in value;
}

function isWebhookEvent(value: unknown): boolean {
  const type = fieldAt(value, "event.event_type");
  return typeof type === "string" && type.startsWith("incident.");
}

function incidentRows(record: VendorRecord, options: AdapterOptions): CanonicalRow[] {
  const incident = record.value;
  const status = fieldAt(incident, "status");
  if (status !== "resolved" && !(typeof status === "string" && OPEN_STATUSES.has(status))) {
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
    id: textAt(incident, "id"),
    service: serviceOf(options, textAt(incident, "service.summary")),
    ...attributesOf(incident),
  };
  const start: CanonicalRow = {
    ...row,
    timestamp: textAt(incident, "created_at"),
    type: "incident_start",
  };
  if (status !== "resolved") return [start];
  const resolvedAt = textAt(incident, "resolved_at") ?? textAt(incident, "last_status_change_at");
  const resolve: CanonicalRow = resolvedAt === null
    ? rejectedRow(
      record,
      "resolved_at: missing for a resolved incident, and no last_status_change_at either",
    )
    : { ...row, timestamp: resolvedAt, type: "incident_resolved" };
  return [start, resolve];
}

function webhookRow(record: VendorRecord, options: AdapterOptions): CanonicalRow {
  const eventType = fieldAt(record.value, "event.event_type");
  const type = eventType === "incident.triggered"
    ? "incident_start"
    : eventType === "incident.resolved"
    ? "incident_resolved"
    : null;
  if (type === null) {
    return unusedRow(record, {
      filter: FILTER_NAMES.eventType,
      reason: `event.event_type: ${
        quoted(eventType)
      } is neither incident.triggered nor incident.resolved`,
    });
  }
  return {
    file: record.file,
    line: record.line,
    timestamp: textAt(record.value, "event.occurred_at"),
    type,
    id: textAt(record.value, "event.data.id"),
    service: serviceOf(options, textAt(record.value, "event.data.service.summary")),
    ...attributesOf(fieldAt(record.value, "event.data")),
  };
}

/** What the filters read of an incident (a REST incident or a webhook's `event.data`). */
function attributesOf(incident: unknown): Pick<CanonicalRow, "title" | "priority" | "urgency"> {
  return {
    title: textAt(incident, "title"),
    priority: priorityLevel(
      textAt(incident, "priority.summary") ?? textAt(incident, "priority.name"),
    ),
    urgency: textAt(incident, "urgency")?.toLowerCase() ?? null,
  };
}

/** The incident a merged incident joined, or null: REST incidents and webhook events alike. */
function mergedInto(record: VendorRecord): string | null {
  const incident = fieldAt(record.value, "event") !== undefined
    ? fieldAt(record.value, "event.data")
    : record.value;
  return fieldAt(incident, "resolve_reason.type") === "merge_resolve_reason"
    ? textAt(incident, "resolve_reason.incident.id")
    : null;
}

/**
 * Folds merged incidents into the incidents they joined: their rows filtered, and a target's
 * start moved back to the earliest start of the incidents merged into it.
 */
function foldMerges(records: readonly VendorRecord[], rows: CanonicalRow[]): CanonicalRow[] {
  const targets = new Map<string, string>();
  for (const record of records) {
    const target = isJsonObject(record.value) ? mergedInto(record) : null;
    const id = record.csv ? null : textAt(
      fieldAt(record.value, "event") !== undefined
        ? fieldAt(record.value, "event.data")
        : record.value,
      "id",
    );
    if (target !== null && id !== null) targets.set(id, target);
  }
  if (targets.size === 0) return rows;
  const earliestStart = new Map<string, { at: number; text: string; id: string }>();
  for (const row of rows) {
    const target = row.id == null ? undefined : targets.get(row.id);
    const at = Date.parse(row.timestamp ?? "");
    if (target === undefined || row.type !== "incident_start" || Number.isNaN(at)) continue;
    const earliest = earliestStart.get(target);
    if (!earliest || at < earliest.at) {
      earliestStart.set(target, { at, text: row.timestamp!, id: row.id! });
    }
  }
  const present = new Set(rows.filter((row) => row.type === "incident_start").map((row) => row.id));
  return rows.map((row) => {
    const target = row.id == null ? undefined : targets.get(row.id);
    if (target !== undefined && row.type !== undefined && row.reason == null) {
      const where = present.has(target) ? "" : ", which is not in the inputs";
      return {
        file: row.file,
        line: row.line,
        filtered_by: FILTER_NAMES.merged,
        reason: `resolve_reason: incident ${quoted(row.id)} was merged into ${
          quoted(target)
        }${where}; its outage counts there`,
      };
    }
    const earlier = row.id == null ? undefined : earliestStart.get(row.id);
    if (row.type === "incident_start" && earlier && earlier.at < Date.parse(row.timestamp ?? "")) {
      return { ...row, timestamp: earlier.text };
    }
    return row;
  });
}

/**
 * The `pagerduty` adapter.
 *
 * @example A resolved incident is a start and a resolve; an unknown status is rejected
 * ```ts
 * import assert from "node:assert/strict";
 * import { pagerduty } from "./pagerduty.ts";
 *
 * const incident = {
 *   id: "PT4KHLK", incident_number: 1234, status: "resolved",
 *   created_at: "2015-10-06T21:30:42Z", resolved_at: "2015-10-06T21:38:23Z",
 *   service: { summary: "My Mail Service" },
 * };
 * const snoozed = { ...incident, id: "PX", status: "snoozed" };
 * const rows = pagerduty.toRows([
 *   { file: 0, line: 4, value: incident },
 *   { file: 0, line: 30, value: snoozed },
 * ], {});
 * assert.deepEqual(rows.map((row) => row.type ?? row.reason), [
 *   "incident_start",
 *   "incident_resolved",
 *   'status: unknown incident status "snoozed" (expected triggered, acknowledged or resolved)',
 * ]);
 * assert.deepEqual([rows[1].timestamp, rows[1].service], ["2015-10-06T21:38:23Z", "My Mail Service"]);
 * ```
 */
export const pagerduty: Adapter = {
  name: "pagerduty",
  describes: "PagerDuty REST list-incidents export, V3 webhook events (NDJSON), or incident CSV",
  listKey: "incidents",
  detect(document) {
    if (isJsonObject(document) && Array.isArray(document.incidents)) return true;
    const first = Array.isArray(document) ? document[0] : document;
    return isIncident(first) || isWebhookEvent(first);
  },
  detectCsv: isPagerdutyCsvHeader,
  toRows(records, options) {
    const rows = records.flatMap((record) => {
      if (record.csv) return pagerdutyCsvRows(record, options);
      const problem = notAnObject(record);
      if (problem) return [rejectedRow(record, problem)];
      return fieldAt(record.value, "event") !== undefined
        ? [webhookRow(record, options)]
        : incidentRows(record, options);
    });
    return foldMerges(records, rows);
  },
};
