/**
 * `spinnaker`: Spinnaker pipeline executions, as Gate returns them: an array of executions, from
 * `spin pipeline execution list --pipeline-id ID` (Gate's `GET /executions?pipelineConfigIds=`) or
 * `GET /applications/{application}/pipelines`. Field names follow Orca's `PipelineExecution`, as in
 * the spin CLI's own test payloads (https://github.com/spinnaker/spin, `cmd/pipeline/execution`):
 * `id`, `application`, `name`, `pipelineConfigId`, `type` (`PIPELINE`), `status`, `buildTime`,
 * `startTime`, `endTime` (epoch milliseconds), `stages`, `trigger`.
 *
 * One deploy per execution that `SUCCEEDED`:
 * - time: `endTime`, when the execution finished, converted from epoch milliseconds;
 * - id: the execution `id`; service: `application`; no commit time (a git trigger names only the
 *   `hash`).
 *
 * Filtered (`outcome`): executions that failed or were stopped (`TERMINAL`, `FAILED_CONTINUE`,
 * `STOPPED`, `CANCELED`, `SKIPPED`) and those that have not finished (`NOT_STARTED`, `RUNNING`,
 * `PAUSED`, `SUSPENDED`, `BUFFERED`). With `--workflow`, executions of other pipelines (`workflow`,
 * matched against the pipeline `name` or `pipelineConfigId`); without it every pipeline deploys.
 * Rejected: an unknown `status`, and a succeeded execution without a usable `endTime`.
 *
 * @module
 */
import { isJsonObject } from "../json_records.ts";
import type { CanonicalRow } from "../canonical_rows.ts";
import type { Adapter, AdapterOptions, VendorRecord } from "./adapter.ts";
import { epochMsInstant } from "./export_times.ts";
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

/** Orca's execution statuses that end without a deploy, and what they mean. */
const UNSUCCESSFUL: Record<string, string> = {
  TERMINAL: "failed",
  FAILED_CONTINUE: "failed",
  STOPPED: "stopped",
  CANCELED: "cancelled",
  SKIPPED: "skipped",
};
const UNFINISHED = new Set(["NOT_STARTED", "RUNNING", "PAUSED", "SUSPENDED", "BUFFERED"]);

function isExecution(value: unknown): boolean {
  return isJsonObject(value) && "pipelineConfigId" in value &&
    ("stages" in value || "status" in value);
}

function executionProblem(execution: unknown, options: AdapterOptions): string | LeftOut | null {
  if (options.workflows?.length) {
    const name = textAt(execution, "name");
    const configId = textAt(execution, "pipelineConfigId");
    if (![name, configId].some((candidate) => matchesAny(candidate, options.workflows!))) {
      return {
        filter: FILTER_NAMES.workflow,
        reason: `name: pipeline ${quoted(fieldAt(execution, "name"))} is not one of --workflow ${
          options.workflows.join(", ")
        }`,
      };
    }
  }
  const status = fieldAt(execution, "status");
  if (status === "SUCCEEDED") return null;
  if (typeof status === "string" && status in UNSUCCESSFUL) {
    return {
      filter: FILTER_NAMES.outcome,
      reason: `status: ${quoted(status)} (${UNSUCCESSFUL[status]}), only SUCCEEDED deploys`,
    };
  }
  if (typeof status === "string" && UNFINISHED.has(status)) {
    return { filter: FILTER_NAMES.outcome, reason: `status: ${quoted(status)}, not finished` };
  }
  return `status: unknown execution status ${quoted(status)}`;
}

function executionRow(record: VendorRecord, options: AdapterOptions): CanonicalRow {
  const execution = record.value;
  const problem = notAnObject(record) ?? executionProblem(execution, options);
  if (problem) return unusedRow(record, problem);
  const endTime = fieldAt(execution, "endTime");
  const finished = epochMsInstant(endTime);
  if (finished === null) {
    return rejectedRow(
      record,
      `endTime: ${quoted(endTime)} is not epoch milliseconds, so the deploy has no time`,
    );
  }
  return {
    file: record.file,
    line: record.line,
    timestamp: finished,
    type: "deploy",
    id: textAt(execution, "id"),
    service: serviceOf(options, textAt(execution, "application")),
  };
}

/**
 * The `spinnaker` adapter.
 *
 * @example A succeeded execution deploys at its end time; a TERMINAL one is filtered
 * ```ts
 * import assert from "node:assert/strict";
 * import { spinnaker } from "./spinnaker.ts";
 *
 * const succeeded = {
 *   id: "01HRN3F3N2", application: "shop", name: "Deploy to Production",
 *   pipelineConfigId: "8f0e1d2c", status: "SUCCEEDED", type: "PIPELINE",
 *   startTime: 1709546400000, endTime: 1709547012345, stages: [],
 * };
 * const failed = { ...succeeded, id: "01HRTXJ9R8", status: "TERMINAL" };
 * assert.equal(spinnaker.detect([succeeded, failed]), true);
 * const [deploy, terminal] = spinnaker.toRows([
 *   { file: 0, line: 2, value: succeeded },
 *   { file: 0, line: 30, value: failed },
 * ], {});
 * assert.deepEqual(deploy, {
 *   file: 0, line: 2, timestamp: "2024-03-04T10:10:12.345Z", type: "deploy", id: "01HRN3F3N2",
 *   service: "shop",
 * });
 * assert.deepEqual(terminal, {
 *   file: 0, line: 30, filtered_by: "outcome",
 *   reason: 'status: "TERMINAL" (failed), only SUCCEEDED deploys',
 * });
 * ```
 */
export const spinnaker: Adapter = {
  name: "spinnaker",
  describes: "Spinnaker pipeline executions (spin pipeline execution list)",
  detect(document) {
    return isExecution(Array.isArray(document) ? document[0] : document);
  },
  toRows(records, options) {
    return records.map((record) => executionRow(record, options));
  },
};
