/**
 * `opsgenie`: Opsgenie incidents or alerts, as the list APIs return them: `{"data": [...]}`.
 *
 * - Incidents: https://docs.opsgenie.com/docs/incident-api#list-incidents (`id`, `tinyId`,
 *   `message`, `status` — open, resolved or closed — `createdAt`, `updatedAt`, `impactStartDate`,
 *   `impactEndDate`, `impactedServices`). Start: `impactStartDate` (when the impact began; it
 *   defaults to `createdAt`), else `createdAt`. A resolved or closed incident also resolves at
 *   `impactEndDate`; without it the resolve row is rejected rather than guessed from `updatedAt`,
 *   which moves with every note. Service: the first of `impactedServices` (an Opsgenie service id).
 * - Alerts: https://docs.opsgenie.com/docs/alert-api#list-alerts (`id`, `tinyId`, `alias`,
 *   `message`, `status` — open or closed — `createdAt`, `updatedAt`, `tags`, `report.closeTime`).
 *   Start: `createdAt`. A closed alert resolves at `createdAt` plus `report.closeTime`, which the
 *   documented example (`ackTime` 15702, `closeTime` 60503) shows as milliseconds after creation.
 *   Without it the resolve row is rejected. Alerts name no service: `--service` or the default.
 *
 * An export is recognised by its wrapper, `{"data": [...]}` with Opsgenie's `requestId` or `took`
 * (so an empty last page is still Opsgenie's), or by a first record with a `tinyId`. Records are
 * told apart by fields only alerts have (`alias`, `acknowledged`, `count`, `report`).
 * Any other `status` rejects the record. Ids are Opsgenie's `id`. The filters read `priority`
 * (P1–P5) and `message`; Opsgenie has no urgency.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import { instantAfter } from "./export_times.ts";
import {
  fieldAt,
  notAnObject,
  priorityLevel,
  quoted,
  rejectedRow,
  serviceOf,
  textAt,
} from "./vendor_fields.ts";

const ALERT_ONLY_FIELDS = ["alias", "acknowledged", "count", "report"];

function isAlert(value: Record<string, unknown>): boolean {
  return ALERT_ONLY_FIELDS.some((field) => field in value);
}

/** `createdAt` plus `report.closeTime` milliseconds, or null when either is unusable. */
function alertClosedAt(alert: unknown): string | null {
  const closeTime = fieldAt(alert, "report.closeTime");
  if (typeof closeTime !== "number" || !Number.isFinite(closeTime)) return null;
  return instantAfter(textAt(alert, "createdAt") ?? "", closeTime);
}

function firstImpactedService(incident: unknown): string | null {
  const services = fieldAt(incident, "impactedServices");
  return Array.isArray(services) && typeof services[0] === "string" ? services[0] : null;
}

function recordRows(record: VendorRecord, options: AdapterOptions): CanonicalRow[] {
  const value = record.value as Record<string, unknown>;
  const alert = isAlert(value);
  const status = value.status;
  const closedStatuses = alert ? ["closed"] : ["resolved", "closed"];
  if (status !== "open" && !(typeof status === "string" && closedStatuses.includes(status))) {
    return [
      rejectedRow(
        record,
        `status: unknown ${alert ? "alert" : "incident"} status ${
          quoted(status)
        } (expected open or ${closedStatuses.join(" or ")})`,
      ),
    ];
  }
  const row = {
    file: record.file,
    line: record.line,
    id: textAt(value, "id"),
    service: serviceOf(options, alert ? null : firstImpactedService(value)),
    title: textAt(value, "message"),
    priority: priorityLevel(textAt(value, "priority")),
  };
  const startedAt = alert
    ? textAt(value, "createdAt")
    : textAt(value, "impactStartDate") ?? textAt(value, "createdAt");
  const start: CanonicalRow = { ...row, timestamp: startedAt, type: "incident_start" };
  if (status === "open") return [start];
  const resolvedAt = alert ? alertClosedAt(value) : textAt(value, "impactEndDate");
  const resolve: CanonicalRow = resolvedAt !== null
    ? { ...row, timestamp: resolvedAt, type: "incident_resolved" }
    : rejectedRow(
      record,
      alert
        ? "report.closeTime: missing for a closed alert, so its close time is unknown"
        : `impactEndDate: missing for a ${status} incident`,
    );
  return [start, resolve];
}

/**
 * The `opsgenie` adapter.
 *
 * @example A closed alert starts at `createdAt` and resolves `report.closeTime` ms later
 * ```ts
 * import assert from "node:assert/strict";
 * import { opsgenie } from "./opsgenie.ts";
 *
 * const alert = {
 *   id: "70413a06", tinyId: "1791", alias: "event_573", status: "closed",
 *   createdAt: "2017-03-21T20:32:52.353Z", report: { closeTime: 60503 },
 * };
 * const rows = opsgenie.toRows([{ file: 0, line: 3, value: alert }], { service: "ops" });
 * assert.deepEqual(rows.map((row) => [row.type, row.timestamp, row.id, row.service]), [
 *   ["incident_start", "2017-03-21T20:32:52.353Z", "70413a06", "ops"],
 *   ["incident_resolved", "2017-03-21T20:33:52.856Z", "70413a06", "ops"],
 * ]);
 * ```
 */
export const opsgenie: Adapter = {
  name: "opsgenie",
  describes: 'Opsgenie list-incidents or list-alerts export ({"data": [...]})',
  listKey: "data",
  detect(document) {
    const list = isJsonObject(document) ? document.data : document;
    if (!Array.isArray(list)) return false;
    // The response's own keys name it even on an empty last page, which has no record to look at.
    if (isJsonObject(document) && ("requestId" in document || "took" in document)) return true;
    return isJsonObject(list[0]) && "tinyId" in list[0];
  },
  toRows(records, options) {
    return records.flatMap((record) => {
      const problem = notAnObject(record);
      return problem ? [rejectedRow(record, problem)] : recordRows(record, options);
    });
  },
};
