/**
 * `gitlab-deployments`: GitLab's `GET /projects/:id/deployments` response. Field names follow the
 * documented payload: https://docs.gitlab.com/ee/api/deployments.html#list-project-deployments
 * (`id`, `iid`, `ref`, `sha`, `created_at`, `updated_at`, `status` — created, running, success,
 * failed, canceled or blocked — `environment.name`, `deployable.finished_at`,
 * `deployable.commit.created_at`).
 *
 * One deploy row per successful production deployment:
 * - time: `deployable.finished_at`, when the deploy job finished; a deployment made through the API
 *   has no job, and then `updated_at` (when it turned `success`) stands in;
 * - id: the deployment `id` (unique across projects, unlike `iid`);
 * - commit time: `deployable.commit.created_at` (the deployed head commit);
 * - service: none in the payload, so `--service` or the default service.
 *
 * Filtered: a non-production `environment.name` (`environment`: production, prod, or an
 * environment whose `tier` is `production`, unless `--environment` says otherwise) and a `status`
 * that has not finished or did not succeed (`outcome`). Rejected: an unknown `status`.
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
  notProductionReason,
  productionEnvironments,
  quoted,
  serviceOf,
  textAt,
  unusedRow,
} from "./vendor_fields.ts";

const UNFINISHED = new Set(["created", "running", "blocked"]);
const UNSUCCESSFUL = new Set(["failed", "canceled"]);

function isDeployment(value: unknown): boolean {
  return isJsonObject(value) && "iid" in value && "sha" in value &&
    ("deployable" in value || isJsonObject(value.environment));
}

function isProduction(deployment: unknown, options: AdapterOptions): boolean {
  const name = textAt(deployment, "environment.name");
  if (options.environments?.length) return matchesAny(name, options.environments);
  return textAt(deployment, "environment.tier") === "production" ||
    matchesAny(name, productionEnvironments(options));
}

function statusProblem(status: unknown): string | LeftOut | null {
  if (status === "success") return null;
  if (typeof status === "string" && UNFINISHED.has(status)) {
    return {
      filter: FILTER_NAMES.outcome,
      reason: `status: ${quoted(status)}, the deploy has not finished`,
    };
  }
  if (typeof status === "string" && UNSUCCESSFUL.has(status)) {
    return { filter: FILTER_NAMES.outcome, reason: `status: ${quoted(status)}, not success` };
  }
  return `status: unknown deployment status ${quoted(status)}`;
}

function deployRow(record: VendorRecord, options: AdapterOptions): CanonicalRow {
  const deployment = record.value;
  const problem = notAnObject(record) ??
    (isProduction(deployment, options) ? null : notProductionReason(
      { field: "environment.name", environment: fieldAt(deployment, "environment.name") },
      options,
    )) ??
    statusProblem(fieldAt(deployment, "status"));
  if (problem) return unusedRow(record, problem);
  return {
    file: record.file,
    line: record.line,
    timestamp: textAt(deployment, "deployable.finished_at") ?? textAt(deployment, "updated_at"),
    type: "deploy",
    id: textAt(deployment, "id"),
    service: serviceOf(options, null),
    commit_timestamp: textAt(deployment, "deployable.commit.created_at"),
  };
}

/**
 * The `gitlab-deployments` adapter.
 *
 * @example A production deployment at its job's finish; a staging one is filtered
 * ```ts
 * import assert from "node:assert/strict";
 * import { gitlabDeployments } from "./gitlab_deployments.ts";
 *
 * const deployment = {
 *   id: 41, iid: 1, sha: "99d0", status: "success", updated_at: "2016-08-11T07:38:12Z",
 *   environment: { name: "production" },
 *   deployable: {
 *     finished_at: "2016-08-11T07:36:39.851Z",
 *     commit: { created_at: "2016-08-11T09:36:01.000+02:00" },
 *   },
 * };
 * const staging = { ...deployment, id: 42, environment: { name: "staging" } };
 * const [row, staged] = gitlabDeployments.toRows([
 *   { file: 0, line: 2, value: deployment },
 *   { file: 0, line: 14, value: staging },
 * ], {});
 * assert.deepEqual(row, {
 *   file: 0, line: 2, timestamp: "2016-08-11T07:36:39.851Z", type: "deploy", id: "41",
 *   service: null, commit_timestamp: "2016-08-11T09:36:01.000+02:00",
 * });
 * assert.equal(staged.filtered_by, "environment");
 * assert.match(String(staged.reason), /^environment\.name: "staging" is not a production environment/);
 * ```
 */
export const gitlabDeployments: Adapter = {
  name: "gitlab-deployments",
  describes: "GitLab GET /projects/:id/deployments export",
  detect(document) {
    return Array.isArray(document) && isDeployment(document[0]);
  },
  toRows(records, options) {
    return records.map((record) => deployRow(record, options));
  },
};
