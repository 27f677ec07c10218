/**
 * `github-deployments`: GitHub's REST "list deployments" response, with the deployments' statuses.
 *
 * Field names follow the documented payloads:
 * - deployments: https://docs.github.com/en/rest/deployments/deployments#list-deployments
 *   (`url`, `id`, `sha`, `ref`, `environment`, `production_environment`, `created_at`,
 *   `repository_url`, …);
 * - statuses: https://docs.github.com/en/rest/deployments/statuses#list-deployment-statuses
 *   (`state`: error, failure, inactive, in_progress, queued, pending or success; `environment`,
 *   `created_at`, `deployment_url`).
 *
 * A deployment is only a request to deploy; its statuses say whether and when it happened. Give the
 * statuses either as further `--input` files (each status names its deployment by
 * `deployment_url`), or inline as a `statuses` array on each deployment. One deploy row per
 * deployment:
 * - time: the `created_at` of its first `success` status (the deployment's own `created_at` is when
 *   it was requested, not when it went live);
 * - id: the deployment `id`; service: the repository name from `repository_url`;
 * - no commit time: the payload names only the `sha`, so lead time needs another source.
 *
 * Filtered: a deployment to a non-production environment (`environment`: production, prod, or
 * `production_environment: true`, unless `--environment` says otherwise) and one without a success
 * status (`outcome`). Rejected: a deployment without statuses, and a status whose deployment is not
 * in the inputs.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import {
  fieldAt,
  FILTER_NAMES,
  matchesAny,
  notAnObject,
  notProductionReason,
  productionEnvironments,
  quoted,
  rejectedRow,
  serviceOf,
  textAt,
  unusedRow,
} from "./vendor_fields.ts";

function isStatus(value: unknown): boolean {
  return isJsonObject(value) && "state" in value && "deployment_url" in value;
}

function isDeployment(value: unknown): boolean {
  return isJsonObject(value) && "sha" in value && "environment" in value &&
    ("statuses_url" in value || "production_environment" in value || "task" in value);
}

function firstOf(document: unknown): unknown {
  return Array.isArray(document) ? document[0] : document;
}

function instantOf(status: unknown): number {
  const at = Date.parse(textAt(status, "created_at") ?? "");
  return Number.isNaN(at) ? Infinity : at;
}

function isProduction(deployment: Record<string, unknown>, options: AdapterOptions): boolean {
  const environment = textAt(deployment, "environment");
  if (options.environments?.length) return matchesAny(environment, options.environments);
  return deployment.production_environment === true ||
    matchesAny(environment, productionEnvironments(options));
}

/** The deploy row of a deployment `record`, given all its `statuses`, or why it has none. */
function deployRow(
  { record, statuses }: { record: VendorRecord; statuses: readonly unknown[] },
  options: AdapterOptions,
): CanonicalRow {
  const deployment = record.value as Record<string, unknown>;
  if (!isProduction(deployment, options)) {
    return unusedRow(
      record,
      notProductionReason(
        { field: "environment", environment: fieldAt(deployment, "environment") },
        options,
      ),
    );
  }
  const id = textAt(deployment, "id");
  if (statuses.length === 0) {
    return rejectedRow(
      record,
      `statuses: none found for deployment ${
        quoted(id)
      } (add its list-deployment-statuses export as an --input)`,
    );
  }
  const byTime = [...statuses].sort((a, b) => instantOf(a) - instantOf(b));
  const success = byTime.find((status) => textAt(status, "state") === "success");
  if (!success) {
    return unusedRow(record, {
      filter: FILTER_NAMES.outcome,
      reason: `statuses: no "success" status (latest state: ${
        quoted(fieldAt(byTime.at(-1), "state"))
      })`,
    });
  }
  const repository = textAt(deployment, "repository_url")?.split("/").at(-1) ?? null;
  return {
    file: record.file,
    line: record.line,
    timestamp: textAt(success, "created_at"),
    type: "deploy",
    id,
    service: serviceOf(options, repository),
  };
}

/**
 * The `github-deployments` adapter.
 *
 * @example A deployment goes live at its first success status, not when it was requested
 * ```ts
 * import assert from "node:assert/strict";
 * import { githubDeployments } from "./github_deployments.ts";
 *
 * const deployment = {
 *   url: "https://api.github.com/repos/o/r/deployments/1", id: 1, sha: "a1",
 *   environment: "production", created_at: "2024-01-01T10:00:00Z",
 *   repository_url: "https://api.github.com/repos/o/r",
 *   statuses: [
 *     { state: "success", created_at: "2024-01-01T10:09:00Z" },
 *     { state: "success", created_at: "2024-01-01T10:05:00Z" },
 *   ],
 * };
 * assert.deepEqual(githubDeployments.toRows([{ file: 0, line: 2, value: deployment }], {}), [
 *   { file: 0, line: 2, timestamp: "2024-01-01T10:05:00Z", type: "deploy", id: "1", service: "r" },
 * ]);
 * ```
 */
export const githubDeployments: Adapter = {
  name: "github-deployments",
  describes: "GitHub REST list-deployments export, with its deployment statuses",
  detect(document) {
    const first = firstOf(document);
    return Array.isArray(document) && (isDeployment(first) || isStatus(first));
  },
  toRows(records, options) {
    const statusesByUrl = new Map<string, unknown[]>();
    const deploymentUrls = new Set<string | null>();
    for (const record of records) {
      if (!isStatus(record.value)) deploymentUrls.add(textAt(record.value, "url"));
      const url = isStatus(record.value) ? textAt(record.value, "deployment_url") : null;
      if (url !== null) statusesByUrl.set(url, [...statusesByUrl.get(url) ?? [], record.value]);
    }
    const rows: CanonicalRow[] = [];
    for (const record of records) {
      const problem = notAnObject(record);
      if (problem) rows.push(rejectedRow(record, problem));
      else if (isStatus(record.value)) {
        const url = textAt(record.value, "deployment_url");
        if (url === null || !deploymentUrls.has(url)) {
          rows.push(
            rejectedRow(record, `deployment_url: no deployment ${quoted(url)} in the inputs`),
          );
        }
      } else {
        const inline = fieldAt(record.value, "statuses");
        const linked = statusesByUrl.get(textAt(record.value, "url") ?? "") ?? [];
        rows.push(
          deployRow(
            { record, statuses: [...(Array.isArray(inline) ? inline : []), ...linked] },
            options,
          ),
        );
      }
    }
    return rows;
  },
};
