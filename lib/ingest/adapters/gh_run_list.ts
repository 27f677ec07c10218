/**
 * `gh-run-list`: the GitHub CLI's own JSON for workflow runs, `gh run list --json FIELDS`: an array
 * of runs with camelCase fields (https://cli.github.com/manual/gh_run_list: `attempt`,
 * `conclusion`, `createdAt`, `databaseId`, `displayTitle`, `event`, `headBranch`, `headSha`, `name`,
 * `number`, `startedAt`, `status`, `updatedAt`, `url`, `workflowDatabaseId`, `workflowName`).
 * Written to a file, it is one line.
 *
 * The same rules as `github-actions`, read through gh's names: one deploy per successful run of a
 * deploy workflow (`workflowName`, chosen with `--workflow`, else every workflow whose name
 * contains "deploy"), at `updatedAt`, id `databaseId`; other workflows, runs not `completed` or
 * not `success`, and re-runs are filtered. gh lists each run's latest attempt only, so a re-run
 * deploy counts when its latest attempt finished. There is no commit time or repository in the
 * output: give the service with `--service`.
 *
 * Rejected: a run without the fields the rules need (`databaseId`, `workflowName`, `status`,
 * `conclusion`, `updatedAt`), which means `--json` did not ask for them.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, VendorRecord } from "./adapter.ts";
import { type RunShape, workflowRunRows } from "./github_actions.ts";
import { rejectedRow } from "./vendor_fields.ts";

/** gh's field names for what the workflow-run rules read. */
export const GH_RUN_SHAPE: RunShape = {
  id: "databaseId",
  name: "workflowName",
  path: null,
  status: "status",
  conclusion: "conclusion",
  attempt: "attempt",
  finishedAt: "updatedAt",
  commitTime: null,
  repository: null,
};

/** The fields `gh run list --json` must include; `attempt` is optional (older gh has none). */
export const GH_RUN_FIELDS = ["databaseId", "workflowName", "status", "conclusion", "updatedAt"];

/**
 * The `gh run list --json` fields to ask for: what the rules read, plus what helps a reader of the
 * file.
 */
export const GH_RUN_LIST_JSON =
  "databaseId,workflowName,status,conclusion,attempt,event,headBranch,headSha,createdAt,updatedAt,url";

function isGhRun(value: unknown): boolean {
  return isJsonObject(value) && "databaseId" in value &&
    ["workflowName", "conclusion", "status", "updatedAt"].some((field) => field in value);
}

/** Why a gh run cannot be judged: a field `--json` did not ask for; null when all are there. */
function missingField(record: VendorRecord): string | null {
  const run = record.value;
  if (!isJsonObject(run)) return null; // the shared rules reject non-objects
  const missing = GH_RUN_FIELDS.filter((field) => !(field in run));
  if (missing.length === 0) return null;
  return `${missing.join(", ")}: missing (export with gh run list --json ${GH_RUN_LIST_JSON})`;
}

/**
 * The `gh-run-list` adapter.
 *
 * @example A successful Deploy run is a deploy at `updatedAt`; a CI run is filtered
 * ```ts
 * import assert from "node:assert/strict";
 * import { ghRunList } from "./gh_run_list.ts";
 *
 * const run = {
 *   attempt: 1, conclusion: "success", databaseId: 8421000001, status: "completed",
 *   updatedAt: "2024-03-04T09:08:15Z", workflowName: "Deploy",
 * };
 * const ci = { ...run, databaseId: 8421000002, workflowName: "CI" };
 * assert.equal(ghRunList.detect([run, ci]), true);
 * const [deploy, other] = ghRunList.toRows([
 *   { file: 0, line: 1, value: run },
 *   { file: 0, line: 1, value: ci },
 * ], { service: "shop" });
 * assert.deepEqual(deploy, {
 *   file: 0, line: 1, timestamp: "2024-03-04T09:08:15Z", type: "deploy", id: "8421000001",
 *   service: "shop", commit_timestamp: null,
 * });
 * assert.equal(other.filtered_by, "workflow");
 * ```
 */
export const ghRunList: Adapter = {
  name: "gh-run-list",
  describes: "GitHub CLI workflow runs (gh run list --json ...)",
  detect(document) {
    return Array.isArray(document) && isGhRun(document[0]);
  },
  toRows(records, options) {
    const rows = new Map<VendorRecord, CanonicalRow>();
    const complete: VendorRecord[] = [];
    for (const record of records) {
      const missing = missingField(record);
      if (missing) rows.set(record, rejectedRow(record, missing));
      else complete.push(record);
    }
    const judged = workflowRunRows(complete, { options, shape: GH_RUN_SHAPE });
    complete.forEach((record, index) => rows.set(record, judged[index]));
    return records.map((record) => rows.get(record)!);
  },
};
