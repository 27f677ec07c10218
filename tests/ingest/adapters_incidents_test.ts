/**
 * The incident adapters (PagerDuty, Opsgenie) against fixtures shaped like the vendors' documented
 * example payloads, with the awkward cases: unknown statuses, a missing resolved_at or close time;
 * then the adapters through the whole pipeline, and detection by content. Expected rows are written
 * out by hand from the fixtures (line = the line on which the record's `{` stands).
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { detectAdapter } from "../../lib/ingest/adapters/registry.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { fixture, textRowsOf } from "../helpers.ts";

Deno.test("pagerduty: REST incidents give starts and resolves; a missing resolved_at falls back or is rejected", () => {
  const shop = { service: "shop" };
  assert.deepEqual(textRowsOf([fixture("pagerduty/incidents.json")]), [
    {
      file: 0,
      line: 3,
      type: "incident_start",
      timestamp: "2024-03-04T10:30:00Z",
      id: "PT4KHLK",
      ...shop,
    },
    {
      file: 0,
      line: 3,
      type: "incident_resolved",
      timestamp: "2024-03-04T11:15:00Z",
      id: "PT4KHLK",
      ...shop,
    },
    {
      file: 0,
      line: 24,
      type: "incident_start",
      timestamp: "2024-03-05T11:00:00Z",
      id: "PXYZ123",
      ...shop,
    },
    {
      file: 0,
      line: 24,
      type: "incident_resolved",
      timestamp: "2024-03-05T12:00:00Z",
      id: "PXYZ123",
      ...shop,
    },
    {
      file: 0,
      line: 34,
      type: "incident_start",
      timestamp: "2024-03-06T09:00:00Z",
      id: "PABC456",
      service: "search",
    },
    {
      file: 0,
      line: 34,
      reason: "resolved_at: missing for a resolved incident, and no last_status_change_at either",
    },
    {
      file: 0,
      line: 44,
      type: "incident_start",
      timestamp: "2024-03-07T14:00:00Z",
      id: "PDEF789",
      service: "search",
    },
    {
      file: 0,
      line: 55,
      reason:
        'status: unknown incident status "snoozed" (expected triggered, acknowledged or resolved)',
    },
  ]);
});

Deno.test("pagerduty: V3 webhook events as NDJSON, each line its own verdict", () => {
  const payments = { id: "Q1WEBHK", service: "payments" };
  const rows = textRowsOf([fixture("pagerduty/webhooks.ndjson")]);
  assert.deepEqual(
    rows.map(({ reason, ...row }) =>
      reason === undefined ? row : { line: row.line, reason: String(reason).split(":")[0] }
    ),
    [
      {
        file: 0,
        line: 1,
        type: "incident_start",
        timestamp: "2024-03-09T08:00:00.000Z",
        ...payments,
      },
      { line: 2, reason: "event.event_type" },
      {
        file: 0,
        line: 3,
        type: "incident_resolved",
        timestamp: "2024-03-09T08:45:00.000Z",
        ...payments,
      },
      { line: 4, reason: "invalid JSON" },
      { line: 5, reason: "event.event_type" },
      { line: 6, reason: "empty line" }, // a blank line, as in a CSV
      {
        file: 0,
        line: 7,
        type: "incident_start",
        timestamp: "2024-03-10T22:00:00.000Z",
        id: "Q2WEBHK",
        service: "payments",
      },
    ],
  );
  assert.equal(
    rows[1].reason,
    'event.event_type: "incident.acknowledged" is neither incident.triggered nor incident.resolved',
  );
});

Deno.test("opsgenie: incidents from impact start to impact end; alerts close at createdAt + report.closeTime", () => {
  const service = "59591948-d418-4bb9-af16-170d6b232b7d";
  const first = "652f14b3-019a-4d4c-8b83-e4da527a416c";
  assert.deepEqual(textRowsOf([fixture("opsgenie/incidents.json")]), [
    {
      file: 0,
      line: 3,
      type: "incident_start",
      timestamp: "2024-03-04T17:06:16.824Z",
      id: first,
      service,
    },
    {
      file: 0,
      line: 3,
      type: "incident_resolved",
      timestamp: "2024-03-04T17:45:25.719Z",
      id: first,
      service,
    },
    {
      file: 0,
      line: 20,
      type: "incident_start",
      timestamp: "2024-03-05T13:33:00.941Z",
      id: "4a0c5e6d-b239-4cd9-a7e8-a5f880e99473",
    },
    {
      file: 0,
      line: 32,
      type: "incident_start",
      timestamp: "2024-03-06T09:00:00.000Z",
      id: "8a1b2c3d-0000-4cd9-a7e8-a5f880e99473",
      service,
    },
    { file: 0, line: 32, reason: "impactEndDate: missing for a closed incident" },
    {
      file: 0,
      line: 41,
      reason: 'status: unknown incident status "postmortem" (expected open or resolved or closed)',
    },
  ]);
  const alert = { service: "ops" };
  assert.deepEqual(textRowsOf([fixture("opsgenie/alerts.json")], { adapter: { service: "ops" } }), [
    {
      file: 0,
      line: 3,
      type: "incident_start",
      timestamp: "2024-03-08T20:00:52.353Z",
      id: "70413a06-38d6-4c85-92b8-5ebc900d42e2",
      ...alert,
    },
    // 20:00:52.353 + 60 503 ms = 20:01:52.856
    {
      file: 0,
      line: 3,
      type: "incident_resolved",
      timestamp: "2024-03-08T20:01:52.856Z",
      id: "70413a06-38d6-4c85-92b8-5ebc900d42e2",
      ...alert,
    },
    {
      file: 0,
      line: 23,
      type: "incident_start",
      timestamp: "2024-03-09T20:32:52.353Z",
      id: "80413a06-38d6-4c85-92b8-5ebc900d42e2",
      ...alert,
    },
    {
      file: 0,
      line: 35,
      type: "incident_start",
      timestamp: "2024-03-10T06:00:00.000Z",
      id: "90413a06-38d6-4c85-92b8-5ebc900d42e2",
      ...alert,
    },
    {
      file: 0,
      line: 35,
      reason: "report.closeTime: missing for a closed alert, so its close time is unknown",
    },
  ]);
});

Deno.test("adapters feed the same rules and counts: read = used + rejected + filtered, and recovery is computed", () => {
  const summary = summarize(
    analyze({
      kind: "file",
      files: [fixture("pagerduty/incidents.json"), fixture("pagerduty/webhooks.ndjson")],
    }),
  );
  // 8 rows from the REST export, 7 from the webhooks.
  assert.equal(summary.events.read, 15);
  const { used, rejected, filtered } = summary.events;
  assert.equal(used + rejected.length + filtered.rows, 15);
  assert.deepEqual(
    rejected.map((row) => `${row.file.split("/").at(-1)}:${row.line}`),
    ["incidents.json:34", "incidents.json:55", "webhooks.ndjson:4", "webhooks.ndjson:6"],
  );
  // The acknowledged and annotated webhook events (lines 2 and 5) are left out by rule.
  assert.deepEqual(filtered, { rows: 2, by_filter: { event_type: 2 } });
  // 45 min (PT4KHLK), 60 min (PXYZ123), 45 min (Q1WEBHK); PABC456, PDEF789 and Q2WEBHK stay open.
  assert.deepEqual(summary.recovery, {
    incidents: 6,
    resolved: 3,
    unresolved: 3,
    mean_minutes: 50,
    median_minutes: 45,
  });
});

Deno.test("detection: each fixture is recognised by content, canonical events are not", () => {
  const named = (path: string) =>
    detectAdapter(JSON.parse(Deno.readTextFileSync(fixture(path))))?.name ?? null;
  assert.equal(named("github-deployments/deployments.json"), "github-deployments");
  assert.equal(named("github-deployments/statuses.json"), "github-deployments");
  assert.equal(named("github-actions/runs.json"), "github-actions");
  assert.equal(named("gitlab-deployments/deployments.json"), "gitlab-deployments");
  assert.equal(named("pagerduty/incidents.json"), "pagerduty");
  assert.equal(named("opsgenie/incidents.json"), "opsgenie");
  assert.equal(named("opsgenie/alerts.json"), "opsgenie");
  assert.equal(
    detectAdapter(
      JSON.parse(Deno.readTextFileSync(fixture("pagerduty/webhooks.ndjson")).split("\n")[0]),
    )?.name,
    "pagerduty",
  );
  assert.equal(
    detectAdapter([{ timestamp: "2024-01-01T10:00:00Z", type: "deploy", id: "d1" }]),
    null,
  );
  assert.equal(detectAdapter([]), null);
});

Deno.test("opsgenie: an empty last page is recognised by its wrapper keys and adds nothing", () => {
  const lastPage = fixture("opsgenie/incidents-last-page.json");
  assert.equal(
    detectAdapter(JSON.parse(Deno.readTextFileSync(lastPage)))?.name,
    "opsgenie",
  );
  assert.equal(detectAdapter({ data: [] }), null); // no Opsgenie key: not recognised
  const onePage = summarize(analyze({ kind: "file", files: [fixture("opsgenie/incidents.json")] }));
  const twoPages = summarize(
    analyze({ kind: "file", files: [fixture("opsgenie/incidents.json"), lastPage] }),
  );
  assert.equal(twoPages.events.read, onePage.events.read);
  assert.deepEqual(twoPages.incidents, onePage.incidents);
  assert.deepEqual(textRowsOf([lastPage]), []);
});
