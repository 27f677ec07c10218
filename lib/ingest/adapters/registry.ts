/**
 * The vendor adapters by `--from` name, and content detection when `--from` is not given.
 *
 * Detection looks at one parsed document (for NDJSON, its first record) and asks each adapter in
 * turn, most specific first; the first that recognises it wins, and a document none recognises is
 * read as canonical events. The rules, in order:
 *
 * | adapter | recognised by |
 * |---|---|
 * | github-actions | an object with a `workflow_runs` array, or an array of runs (`run_attempt`, or `workflow_id` + `head_sha`) |
 * | github-deployments | an array of deployments (`sha` + `environment` + one of `statuses_url`, `production_environment`, `task`) or of deployment statuses (`state` + `deployment_url`) |
 * | gitlab-deployments | an array of deployments with `iid` + `sha` + a `deployable` or an `environment` object |
 * | pagerduty | an object with an `incidents` array, incidents with `incident_number`, or webhook events whose `event.event_type` starts with `incident.` |
 * | opsgenie | `{"data": [...]}` with a `requestId` or `took` key (even an empty last page), or `{"data": [...]}` or an array whose first record has a `tinyId` |
 * | argo-cd | an Application (`metadata` + `spec.destination`, or `kind: "Application"`), an array of them, or `{"items": [...]}` of them |
 * | spinnaker | an array of pipeline executions (`pipelineConfigId` + `stages` or `status`) |
 * | gh-run-list | an array of runs with `databaseId` and a `workflowName`, `conclusion`, `status` or `updatedAt` |
 * | servicenow | `{"result": [...]}` of incidents (`number` + `opened_at` or `sys_id`; an empty `{"result": []}` too), or an array of them; a CSV whose header has `number` and `opened_at` |
 *
 * A CSV input is canonical when its header has `timestamp` and `type` (or `--map` is given);
 * otherwise the adapters that read CSV are asked about its header. *
 * @module
 */
import type { Adapter } from "./adapter.ts";
import { argoCd } from "./argo_cd.ts";
import { githubActions } from "./github_actions.ts";
import { githubDeployments } from "./github_deployments.ts";
import { ghRunList } from "./gh_run_list.ts";
import { gitlabDeployments } from "./gitlab_deployments.ts";
import { opsgenie } from "./opsgenie.ts";
import { pagerduty } from "./pagerduty.ts";
import { servicenow } from "./servicenow.ts";
import { spinnaker } from "./spinnaker.ts";

/** Every adapter, in detection order. */
export const ADAPTERS: readonly Adapter[] = [
  githubActions,
  githubDeployments,
  gitlabDeployments,
  pagerduty,
  opsgenie,
  argoCd,
  spinnaker,
  ghRunList,
  servicenow,
];

/** `--from` for files that are already canonical events. */
export const CANONICAL_SOURCE = "canonical";

/** `--from` for a file whose format is recognised from its content, as without `--from`. */
export const AUTO_SOURCE = "auto";

/** The names `--from` accepts. */
export const SOURCE_NAMES: readonly string[] = [
  AUTO_SOURCE,
  CANONICAL_SOURCE,
  ...ADAPTERS.map((adapter) => adapter.name),
];

/**
 * The adapter `--from NAME` names, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adapterNamed } from "./registry.ts";
 *
 * assert.equal(adapterNamed("pagerduty")?.listKey, "incidents");
 * assert.equal(adapterNamed("jira"), undefined);
 * ```
 */
export function adapterNamed(name: string): Adapter | undefined {
  return ADAPTERS.find((adapter) => adapter.name === name);
}

/**
 * The adapter whose CSV export has this header row, or null for canonical events (a header with
 * `timestamp` and `type` is always canonical).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectCsvAdapter } from "./registry.ts";
 *
 * assert.equal(detectCsvAdapter(["timestamp", "type", "id"]), null);
 * assert.equal(detectCsvAdapter(["when", "what"]), null);
 * ```
 */
export function detectCsvAdapter(header: readonly string[]): Adapter | null {
  const names = new Set(header.map((cell) => cell.trim().toLowerCase()));
  if (names.has("timestamp") && names.has("type")) return null;
  return ADAPTERS.find((adapter) => adapter.detectCsv?.(header)) ?? null;
}

/**
 * The adapter whose export `document` is, or null for canonical events.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectAdapter } from "./registry.ts";
 *
 * assert.equal(detectAdapter({ total_count: 0, workflow_runs: [] })?.name, "github-actions");
 * assert.equal(detectAdapter({ data: [{ id: "a", tinyId: "1" }] })?.name, "opsgenie");
 * assert.equal(detectAdapter([{ timestamp: "2024-01-01T10:00:00Z", type: "deploy" }]), null);
 * ```
 */
export function detectAdapter(document: unknown): Adapter | null {
  return ADAPTERS.find((adapter) => adapter.detect(document)) ?? null;
}
