/**
 * The continuous-delivery adapters (Argo CD, Spinnaker, `gh run list`) against fixtures built from
 * the documented payloads, with the noise real exports have: re-syncs, non-production
 * environments, failed and cancelled executions, re-runs, one-line JSON. Expected rows and numbers
 * are worked out by hand from the fixtures (line = the line on which the record's `{` stands).
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { detectAdapter } from "../../lib/ingest/adapters/registry.ts";
import { fixture, textRowsOf } from "../helpers.ts";

const NOT_PRODUCTION =
  "is not a production environment (production, prod; choose with --environment)";

function documentAt(path: string): unknown {
  return JSON.parse(Deno.readTextFileSync(fixture(path)));
}

Deno.test("argo-cd: every sync in status.history is a deploy at deployedAt; re-syncs and staging apps are filtered", () => {
  const shop = { type: "deploy", service: "shop" };
  const search = { type: "deploy", service: "search" };
  assert.deepEqual(textRowsOf([fixture("argo-cd/applications.json")]), [
    { file: 0, line: 4, ...shop, timestamp: "2024-03-04T10:02:11Z", id: "shop:11" },
    { file: 0, line: 4, ...shop, timestamp: "2024-03-05T14:30:00Z", id: "shop:12" },
    // Sync 13 is a self-heal of the revision sync 12 deployed.
    {
      file: 0,
      line: 4,
      filtered_by: "resync",
      reason:
        'status.history: sync 13 of "shop" deploys revision "8b1d7e4c2a9f0e3d6b5a4c3d2e1f0a9b8c7d6e5f" again (already deployed by sync 12)',
    },
    { file: 0, line: 4, ...shop, timestamp: "2024-03-06T09:15:30Z", id: "shop:14" },
    ...[1, 2].map(() => ({
      file: 0,
      line: 101,
      filtered_by: "environment",
      reason: `metadata.labels.environment: "staging" ${NOT_PRODUCTION}`,
    })),
    // A multi-source app: its revisions (git commit and chart version) change together.
    { file: 0, line: 174, ...search, timestamp: "2024-03-04T12:00:00Z", id: "search:3" },
    { file: 0, line: 174, ...search, timestamp: "2024-03-07T08:45:00Z", id: "search:4" },
    {
      file: 0,
      line: 273,
      reason:
        'status.history: no syncs for application "payments" (never synced, or exported without its status)',
    },
  ]);
});

Deno.test("argo-cd: the summary counts 5 deploys on 4 days; read = used + rejected + filtered", () => {
  const summary = summarize(
    analyze({ kind: "file", files: [fixture("argo-cd/applications.json")] }),
  );
  assert.deepEqual(summary.window, {
    start: "2024-03-04",
    end: "2024-03-07",
    days: 4,
    timezone: "UTC",
  });
  assert.deepEqual(summary.events.filtered, { rows: 3, by_filter: { environment: 2, resync: 1 } });
  assert.equal(summary.events.read, 9);
  assert.equal(summary.events.used, 5);
  assert.equal(summary.events.rejected.length, 1);
  // 5 deploys in 4 days; 2024-03-04 has two (shop 10:02, search 12:00).
  assert.equal(summary.deployment_frequency.deploys, 5);
  assert.equal(summary.deployment_frequency.per_day, 1.25);
  assert.equal(summary.deployment_frequency.deploy_days, 4);
  assert.deepEqual(
    summary.deploys_per_day.map((day) => day.deploys),
    [2, 1, 1, 1],
  );
  assert.deepEqual(Object.keys(summary.by_service), ["search", "shop"]);
});

Deno.test("argo-cd: one application from `argocd app get -o json`; --environment chooses the labels that count", () => {
  assert.equal(detectAdapter(documentAt("argo-cd/app-shop.json"))?.name, "argo-cd");
  assert.equal(detectAdapter(documentAt("argo-cd/applications.json"))?.name, "argo-cd");
  assert.deepEqual(
    textRowsOf([fixture("argo-cd/app-shop.json")]).map((row) => row.id ?? row.filtered_by),
    ["shop:11", "shop:12", "resync", "shop:14"],
  );
  const staging = textRowsOf([fixture("argo-cd/applications.json")], {
    adapter: { environments: ["staging"] },
  });
  // shop has no environment label, so it counts whatever --environment says.
  assert.deepEqual(staging.filter((row) => row.type === "deploy").map((row) => row.id), [
    "shop:11",
    "shop:12",
    "shop:14",
    "shop-staging:40",
    "shop-staging:41",
  ]);
  assert.equal(
    staging.find((row) => row.line === 174)?.reason,
    'metadata.labels.env: "production" is not a production environment (staging; choose with --environment)',
  );
});

Deno.test("spinnaker: a SUCCEEDED execution deploys at endTime (epoch ms); failed, cancelled and running ones are filtered", () => {
  const deploy = { type: "deploy", service: "shop" };
  const outcome = { filtered_by: "outcome" };
  assert.deepEqual(textRowsOf([fixture("spinnaker/executions.json")]), [
    { file: 0, line: 2, ...outcome, reason: 'status: "RUNNING", not finished' },
    {
      file: 0,
      line: 57,
      ...outcome,
      reason: 'status: "CANCELED" (cancelled), only SUCCEEDED deploys',
    },
    // endTime 1709805160250 ms
    {
      file: 0,
      line: 112,
      ...deploy,
      timestamp: "2024-03-07T09:52:40.250Z",
      id: "01HRX2M3T1SUCCEEDED000003",
    },
    // Without --workflow every pipeline deploys, staging too.
    {
      file: 0,
      line: 172,
      ...deploy,
      timestamp: "2024-03-06T13:05:00.000Z",
      id: "01HRV5K4S2STAGING00000002",
    },
    {
      file: 0,
      line: 232,
      ...outcome,
      reason: 'status: "TERMINAL" (failed), only SUCCEEDED deploys',
    },
    {
      file: 0,
      line: 287,
      ...deploy,
      timestamp: "2024-03-05T16:31:05.000Z",
      id: "01HRS8H7Q6SUCCEEDED000002",
    },
    {
      file: 0,
      line: 342,
      ...deploy,
      timestamp: "2024-03-05T10:04:00.000Z",
      id: "01HRQ1G5P4STAGING00000001",
    },
    {
      file: 0,
      line: 397,
      ...deploy,
      timestamp: "2024-03-04T10:10:12.345Z",
      id: "01HRN3F3N2SUCCEEDED000001",
    },
  ]);
});

Deno.test("spinnaker: --workflow keeps the production pipeline: 3 deploys on 3 of 4 days, 5 executions filtered", () => {
  const summary = summarize(
    analyze({
      kind: "file",
      files: [fixture("spinnaker/executions.json")],
      read: { adapter: { workflows: ["Deploy to Production"] } },
    }),
  );
  assert.equal(summary.events.read, 8);
  assert.equal(summary.events.used, 3);
  assert.deepEqual(summary.events.rejected, []);
  assert.deepEqual(summary.events.filtered, { rows: 5, by_filter: { outcome: 3, workflow: 2 } });
  assert.deepEqual(
    summary.deploys_per_day,
    [
      { date: "2024-03-04", deploys: 1 },
      { date: "2024-03-05", deploys: 1 },
      { date: "2024-03-06", deploys: 0 },
      { date: "2024-03-07", deploys: 1 },
    ],
  );
  assert.equal(summary.deployment_frequency.per_day, 0.75);
  assert.equal(detectAdapter(documentAt("spinnaker/executions.json"))?.name, "spinnaker");
});

Deno.test("spinnaker: an unknown status or an endTime that is not epoch milliseconds is rejected", () => {
  const execution = {
    id: "01X",
    application: "shop",
    name: "Deploy",
    pipelineConfigId: "p1",
    type: "PIPELINE",
    stages: [],
    status: "SUCCEEDED",
    endTime: "2024-03-04T10:00:00Z",
  };
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  Deno.writeTextFileSync(
    path,
    JSON.stringify([execution, { ...execution, id: "01Y", status: "EXPLODED" }], null, 1),
  );
  assert.deepEqual(textRowsOf([path]), [
    {
      file: 0,
      line: 2,
      reason:
        'endTime: "2024-03-04T10:00:00Z" is not epoch milliseconds, so the deploy has no time',
    },
    { file: 0, line: 12, reason: 'status: unknown execution status "EXPLODED"' },
  ]);
});

Deno.test("gh-run-list: detected without --from; good runs are deploys at updatedAt, the rest filtered or rejected", () => {
  assert.equal(detectAdapter(documentAt("gh-run-list/runs.json"))?.name, "gh-run-list");
  const deploy = { type: "deploy", service: "shop" };
  const outcome = { filtered_by: "outcome" };
  const workflow = { filtered_by: "workflow" };
  const rows = textRowsOf(
    [fixture("gh-run-list/runs.json"), fixture("gh-run-list/runs-older.json")],
    { adapter: { service: "shop" } },
  );
  // One line per file: gh writes the array on one line when its output is a file, so each run
  // is told apart by its element, its place in the array.
  assert.deepEqual(rows.map(({ file, line, element, ...row }) => [file, line, element, row]), [
    [0, 1, 1, { ...outcome, reason: 'status: run is "in_progress", not completed' }],
    [0, 1, 2, {
      ...workflow,
      reason: 'workflowName: workflow "CI" is not a deploy workflow (choose with --workflow)',
    }],
    // A re-run: gh lists only the latest attempt, so it counts when attempt 2 finished.
    [0, 1, 3, { ...deploy, timestamp: "2024-03-07T14:40:00Z", id: "8421000007" }],
    [0, 1, 4, { ...outcome, reason: 'conclusion: "failure", not success (see --any-conclusion)' }],
    [0, 1, 5, {
      ...workflow,
      reason: 'workflowName: workflow "CI" is not a deploy workflow (choose with --workflow)',
    }],
    [0, 1, 6, {
      ...outcome,
      reason: 'conclusion: "cancelled", not success (see --any-conclusion)',
    }],
    [0, 1, 7, { ...deploy, timestamp: "2024-03-05T11:09:30Z", id: "8421000003" }],
    // The older export overlaps by one run: the same attempt twice is a duplicate.
    [1, 1, 1, { reason: "attempt: attempt 1 of run 8421000003 appears again (attempt 1)" }],
    [1, 1, 2, { ...deploy, timestamp: "2024-03-04T15:06:00Z", id: "8421000002" }],
    [1, 1, 3, { ...deploy, timestamp: "2024-03-04T09:08:15Z", id: "8421000001" }],
  ]);
});

Deno.test("gh-run-list: 4 deploys in 4 days; a run without the fields the rules need is rejected", () => {
  const summary = summarize(
    analyze({
      kind: "file",
      files: [fixture("gh-run-list/runs.json"), fixture("gh-run-list/runs-older.json")],
    }),
  );
  assert.equal(summary.events.read, 10);
  assert.equal(summary.events.used, 4);
  assert.deepEqual(summary.events.filtered, { rows: 5, by_filter: { outcome: 3, workflow: 2 } });
  assert.equal(summary.events.rejected.length, 1);
  assert.deepEqual(summary.deploys_per_day.map((day) => day.deploys), [2, 1, 0, 1]);
  assert.deepEqual(Object.keys(summary.by_service), ["default"]);

  const path = Deno.makeTempFileSync({ suffix: ".json" });
  Deno.writeTextFileSync(path, '[{"databaseId":1,"conclusion":"success","status":"completed"}]');
  assert.deepEqual(textRowsOf([path]), [{
    file: 0,
    line: 1,
    reason:
      "workflowName, updatedAt: missing (export with gh run list --json databaseId,workflowName,status,conclusion,attempt,event,headBranch,headSha,createdAt,updatedAt,url)",
  }]);
  // Named as the REST export, gh's runs say where they belong instead of reading as other workflows.
  assert.match(
    String(textRowsOf([fixture("gh-run-list/runs.json")], { from: ["github-actions"] })[0].reason),
    /^databaseId: this is gh run list --json output; read it with --from gh-run-list/,
  );
});
