/**
 * The deploy adapters (GitHub deployments, GitHub Actions, GitLab deployments) against fixtures
 * shaped like the vendors' documented example payloads, with the awkward cases: non-production
 * environments, failed and re-run runs, unknown statuses. Expected rows are written out by hand
 * from the fixtures (line = the line on which the record's `{` stands).
 */
import assert from "node:assert/strict";
import { fixture, textRowsOf } from "../helpers.ts";

const NOT_PRODUCTION =
  "is not a production environment (production, prod; choose with --environment)";
// Records an adapter's rule leaves out are filtered under the rule's name, not rejected.
const environment = { filtered_by: "environment" };
const outcome = { filtered_by: "outcome" };
const workflow = { filtered_by: "workflow" };

Deno.test("github-deployments: one deploy per production deployment, at its first success status", () => {
  const deployments = fixture("github-deployments/deployments.json");
  const statuses = fixture("github-deployments/statuses.json");
  const deploy = { type: "deploy", service: "example" };
  assert.deepEqual(textRowsOf([deployments, statuses]), [
    { file: 0, line: 2, ...deploy, timestamp: "2024-03-04T10:02:00Z", id: "1" },
    { file: 0, line: 21, ...environment, reason: `environment: "staging" ${NOT_PRODUCTION}` },
    {
      file: 0,
      line: 34,
      ...outcome,
      reason: 'statuses: no "success" status (latest state: "failure")',
    },
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
      ...workflow,
      reason: 'name: workflow "CI" is not a deploy workflow (choose with --workflow)',
    },
    {
      file: 0,
      line: 37,
      ...outcome,
      reason: 'conclusion: "failure", not success (see --any-conclusion)',
    },
    {
      file: 0,
      line: 50,
      ...deploy,
      timestamp: "2024-03-05T09:30:00Z",
      id: "103",
      commit_timestamp: "2024-03-05T08:30:00Z",
    },
    { file: 0, line: 64, ...outcome, reason: 'status: run is "in_progress", not completed' },
    // Attempt 2 of run 105 comes first in the file; the earlier attempt 1 is the deploy.
    {
      file: 0,
      line: 76,
      filtered_by: "rerun",
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
      ...workflow,
      reason: 'name: workflow "Release to prod" is not a deploy workflow (choose with --workflow)',
    },
    {
      file: 0,
      line: 115,
      ...outcome,
      reason: 'conclusion: "cancelled", not success (see --any-conclusion)',
    },
    // The same attempt in two overlapping pages is a duplicate: rejected, not filtered.
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
    { file: 0, line: 29, ...environment, reason: `environment.name: "staging" ${NOT_PRODUCTION}` },
    { file: 0, line: 40, ...outcome, reason: 'status: "failed", not success' },
    { file: 0, line: 51, ...outcome, reason: 'status: "running", the deploy has not finished' },
    { file: 0, line: 62, reason: 'status: unknown deployment status "skipped"' },
    // Made through the API: no deploy job, so updated_at; "live" counts through its tier.
    { file: 0, line: 72, type: "deploy", timestamp: "2024-03-07T13:20:00.000Z", id: "46" },
    { file: 0, line: 83, ...outcome, reason: 'status: "canceled", not success' },
  ]);
});
