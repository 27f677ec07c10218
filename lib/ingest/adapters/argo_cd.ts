/**
 * `argo-cd`: Argo CD Applications with their sync history. Every export of an Application object
 * carries it as `status.history`, a list of the successful syncs, oldest first:
 * https://argo-cd.readthedocs.io/en/stable/user-guide/commands/argocd_app_get/ and the
 * `RevisionHistory` type in Argo CD's `pkg/apis/application/v1alpha1/types.go` (`id`, `revision`,
 * `revisions` for multi-source apps, `deployedAt` when the sync completed, `deployStartedAt`,
 * `source`, `initiatedBy`).
 *
 * Three shapes hold Applications, and all are read:
 * - `argocd app get APP -o json`: one Application;
 * - `argocd app list -o json`: an array of Applications;
 * - `kubectl get applications -n argocd -o json` (or the REST API's `GET /api/v1/applications`):
 *   `{"items": [...]}`.
 * (`argocd app history` prints only a table or ids, no JSON.)
 *
 * One deploy per history entry, which is always a deploy, so no type column is needed:
 * - time: `deployedAt`; id: `<app name>:<history id>`; service: `metadata.name`; no commit time
 *   (the entry names only the revision).
 *
 * Filtered: a sync of the revision the previous entry already deployed (`resync`: a manual re-sync
 * or a self-heal changes nothing), and every entry of an Application labelled with a non-production
 * environment (`environment`: the `environment` or `env` label of `metadata.labels`, matched
 * against production, prod or `--environment`; an Application without such a label counts).
 * Rejected: an Application without `status.history` (never synced, or exported without status).
 * Argo CD keeps the last 10 syncs by default (`spec.revisionHistoryLimit`): export often.
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

const ENVIRONMENT_LABELS = ["environment", "env"];

function isApplication(value: unknown): boolean {
  if (!isJsonObject(value) || !isJsonObject(value.metadata) || !isJsonObject(value.spec)) {
    return false;
  }
  return value.kind === "Application" || "destination" in value.spec;
}

/** The environment label and its value, or null for an unlabelled Application. */
function environmentLabel(app: unknown): { field: string; environment: string } | null {
  for (const label of ENVIRONMENT_LABELS) {
    const environment = textAt(app, `metadata.labels.${label}`);
    if (environment !== null) return { field: `metadata.labels.${label}`, environment };
  }
  return null;
}

/** What a sync deployed: its revision, or the revisions of a multi-source app joined. */
function revisionOf(entry: unknown): string | null {
  const revisions = fieldAt(entry, "revisions");
  if (Array.isArray(revisions) && revisions.length > 0) return revisions.join(",");
  return textAt(entry, "revision");
}

function historyRows(record: VendorRecord, options: AdapterOptions): CanonicalRow[] {
  const app = record.value;
  const name = textAt(app, "metadata.name");
  const history = fieldAt(app, "status.history");
  if (!Array.isArray(history) || history.length === 0) {
    return [
      rejectedRow(
        record,
        `status.history: no syncs for application ${
          quoted(name)
        } (never synced, or exported without its status)`,
      ),
    ];
  }
  const label = environmentLabel(app);
  const production = label === null ||
    matchesAny(label.environment, productionEnvironments(options));
  // History ids grow with every sync; the export lists them oldest first, but sort to be sure.
  const entries = history.map((entry, index) => ({ entry, index }))
    .sort((a, b) => Number(fieldAt(a.entry, "id")) - Number(fieldAt(b.entry, "id")));
  const rows = new Array<CanonicalRow>(history.length);
  let previous: { id: string | null; revision: string | null } | null = null;
  for (const { entry, index } of entries) {
    const id = textAt(entry, "id");
    const revision = revisionOf(entry);
    if (!production) {
      rows[index] = unusedRow(record, notProductionReason(label!, options));
    } else if (previous !== null && revision !== null && revision === previous.revision) {
      rows[index] = unusedRow(record, {
        filter: FILTER_NAMES.resync,
        reason: `status.history: sync ${id} of ${quoted(name)} deploys revision ${
          quoted(revision)
        } again (already deployed by sync ${previous.id})`,
      });
    } else {
      rows[index] = {
        file: record.file,
        line: record.line,
        timestamp: textAt(entry, "deployedAt"),
        type: "deploy",
        id: name === null || id === null ? null : `${name}:${id}`,
        service: serviceOf(options, name),
      };
    }
    previous = { id, revision };
  }
  return rows;
}

/**
 * The `argo-cd` adapter.
 *
 * @example Every sync is a deploy at `deployedAt`; a re-sync of the same revision is filtered
 * ```ts
 * import assert from "node:assert/strict";
 * import { argoCd } from "./argo_cd.ts";
 *
 * const app = {
 *   metadata: { name: "shop" },
 *   spec: { destination: { namespace: "shop" } },
 *   status: {
 *     history: [
 *       { id: 1, revision: "a1", deployedAt: "2024-03-04T10:02:00Z" },
 *       { id: 2, revision: "a1", deployedAt: "2024-03-04T11:00:00Z" },
 *     ],
 *   },
 * };
 * assert.equal(argoCd.detect([app]), true);
 * const [deploy, resync] = argoCd.toRows([{ file: 0, line: 1, value: app }], {});
 * assert.deepEqual(deploy, {
 *   file: 0, line: 1, timestamp: "2024-03-04T10:02:00Z", type: "deploy", id: "shop:1",
 *   service: "shop",
 * });
 * assert.equal(resync.filtered_by, "resync");
 * ```
 */
export const argoCd: Adapter = {
  name: "argo-cd",
  describes: "Argo CD Applications with their sync history (argocd app list -o json)",
  listKey: "items",
  detect(document) {
    if (isJsonObject(document) && Array.isArray(document.items)) {
      return isApplication(document.items[0]);
    }
    return isApplication(Array.isArray(document) ? document[0] : document);
  },
  toRows(records, options) {
    return records.flatMap((record) => {
      const problem = notAnObject(record);
      return problem ? [rejectedRow(record, problem)] : historyRows(record, options);
    });
  },
};
