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
 * Left out, each counted under its filter with a reason naming the field: runs of other workflows
 * (`workflow`, on `name`), runs not `completed` (`outcome`, on `status`), runs whose `conclusion` is
 * not `success` unless `--any-conclusion` (`outcome`), and re-runs (`rerun`, on `run_attempt`): a
 * run id counts once, at its earliest successful attempt. The same attempt exported twice (pages
 * that overlap) is rejected as a duplicate.
 *
 * The rules read the fields through a {@link RunShape}, so `gh run list --json` (camelCase names)
 * shares them.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import {
  fieldAt,
  FILTER_NAMES,
  type LeftOut,
  matchesAny,
  notAnObject,
  quoted,
  rejectedRow,
  serviceOf,
  textAt,
  unusedRow,
} from "./vendor_fields.ts";

/** Where a workflow run export keeps each field the rules read (dotted paths; null: absent). */
export interface RunShape {
  /** The run id, the same for every attempt. */
  id: string;
  /** The workflow's name. */
  name: string;
  /** The workflow file's path, such as `.github/workflows/deploy.yml@main`. */
  path: string | null;
  /** `completed`, `in_progress`, `queued`, … */
  status: string;
  /** `success`, `failure`, `cancelled`, … */
  conclusion: string;
  /** The attempt number, 1 for the first run. */
  attempt: string;
  /** When the completed run finished. */
  finishedAt: string;
  /** When the head commit was made. */
  commitTime: string | null;
  /** The repository's name, for the service. */
  repository: string | null;
}

/** The REST API's field names. */
export const REST_RUN_SHAPE: RunShape = {
  id: "id",
  name: "name",
  path: "path",
  status: "status",
  conclusion: "conclusion",
  attempt: "run_attempt",
  finishedAt: "updated_at",
  commitTime: "head_commit.timestamp",
  repository: "repository.name",
};

function isRun(value: unknown): boolean {
  return isJsonObject(value) &&
    ("run_attempt" in value || ("workflow_id" in value && "head_sha" in value));
}

function textOf(run: unknown, path: string | null): string | null {
  return path === null ? null : textAt(run, path);
}

/** `.github/workflows/deploy.yml@main` → the path without the ref, and its file name. */
function workflowFile(run: unknown, shape: RunShape): { path: string | null; file: string | null } {
  const path = textOf(run, shape.path)?.replace(/@[^/]*$/, "") ?? null;
  return { path, file: path?.split("/").at(-1) ?? null };
}

function isDeployWorkflow(run: unknown, { options, shape }: RunRules): boolean {
  const name = textAt(run, shape.name);
  const { path, file } = workflowFile(run, shape);
  if (options.workflows?.length) {
    return [name, path, file].some((candidate) => matchesAny(candidate, options.workflows!));
  }
  return [name, file].some((candidate) => candidate?.toLowerCase().includes("deploy"));
}

/** How runs are judged: the adapter options, and where the export keeps each field. */
export interface RunRules {
  /** `--workflow`, `--any-conclusion`, `--service`. */
  options: AdapterOptions;
  /** The export's field names. */
  shape: RunShape;
}

/** Why a run is not a deploy, before re-runs are considered; null when it is one. */
function runProblem(run: unknown, rules: RunRules): LeftOut | null {
  const { options, shape } = rules;
  if (!isDeployWorkflow(run, rules)) {
    const chosen = options.workflows?.length
      ? `not one of --workflow ${options.workflows.join(", ")}`
      : "not a deploy workflow (choose with --workflow)";
    return {
      filter: FILTER_NAMES.workflow,
      reason: `${shape.name}: workflow ${quoted(fieldAt(run, shape.name))} is ${chosen}`,
    };
  }
  const status = fieldAt(run, shape.status);
  if (status !== "completed") {
    return {
      filter: FILTER_NAMES.outcome,
      reason: `${shape.status}: run is ${quoted(status)}, not completed`,
    };
  }
  const conclusion = fieldAt(run, shape.conclusion);
  if (!options.anyConclusion && conclusion !== "success") {
    return {
      filter: FILTER_NAMES.outcome,
      reason: `${shape.conclusion}: ${quoted(conclusion)}, not success (see --any-conclusion)`,
    };
  }
  return null;
}

function attemptOf(run: unknown, shape: RunShape): number {
  const attempt = Number(fieldAt(run, shape.attempt) ?? 1);
  return Number.isFinite(attempt) ? attempt : 1;
}

/**
 * The rows of workflow runs under `rules`: one deploy per successful run of a deploy workflow, at
 * its earliest successful attempt; every other run filtered or rejected with a reason.
 */
export function workflowRunRows(
  records: readonly VendorRecord[],
  rules: RunRules,
): CanonicalRow[] {
  const { options, shape } = rules;
  const deploys: VendorRecord[] = [];
  const rows = new Map<VendorRecord, CanonicalRow>();
  for (const record of records) {
    const problem = notAnObject(record) ?? runProblem(record.value, rules);
    if (problem) rows.set(record, unusedRow(record, problem));
    else deploys.push(record);
  }
  const attempt = (record: VendorRecord) => attemptOf(record.value, shape);
  // Stable sort: equal attempts keep input order, so the first export of an attempt wins.
  const counted = new Map<string, number>();
  for (const record of [...deploys].sort((a, b) => attempt(a) - attempt(b))) {
    const id = textAt(record.value, shape.id) ?? `${record.file}:${record.line}`;
    const earlier = counted.get(id);
    if (earlier === attempt(record)) {
      rows.set(
        record,
        rejectedRow(
          record,
          `${shape.attempt}: attempt ${
            attempt(record)
          } of run ${id} appears again (attempt ${earlier})`,
        ),
      );
      continue;
    }
    if (earlier !== undefined) {
      rows.set(
        record,
        unusedRow(record, {
          filter: FILTER_NAMES.rerun,
          reason: `${shape.attempt}: attempt ${
            attempt(record)
          } of run ${id} re-runs a deploy already counted (attempt ${earlier})`,
        }),
      );
      continue;
    }
    counted.set(id, attempt(record));
    rows.set(record, {
      file: record.file,
      line: record.line,
      timestamp: textAt(record.value, shape.finishedAt),
      type: "deploy",
      id: textAt(record.value, shape.id),
      service: serviceOf(options, textOf(record.value, shape.repository)),
      commit_timestamp: textOf(record.value, shape.commitTime),
    });
  }
  return records.map((record) => rows.get(record)!);
}

/**
 * The `github-actions` adapter.
 *
 * @example A successful run of a deploy workflow is a deploy; a CI run is filtered by name
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
 *       file: 0, line: 20, filtered_by: "workflow",
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
    // gh's own JSON has other names; without this hint its good runs would read as other workflows.
    const fromGh = records.filter(({ value }) =>
      isJsonObject(value) && "databaseId" in value && !("id" in value)
    );
    if (fromGh.length === 0) return workflowRunRows(records, { options, shape: REST_RUN_SHAPE });
    const rest = workflowRunRows(records.filter((record) => !fromGh.includes(record)), {
      options,
      shape: REST_RUN_SHAPE,
    });
    return records.map((record) =>
      fromGh.includes(record)
        ? rejectedRow(
          record,
          "databaseId: this is gh run list --json output; read it with --from gh-run-list (or without --from)",
        )
        : rest.shift()!
    );
  },
};
