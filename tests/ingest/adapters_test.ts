/**
 * Each vendor adapter against fixtures shaped like the vendor's documented example payloads, with
 * the awkward cases: non-production environments, failed and re-run runs, unknown statuses, a
 * missing resolved_at. Expected rows are written out by hand from the fixtures (line = the line on
 * which the record's `{` stands).
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { detectAdapter } from "../../lib/ingest/adapters/registry.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { fixture, textRowsOf } from "../helpers.ts";

const NOT_PRODUCTION =
  "is not a production environment (production, prod; choose with --environment)";

Deno.test("github-deployments: one deploy per production deployment, at its first success status", () => {
  const deployments = fixture("github-deployments/deployments.json");
  const statuses = fixture("github-deployments/statuses.json");
  const deploy = { type: "deploy", service: "example" };
  assert.deepEqual(textRowsOf([deployments, statuses]), [
    { file: 0, line: 2, ...deploy, timestamp: "2024-03-04T10:02:00Z", id: "1" },
    { file: 0, line: 21, reason: `environment: "staging" ${NOT_PRODUCTION}` },
    { file: 0, line: 34, reason: 'statuses: no "success" status (latest state: "failure")' },
    // eu-live counts through production_environment; its two successes are listed out of order.
    { file: 0, line: 47, ...deploy, timestamp: "2024-03-06T14:02:30Z", id: "4" },
    {
      file: 0,
      line: 60,
      reason:
        'statuses: none found for deployment "5" (add its list-deployment-statuses export as an --input)',
    },
    { file: 0, line: 73, ...deploy, timestamp: "2024-03-08T16:06:00Z", id: "6" },
    {
      file: 1,
      line: 42,
      reason:
        'deployment_url: no deployment "https://api.github.com/repos/octocat/example/deployments/99" in the inputs',
    },
  ]);
});

Deno.test("github-deployments: --environment replaces the default production environments", () => {
  const rows = textRowsOf([
    fixture("github-deployments/deployments.json"),
    fixture("github-deployments/statuses.json"),
  ], {
    adapter: { environments: ["eu-live"], service: "web" },
  });
  assert.deepEqual(rows.filter((row) => row.type === "deploy"), [
    {
      file: 0,
      line: 47,
      type: "deploy",
      timestamp: "2024-03-06T14:02:30Z",
      id: "4",
      service: "web",
    },
  ]);
  assert.equal(
    rows[0].reason,
    'environment: "production" is not a production environment (eu-live; choose with --environment)',
  );
});

Deno.test("github-actions: successful deploy-workflow runs, each run once however often it was re-run", () => {
  const deploy = { type: "deploy", service: "shop" };
  const runs = [fixture("github-actions/runs.json"), fixture("github-actions/runs-page-2.json")];
  assert.deepEqual(textRowsOf(runs), [
    {
      file: 0,
      line: 4,
      ...deploy,
      timestamp: "2024-03-04T10:10:00Z",
      id: "101",
      commit_timestamp: "2024-03-04T09:00:00Z",
    },
    {
      file: 0,
      line: 22,
      reason: 'name: workflow "CI" is not a deploy workflow (choose with --workflow)',
    },
    { file: 0, line: 37, reason: 'conclusion: "failure", not success (see --any-conclusion)' },
    {
      file: 0,
      line: 50,
      ...deploy,
      timestamp: "2024-03-05T09:30:00Z",
      id: "103",
      commit_timestamp: "2024-03-05T08:30:00Z",
    },
    { file: 0, line: 64, reason: 'status: run is "in_progress", not completed' },
    // Attempt 2 of run 105 comes first in the file; the earlier attempt 1 is the deploy.
    {
      file: 0,
      line: 76,
      reason: "run_attempt: attempt 2 of run 105 re-runs a deploy already counted (attempt 1)",
    },
    {
      file: 0,
      line: 89,
      ...deploy,
      timestamp: "2024-03-07T12:00:00Z",
      id: "105",
      commit_timestamp: "2024-03-07T11:00:00Z",
    },
    {
      file: 0,
      line: 102,
      reason: 'name: workflow "Release to prod" is not a deploy workflow (choose with --workflow)',
    },
    { file: 0, line: 115, reason: 'conclusion: "cancelled", not success (see --any-conclusion)' },
    { file: 1, line: 4, reason: "run_attempt: attempt 1 of run 101 appears again (attempt 1)" },
  ]);
});

Deno.test("github-actions: --workflow chooses workflows by name or file; --any-conclusion counts failed runs", () => {
  const runs = [fixture("github-actions/runs.json")];
  const chosen = textRowsOf(runs, { adapter: { workflows: ["deploy", "release.yml"] } });
  assert.deepEqual(chosen.filter((row) => row.type === "deploy").map((row) => row.id), [
    "101",
    "103",
    "105",
    "106",
  ]);
  assert.equal(
    chosen[1].reason,
    'name: workflow "CI" is not one of --workflow deploy, release.yml',
  );
  const anyConclusion = textRowsOf(runs, { adapter: { anyConclusion: true } });
  assert.deepEqual(
    anyConclusion.filter((row) => row.type === "deploy").map((row) => `${row.id}@${row.timestamp}`),
    [
      "101@2024-03-04T10:10:00Z",
      "103@2024-03-05T09:06:00Z",
      "105@2024-03-07T12:00:00Z",
      "107@2024-03-09T10:00:00Z",
    ],
  );
  assert.equal(
    anyConclusion[3].reason,
    "run_attempt: attempt 2 of run 103 re-runs a deploy already counted (attempt 1)",
  );
});

Deno.test("gitlab-deployments: successful production deployments at the deploy job's finish", () => {
  assert.deepEqual(textRowsOf([fixture("gitlab-deployments/deployments.json")]), [
    {
      file: 0,
      line: 2,
      type: "deploy",
      timestamp: "2024-03-04T07:38:10.851Z",
      id: "41",
      commit_timestamp: "2024-03-04T09:36:01.000+02:00",
    },
    { file: 0, line: 29, reason: `environment.name: "staging" ${NOT_PRODUCTION}` },
    { file: 0, line: 40, reason: 'status: "failed", not success' },
    { file: 0, line: 51, reason: 'status: "running", the deploy has not finished' },
    { file: 0, line: 62, reason: 'status: unknown deployment status "skipped"' },
    // Made through the API: no deploy job, so updated_at; "live" counts through its tier.
    { file: 0, line: 72, type: "deploy", timestamp: "2024-03-07T13:20:00.000Z", id: "46" },
    { file: 0, line: 83, reason: 'status: "canceled", not success' },
  ]);
});

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
      { file: 0, line: 6 }, // a blank line: rejected later as an empty line, as in a CSV
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

Deno.test("adapters feed the same rules and counts: read = used + rejected, and recovery is computed", () => {
  const summary = summarize(
    analyze({
      kind: "file",
      files: [fixture("pagerduty/incidents.json"), fixture("pagerduty/webhooks.ndjson")],
    }),
  );
  // 8 rows from the REST export, 7 from the webhooks.
  assert.equal(summary.events.read, 15);
  assert.equal(summary.events.used + summary.events.rejected.length, 15);
  assert.deepEqual(
    summary.events.rejected.map((row) => `${row.file.split("/").at(-1)}:${row.line}`),
    [
      "incidents.json:34",
      "incidents.json:55",
      "webhooks.ndjson:2",
      "webhooks.ndjson:4",
      "webhooks.ndjson:5",
      "webhooks.ndjson:6",
    ],
  );
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
