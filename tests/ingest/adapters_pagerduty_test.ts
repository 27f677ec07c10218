/**
 * PagerDuty's incident CSV (one row is a start and a resolve) and merged incidents in the REST
 * export. Expected rows and recovery minutes are worked out by hand from the fixtures.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { fixture, tempFile, textRowsOf } from "../helpers.ts";

const CSV = fixture("pagerduty/incidents.csv");
const MERGED = fixture("pagerduty/incidents-merged.json");

function incident(
  at: { line: number; id: string; service: string },
  times: { start: string; resolved?: string },
) {
  const start = { file: 0, ...at, timestamp: times.start, type: "incident_start" };
  if (times.resolved === undefined) return [start];
  return [start, { ...start, timestamp: times.resolved, type: "incident_resolved" }];
}

Deno.test("pagerduty CSV: recognised by its header; one row is a start and, when resolved, a resolve", () => {
  assert.deepEqual(textRowsOf([CSV]), [
    ...incident({ line: 2, id: "PQ1ABCD", service: "shop" }, {
      start: "2024-03-04T10:30:00-05:00",
      resolved: "2024-03-04T11:15:00-05:00",
    }),
    ...incident({ line: 3, id: "PQ2BCDE", service: "search" }, {
      start: "2024-03-05T09:00:00Z",
      resolved: "2024-03-05T09:20:00Z",
    }),
    // Acknowledged is still open.
    ...incident({ line: 4, id: "PQ3CDEF", service: "shop" }, { start: "2024-03-06T14:00:00Z" }),
    ...incident({ line: 5, id: "PQ4DEFG", service: "checkout-test" }, {
      start: "2024-03-06T16:00:00Z",
      resolved: "2024-03-06T16:01:00Z",
    }),
    // No resolved_at: 07:00Z + seconds_to_resolve 5400 = 08:30Z.
    ...incident({ line: 6, id: "PQ5EFGH", service: "shop" }, {
      start: "2024-03-07T08:00:00+01:00",
      resolved: "2024-03-07T08:30:00.000Z",
    }),
    ...incident({ line: 7, id: "PQ6FGHI", service: "search" }, { start: "2024-03-08T02:00:00Z" }),
  ]);
});

Deno.test("pagerduty CSV: recovery is 45, 20, 1 and 90 minutes; two incidents stay open", () => {
  const summary = summarize(analyze({ kind: "file", files: [CSV] }));
  assert.equal(summary.events.read, 10);
  assert.equal(summary.events.used, 10);
  assert.deepEqual(summary.recovery, {
    incidents: 6,
    resolved: 4,
    unresolved: 2,
    mean_minutes: 39, // (45 + 20 + 1 + 90) / 4
    median_minutes: 32.5, // (20 + 45) / 2
  });
});

Deno.test("pagerduty CSV: times without an offset need --export-tz; headers match however they are spelled", () => {
  const path = tempFile(
    "Incident ID,Incident Number,Service Name,Status,Created On,Resolved On\n" +
      "PX1,77,shop,resolved,2024-03-04 10:30:00,2024-03-04 11:00:00\n",
  );
  assert.deepEqual(textRowsOf([path]), [
    {
      file: 0,
      line: 2,
      reason:
        'Created On: "2024-03-04 10:30:00" has no UTC offset; name the export\'s time zone with --export-tz ZONE',
    },
    {
      file: 0,
      line: 2,
      reason:
        'Resolved On: "2024-03-04 11:00:00" has no UTC offset; name the export\'s time zone with --export-tz ZONE',
    },
  ]);
  const zoned = textRowsOf([path], { adapter: { exportTimeZone: "America/New_York" } });
  assert.deepEqual(zoned.map((row) => row.timestamp), [
    "2024-03-04T15:30:00.000Z",
    "2024-03-04T16:00:00.000Z",
  ]);
  // --from pagerduty reads the CSV too; --map keeps a CSV canonical.
  assert.equal(textRowsOf([path], { from: ["pagerduty"] }).length, 2);
});

Deno.test("pagerduty: a merged incident counts as part of the incident it was merged into", () => {
  const merged = (id: string, into: string, where = "") => ({
    filtered_by: "merged",
    reason:
      `resolve_reason: incident "${id}" was merged into "${into}"${where}; its outage counts there`,
  });
  assert.deepEqual(textRowsOf([MERGED]), [
    // PMRG002 was paged at 10:00, before PMRG001 (10:05): the outage began at 10:00.
    ...incident({ line: 3, id: "PMRG001", service: "shop" }, {
      start: "2024-03-11T10:00:00Z",
      resolved: "2024-03-11T11:05:00Z",
    }),
    { file: 0, line: 60, ...merged("PMRG002", "PMRG001") },
    { file: 0, line: 60, ...merged("PMRG002", "PMRG001") },
    { file: 0, line: 126, ...merged("PMRG003", "PMRG001") },
    { file: 0, line: 126, ...merged("PMRG003", "PMRG001") },
    { file: 0, line: 192, ...merged("PMRG004", "PZZZ999", ", which is not in the inputs") },
    { file: 0, line: 192, ...merged("PMRG004", "PZZZ999", ", which is not in the inputs") },
    ...incident({ line: 258, id: "PIND005", service: "shop" }, {
      start: "2024-03-12T14:00:00Z",
      resolved: "2024-03-12T14:30:00Z",
    }),
  ]);
  // Counted as their own incidents, the merges would give 60, 7, 1, 2 and 30 minutes: a mean of
  // 20. Folded in: PMRG001 10:00→11:05 = 65 and PIND005 30.
  const summary = summarize(analyze({ kind: "file", files: [MERGED] }));
  assert.deepEqual(summary.events.filtered, { rows: 6, by_filter: { merged: 6 } });
  assert.deepEqual(summary.recovery, {
    incidents: 2,
    resolved: 2,
    unresolved: 0,
    mean_minutes: 47.5,
    median_minutes: 47.5,
  });
});

Deno.test("pagerduty webhooks: a merged incident's events are filtered and its start folds into the target", () => {
  const event = (type: string, at: string, data: Record<string, unknown>) =>
    JSON.stringify({ event: { event_type: `incident.${type}`, occurred_at: at, data } });
  const service = { summary: "payments" };
  const path = tempFile(
    [
      event("triggered", "2024-03-09T08:00:00Z", { id: "QCHILD1", service }),
      event("triggered", "2024-03-09T08:04:00Z", { id: "QPARENT", service }),
      event("resolved", "2024-03-09T08:06:00Z", {
        id: "QCHILD1",
        service,
        resolve_reason: { type: "merge_resolve_reason", incident: { id: "QPARENT" } },
      }),
      event("resolved", "2024-03-09T08:50:00Z", { id: "QPARENT", service }),
    ].join("\n") + "\n",
    ".ndjson",
  );
  const rows = textRowsOf([path]);
  assert.deepEqual(rows.map((row) => row.filtered_by ?? `${row.type}@${row.timestamp}`), [
    "merged",
    "incident_start@2024-03-09T08:00:00Z",
    "merged",
    "incident_resolved@2024-03-09T08:50:00Z",
  ]);
});
