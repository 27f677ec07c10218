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
 * Ids are PagerDuty's incident ids (`PT4KHLK`); the service is `service.summary`.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import {
  fieldAt,
  FILTER_NAMES,
  notAnObject,
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
  };
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
  describes: "PagerDuty REST list-incidents export, or V3 webhook events as NDJSON",
  listKey: "incidents",
  detect(document) {
    if (isJsonObject(document) && Array.isArray(document.incidents)) return true;
    const first = Array.isArray(document) ? document[0] : document;
    return isIncident(first) || isWebhookEvent(first);
  },
  toRows(records, options) {
    return records.flatMap((record) => {
      const problem = notAnObject(record);
      if (problem) return [rejectedRow(record, problem)];
      return fieldAt(record.value, "event") !== undefined
        ? [webhookRow(record, options)]
        : incidentRows(record, options);
    });
  },
};
