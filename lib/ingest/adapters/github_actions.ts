/**
 * `github-actions`: GitHub's REST "list workflow runs" response, `{"total_count", "workflow_runs"}`
 * (a bare array of runs works too). Field names follow the documented payload:
 * https://docs.github.com/en/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
 * (`id`, `name`, `path` such as `.github/workflows/deploy.yml@main`, `head_branch`, `head_sha`,
 * `event`, `status`, `conclusion`, `run_attempt`, `run_started_at`, `created_at`, `updated_at`,
 * `head_commit.timestamp`, `repository.name`).
 *
 * One deploy row per successful run of a deploy workflow:
 * - deploy workflows: those named by `--workflow` (its `name`, its file such as `deploy.yml`, or
 *   its path); without `--workflow`, every workflow whose name or file contains "deploy";
 * - time: `updated_at`, when the completed run last changed, i.e. when it finished (`run_started_at`
 *   is when the latest attempt began);
 * - id: the run `id`; commit time: `head_commit.timestamp`; service: `repository.name`.
 *
 * Rejected, each with a reason naming the field: runs of other workflows (`name`), runs not
 * `completed` (`status`), runs whose `conclusion` is not `success` (unless `--any-conclusion`), and
 * re-runs: a run id counts once, at its earliest successful attempt; any other attempt of the same
 * run (or the same attempt exported twice) is rejected on `run_attempt`.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import {
  fieldAt,
  matchesAny,
  notAnObject,
  quoted,
  rejectedRow,
  serviceOf,
  textAt,
} from "./vendor_fields.ts";

function isRun(value: unknown): boolean {
  return isJsonObject(value) &&
    ("run_attempt" in value || ("workflow_id" in value && "head_sha" in value));
}

/** `.github/workflows/deploy.yml@main` → the path without the ref, and its file name. */
function workflowFile(run: unknown): { path: string | null; file: string | null } {
  const path = textAt(run, "path")?.replace(/@[^/]*$/, "") ?? null;
  return { path, file: path?.split("/").at(-1) ?? null };
}

function isDeployWorkflow(run: unknown, options: AdapterOptions): boolean {
  const name = textAt(run, "name");
  const { path, file } = workflowFile(run);
  if (options.workflows?.length) {
    return [name, path, file].some((candidate) => matchesAny(candidate, options.workflows!));
  }
  return [name, file].some((candidate) => candidate?.toLowerCase().includes("deploy"));
}

/** Why a run is not a deploy, before re-runs are considered; null when it is one. */
function runProblem(run: unknown, options: AdapterOptions): string | null {
  if (!isDeployWorkflow(run, options)) {
    const chosen = options.workflows?.length
      ? `not one of --workflow ${options.workflows.join(", ")}`
      : "not a deploy workflow (choose with --workflow)";
    return `name: workflow ${quoted(fieldAt(run, "name"))} is ${chosen}`;
  }
  const status = fieldAt(run, "status");
  if (status !== "completed") return `status: run is ${quoted(status)}, not completed`;
  const conclusion = fieldAt(run, "conclusion");
  if (!options.anyConclusion && conclusion !== "success") {
    return `conclusion: ${quoted(conclusion)}, not success (see --any-conclusion)`;
  }
  return null;
}

function attemptOf(run: unknown): number {
  const attempt = Number(fieldAt(run, "run_attempt") ?? 1);
  return Number.isFinite(attempt) ? attempt : 1;
}

/**
 * The `github-actions` adapter.
 *
 * @example A successful run of a deploy workflow is a deploy; a CI run is rejected by name
 * ```ts
 * import assert from "node:assert/strict";
 * import { githubActions } from "./github_actions.ts";
 *
 * const run = {
 *   id: 7, name: "Deploy", path: ".github/workflows/deploy.yml@main", status: "completed",
 *   conclusion: "success", run_attempt: 1, updated_at: "2024-01-01T10:05:00Z",
 *   head_commit: { timestamp: "2024-01-01T09:00:00Z" }, repository: { name: "shop" },
 * };
 * const ci = { ...run, id: 8, name: "CI", path: ".github/workflows/ci.yml@main" };
 * assert.deepEqual(
 *   githubActions.toRows([{ file: 0, line: 3, value: run }, { file: 0, line: 20, value: ci }], {}),
 *   [
 *     {
 *       file: 0, line: 3, timestamp: "2024-01-01T10:05:00Z", type: "deploy", id: "7",
 *       service: "shop", commit_timestamp: "2024-01-01T09:00:00Z",
 *     },
 *     {
 *       file: 0, line: 20,
 *       reason: 'name: workflow "CI" is not a deploy workflow (choose with --workflow)',
 *     },
 *   ],
 * );
 * ```
 */
export const githubActions: Adapter = {
  name: "github-actions",
  describes: 'GitHub REST list-workflow-runs export ({"workflow_runs": [...]})',
  listKey: "workflow_runs",
  detect(document) {
    if (isJsonObject(document) && Array.isArray(document.workflow_runs)) return true;
    return Array.isArray(document) && isRun(document[0]);
  },
  toRows(records, options) {
    const deploys: VendorRecord[] = [];
    const rows = new Map<VendorRecord, CanonicalRow>();
    for (const record of records) {
      const problem = notAnObject(record) ?? runProblem(record.value, options);
      if (problem) rows.set(record, rejectedRow(record, problem));
      else deploys.push(record);
    }
    // Stable sort: equal attempts keep input order, so the first export of an attempt wins.
    const counted = new Map<string, number>();
    for (const record of [...deploys].sort((a, b) => attemptOf(a.value) - attemptOf(b.value))) {
      const id = textAt(record.value, "id") ?? `${record.file}:${record.line}`;
      const earlier = counted.get(id);
      if (earlier !== undefined) {
        const again = earlier === attemptOf(record.value)
          ? "appears again"
          : "re-runs a deploy already counted";
        rows.set(
          record,
          rejectedRow(
            record,
            `run_attempt: attempt ${
              attemptOf(record.value)
            } of run ${id} ${again} (attempt ${earlier})`,
          ),
        );
        continue;
      }
      counted.set(id, attemptOf(record.value));
      rows.set(record, {
        file: record.file,
        line: record.line,
        timestamp: textAt(record.value, "updated_at"),
        type: "deploy",
        id: textAt(record.value, "id"),
        service: serviceOf(options, textAt(record.value, "repository.name")),
        commit_timestamp: textAt(record.value, "head_commit.timestamp"),
      });
    }
    return records.map((record) => rows.get(record)!);
  },
};
