/**
 * The filter flags as reading options: services named per input and mapped, test services and
 * incidents left out, incidents kept by priority or urgency; every row left out counted under its
 * filter. Recovery minutes are worked out by hand from the PagerDuty CSV fixture: PQ1ABCD 45,
 * PQ2BCDE 20 (low, P4), PQ4DEFG 1 (checkout-test, low, no priority), PQ5EFGH 90; PQ3CDEF (P2) and
 * PQ6FGHI (P3) are open.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import type { RowFilters } from "../../lib/ingest/filters.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { csv, fixture, tempFile, textRowsOf } from "../helpers.ts";

const PAGERDUTY_CSV = fixture("pagerduty/incidents.csv");

function summaryOf(files: string[], filters: RowFilters): Summary {
  return summarize(analyze({ kind: "file", files, read: { filters } }));
}

Deno.test("--exclude-service leaves out a test service's incidents, counted under service", () => {
  const summary = summaryOf([PAGERDUTY_CSV], { excludeServices: ["*-test"] });
  assert.deepEqual(summary.events.filtered, { rows: 2, by_filter: { service: 2 } });
  assert.equal(summary.events.read, 10);
  assert.equal(summary.events.used + summary.events.rejected.length + 2, 10);
  assert.deepEqual(summary.recovery, {
    incidents: 5,
    resolved: 3,
    unresolved: 2,
    mean_minutes: (45 + 20 + 90) / 3,
    median_minutes: 45,
  });
  assert.deepEqual(Object.keys(summary.by_service), ["search", "shop"]);
});

Deno.test("--exclude-incident matches an incident's id or its title", () => {
  const byTitle = textRowsOf([PAGERDUTY_CSV], { filters: { excludeIncidents: ["[test]*"] } })
    .filter((row) => row.filtered_by !== undefined);
  // A filtered row keeps what it read, for whoever inspects it.
  assert.deepEqual(
    byTitle.map(({ line, type, filtered_by, reason }) => ({ line, type, filtered_by, reason })),
    ["incident_start", "incident_resolved"].map((type) => ({
      line: 5,
      type,
      filtered_by: "incident",
      reason: 'title: "[TEST] synthetic check" matches --exclude-incident "[test]*"',
    })),
  );
  const byId = summaryOf([PAGERDUTY_CSV], { excludeIncidents: ["PQ1*", "PQ6FGHI"] });
  assert.deepEqual(byId.events.filtered, { rows: 3, by_filter: { incident: 3 } });
  assert.equal(byId.recovery.incidents, 4);
});

Deno.test("--urgency high keeps high-urgency incidents: 45 and 90 minutes", () => {
  const summary = summaryOf([PAGERDUTY_CSV], { urgencies: ["high"] });
  assert.deepEqual(summary.events.filtered, { rows: 4, by_filter: { urgency: 4 } });
  assert.deepEqual(summary.recovery, {
    incidents: 4,
    resolved: 2,
    unresolved: 2,
    mean_minutes: 67.5,
    median_minutes: 67.5,
  });
});

Deno.test("--min-priority P2 keeps P1 and P2; an incident without a priority is left out and says so", () => {
  const rows = textRowsOf([PAGERDUTY_CSV], { filters: { minPriority: 2 } });
  assert.deepEqual(
    rows.filter((row) => row.filtered_by !== undefined).map((row) => `${row.line}: ${row.reason}`),
    [
      "3: priority: P4 is below --min-priority P2 keeps P1 to P2",
      "3: priority: P4 is below --min-priority P2 keeps P1 to P2",
      "5: priority: none given (--min-priority P2 keeps P1 to P2)",
      "5: priority: none given (--min-priority P2 keeps P1 to P2)",
      "7: priority: P3 is below --min-priority P2 keeps P1 to P2",
    ],
  );
  const summary = summaryOf([PAGERDUTY_CSV], { minPriority: 2 });
  assert.deepEqual(summary.recovery, {
    incidents: 3,
    resolved: 2,
    unresolved: 1,
    mean_minutes: 67.5,
    median_minutes: 67.5,
  });
});

Deno.test("ServiceNow priorities and urgencies are read through the same flags", () => {
  const pages = [
    fixture("servicenow/incidents-page-1.json"),
    fixture("servicenow/incidents-page-2.json"),
  ];
  // P1 INC0010001 (45 min) and P2 INC0010004 (open), INC0010005 (30.5 min) stay.
  const urgent = summaryOf(pages, { minPriority: 2 });
  assert.equal(urgent.recovery.mean_minutes, (45 + 30.5) / 2);
  assert.equal(urgent.recovery.incidents, 3);
  // urgency 1 (high): the same three.
  assert.deepEqual(summaryOf(pages, { urgencies: ["high"] }).recovery, urgent.recovery);
});

Deno.test("the incident filters never leave out deploys; filters apply to canonical files too", () => {
  const events = tempFile(csv(
    "timestamp,type,id,service",
    "2024-03-04T10:00:00Z,deploy,d1,shop",
    "2024-03-04T11:00:00Z,incident_start,i1,shop",
    "2024-03-04T11:30:00Z,incident_resolved,i1,shop",
    "2024-03-04T12:00:00Z,deploy,d2,shop-canary",
  ));
  const rows = textRowsOf([events], {
    filters: { minPriority: 1, excludeServices: ["*-canary"] },
  });
  assert.deepEqual(rows.map((row) => row.filtered_by ?? row.type), [
    "deploy",
    "priority",
    "priority",
    "service",
  ]);
});

Deno.test("--service names each input's service, - keeps an input's own; --service-map renames them", () => {
  const events = tempFile(csv("timestamp,type,id", "2024-03-04T10:00:00Z,deploy,d1"));
  const rows = textRowsOf([events, PAGERDUTY_CSV], {
    filters: {
      services: ["checkout", null],
      serviceMap: [
        { pattern: "shop", service: "checkout" },
        { pattern: "*-test", service: "checkout-staging" },
      ],
    },
  });
  assert.deepEqual([...new Set(rows.map((row) => row.service))], [
    "checkout",
    "search",
    "checkout-staging",
  ]);
});
