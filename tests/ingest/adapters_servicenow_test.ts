/**
 * ServiceNow incidents from the Table API (two pages that overlap, `sysparm_display_value=all`,
 * and the default raw values) and from a list's CSV export (display values in the exporting
 * user's time zone). Expected rows and recovery minutes are worked out by hand from the fixtures.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { detectAdapter } from "../../lib/ingest/adapters/registry.ts";
import { fixture, tempFile, textRowsOf } from "../helpers.ts";

const PAGES = [
  fixture("servicenow/incidents-page-1.json"),
  fixture("servicenow/incidents-page-2.json"),
];
const RESOLVED_WITHOUT_TIME =
  "resolved_at: missing for a resolved incident (closed_at is when it was closed, not when service came back)";
const CANCELED = {
  filtered_by: "canceled",
  reason: 'state: incident "INC0010003" was canceled, so it was not an outage',
};

/**
 * The incident rows of one record, as read. The attributes the filter flags use (title, priority,
 * urgency) are read by the filters while scanning and are not part of the rows.
 */
function incident(
  at: { file: number; line: number },
  { id, service }: Record<string, string>,
  times: { start: string; resolved?: string },
) {
  const start = { ...at, id, service, timestamp: times.start, type: "incident_start" };
  if (times.resolved === undefined) return [start];
  return [start, { ...start, timestamp: times.resolved, type: "incident_resolved" }];
}

const SHOP_1 = {
  id: "INC0010001",
  service: "Shop",
  title: "Checkout returns 502",
  priority: "1",
  urgency: "high",
};
const SEARCH_2 = {
  id: "INC0010002",
  service: "Search",
  title: "Search results stale",
  priority: "3",
  urgency: "medium",
};
const SHOP_4 = {
  id: "INC0010004",
  service: "Shop",
  title: "Payments latency",
  priority: "2",
  urgency: "high",
};
const DB_5 = {
  id: "INC0010005",
  service: "checkout-db",
  title: "Orders stuck in pending",
  priority: "2",
  urgency: "high",
};
const SHOP_6 = {
  id: "INC0010006",
  service: "Shop",
  title: "Slow image uploads",
  priority: "3",
  urgency: "medium",
};

Deno.test("servicenow: Table API pages, one record a start and a resolve, UTC values without an offset", () => {
  assert.equal(detectAdapter(JSON.parse(Deno.readTextFileSync(PAGES[0])))?.name, "servicenow");
  assert.deepEqual(textRowsOf(PAGES), [
    ...incident({ file: 0, line: 3 }, SHOP_1, {
      start: "2024-03-04T10:30:00.000Z",
      resolved: "2024-03-04T11:15:00.000Z",
    }),
    ...incident({ file: 0, line: 55 }, SEARCH_2, {
      start: "2024-03-05T08:00:00.000Z",
      resolved: "2024-03-05T10:00:00.000Z",
    }),
    { file: 0, line: 107, ...CANCELED },
    ...incident({ file: 0, line: 159 }, SHOP_4, { start: "2024-03-06T22:00:00.000Z" }),
    // The second page starts with the last incident of the first: the list moved between calls.
    ...incident({ file: 1, line: 3 }, SHOP_4, { start: "2024-03-06T22:00:00.000Z" }),
    // No business service: the configuration item names the service.
    ...incident({ file: 1, line: 55 }, DB_5, {
      start: "2024-03-07T13:20:00.000Z",
      resolved: "2024-03-07T13:50:30.000Z",
    }),
    ...incident({ file: 1, line: 107 }, SHOP_6, { start: "2024-03-08T07:45:00.000Z" }),
    { file: 1, line: 107, reason: RESOLVED_WITHOUT_TIME },
  ]);
});

Deno.test("servicenow: recovery of the two pages is 45, 120 and 30.5 minutes; the repeated incident is a duplicate", () => {
  const summary = summarize(analyze({ kind: "file", files: PAGES }));
  // 11 rows: 8 used, INC0010004's second start and INC0010006's resolve rejected, 1 canceled.
  assert.equal(summary.events.read, 11);
  assert.equal(summary.events.used, 8);
  assert.deepEqual(
    summary.events.rejected.map((row) => `${row.file.split("/").at(-1)}:${row.line}`),
    ["incidents-page-2.json:3", "incidents-page-2.json:107"],
  );
  assert.deepEqual(summary.events.filtered, { rows: 1, by_filter: { canceled: 1 } });
  // INC0010001 10:30→11:15 = 45, INC0010002 08:00→10:00 = 120, INC0010005 13:20→13:50:30 = 30.5;
  // INC0010004 and INC0010006 stay open.
  assert.deepEqual(summary.recovery, {
    incidents: 5,
    resolved: 3,
    unresolved: 2,
    mean_minutes: (45 + 120 + 30.5) / 3,
    median_minutes: 45,
  });
  assert.deepEqual(Object.keys(summary.by_service), ["Search", "Shop", "checkout-db"]);
});

Deno.test("servicenow: the list's CSV export has display values; --export-tz names the exporter's zone", () => {
  const csv = fixture("servicenow/incidents.csv");
  const rows = textRowsOf([csv], { adapter: { exportTimeZone: "Europe/Berlin" } });
  // Berlin is UTC+1 in early March: the same instants as the Table API's UTC values.
  assert.deepEqual(rows, [
    ...incident({ file: 0, line: 2 }, SHOP_1, {
      start: "2024-03-04T10:30:00.000Z",
      resolved: "2024-03-04T11:15:00.000Z",
    }),
    ...incident({ file: 0, line: 3 }, SEARCH_2, {
      start: "2024-03-05T08:00:00.000Z",
      resolved: "2024-03-05T10:00:00.000Z",
    }),
    { file: 0, line: 4, ...CANCELED },
    ...incident({ file: 0, line: 5 }, SHOP_4, { start: "2024-03-06T22:00:00.000Z" }),
    ...incident({ file: 0, line: 6 }, DB_5, {
      start: "2024-03-07T13:20:00.000Z",
      resolved: "2024-03-07T13:50:30.000Z",
    }),
    ...incident({ file: 0, line: 7 }, SHOP_6, { start: "2024-03-08T07:45:00.000Z" }),
    { file: 0, line: 7, reason: RESOLVED_WITHOUT_TIME },
  ]);
  const summary = summarize(
    analyze({ kind: "file", files: [csv], read: { adapter: { exportTimeZone: "Europe/Berlin" } } }),
  );
  assert.equal(summary.recovery.mean_minutes, (45 + 120 + 30.5) / 3);
  assert.equal(summary.recovery.median_minutes, 45);

  // Without the zone the local times are ambiguous: rejected, saying what to do.
  const unzoned = textRowsOf([csv]);
  assert.equal(
    unzoned[0].reason,
    'opened_at: "2024-03-04 11:30:00" is a display value in the exporting user\'s time zone; name it with --export-tz ZONE, or export raw values (sysparm_display_value=false) in UTC',
  );
  assert.equal(unzoned.filter((row) => row.type !== undefined).length, 0);
});

Deno.test("servicenow: raw values (the Table API's default, or a CSV with sysparm_display_value=false) are UTC", () => {
  const json = tempFile(
    JSON.stringify({
      result: [{
        number: "INC0020001",
        state: "7",
        opened_at: "2024-03-04 23:50:00",
        resolved_at: "2024-03-05 00:20:00",
        business_service: {
          link: "https://acme.service-now.com/api/now/table/cmdb_ci_service/27d3",
          value: "27d32778c0a8000b00db970eeaa60f16",
        },
      }],
    }),
    ".json",
  );
  const csv = tempFile(
    "number,opened_at,resolved_at,state,priority,cmdb_ci\n" +
      "INC0020002,2024-03-06 09:00:00,,2,1,b0c25d1bc0a800090168be1bfcdcd759\n" +
      "INC0020003,2024-03-06 10:00:00,2024-03-06 10:06:00,99,2,\n",
    ".csv",
  );
  assert.deepEqual(textRowsOf([json, csv]), [
    // The API writes one line. A reference without a display value names the service by its
    // sys_id (map it with --service-map).
    {
      file: 0,
      line: 1,
      id: "INC0020001",
      service: "27d32778c0a8000b00db970eeaa60f16",
      timestamp: "2024-03-04T23:50:00.000Z",
      type: "incident_start",
    },
    {
      file: 0,
      line: 1,
      id: "INC0020001",
      service: "27d32778c0a8000b00db970eeaa60f16",
      timestamp: "2024-03-05T00:20:00.000Z",
      type: "incident_resolved",
    },
    {
      file: 1,
      line: 2,
      id: "INC0020002",
      service: "b0c25d1bc0a800090168be1bfcdcd759",
      timestamp: "2024-03-06T09:00:00.000Z",
      type: "incident_start",
    },
    {
      file: 1,
      line: 3,
      reason:
        'state: unknown incident state "99" (expected New, In Progress, On Hold, Resolved, Closed or Canceled)',
    },
  ]);
  // An empty last page is still a ServiceNow page, and adds nothing.
  assert.equal(detectAdapter({ result: [] })?.name, "servicenow");
});
