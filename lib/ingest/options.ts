/**
 * The CLI flags that say how `--input` files are read (`--from`, `--map`, the adapter options,
 * the services and filters of `filter_flags.ts`) and what rejected rows mean (`--strict`,
 * `--rejected`): their parseArgs specs, their help text, and their checks. Kept apart from the CLI
 * so the reading options grow here.
 *
 * @module
 */
import { SOURCE_NAMES } from "./adapters/registry.ts";
import {
  exportTimeZoneFrom,
  FILTER_FLAGS,
  FILTER_USAGE,
  type FilterFlagValues,
  filtersFrom,
} from "./filter_flags.ts";
import { ColumnMapError, parseColumnMap } from "./column_map.ts";
import type { ReadOptions } from "./read_events.ts";
import { UsageError } from "../core/usage_error.ts";

/** Exit status of a `--strict` run that rejected rows. */
export const STRICT_EXIT_STATUS = 3;

/** parseArgs option specs, to spread into the CLI's own. */
export const INGEST_FLAGS = {
  from: { type: "string", multiple: true },
  map: { type: "string", multiple: true },
  workflow: { type: "string", multiple: true },
  environment: { type: "string", multiple: true },
  "any-conclusion": { type: "boolean" },
  ...FILTER_FLAGS,
  strict: { type: "boolean" },
  rejected: { type: "string" },
} as const;

/** The help text of the ingest flags, for the CLI's `--help`. */
export const INGEST_USAGE =
  `Reading --input files (format from the extension: .csv, .ndjson/.jsonl, .json,
each optionally .gz; vendor exports are detected from their content):
  --from NAME       read the inputs as NAME, once for all inputs or once per
                    --input in order (auto: recognise it from its content):
                    ${SOURCE_NAMES.slice(0, 4).join(", ")},
                    ${SOURCE_NAMES.slice(4, 8).join(", ")},
                    ${SOURCE_NAMES.slice(8).join(", ")}
  --map SPEC        rename columns and type values of canonical files, e.g.
                    "timestamp=Created On,id=Incident ID,type=Kind,deploy=Release"
  --workflow NAME   a deploy workflow (repeatable). github-actions, gh-run-list:
                    by name or file (default: names or files with "deploy");
                    spinnaker: a pipeline by name or id (default: every one)
  --any-conclusion  github-actions, gh-run-list: count completed runs whatever
                    their conclusion
  --environment NAME  deploy adapters: a production environment (repeatable;
                    default: production, prod)

${FILTER_USAGE}
Rejected rows:
  --strict          exit with status ${STRICT_EXIT_STATUS} when any row was rejected (after printing)
  --rejected FILE   write the rejected rows to FILE as CSV (file,line,reason)
`;

/** What the ingest flags ask for. */
export interface IngestOptions {
  /** How the inputs are read. */
  read: ReadOptions;
  /** `--strict`: exit with {@link STRICT_EXIT_STATUS} when any row was rejected. */
  strict: boolean;
  /** `--rejected`: where to write the rejected rows as CSV, or null. */
  rejectedFile: string | null;
}

/** The values parseArgs gives for {@link INGEST_FLAGS}. */
export interface IngestFlagValues extends FilterFlagValues {
  /** `--from`, each time it was given. */
  from?: string[];
  /** `--map`, each time it was given. */
  map?: string[];
  /** `--workflow`, each time it was given. */
  workflow?: string[];
  /** `--environment`, each time it was given. */
  environment?: string[];
  /** `--any-conclusion`. */
  "any-conclusion"?: boolean;
  /** `--strict`. */
  strict?: boolean;
  /** `--rejected`. */
  rejected?: string;
}

const READ_FLAGS = [
  "from",
  "map",
  "workflow",
  "environment",
  "any-conclusion",
  ...Object.keys(FILTER_FLAGS) as (keyof typeof FILTER_FLAGS)[],
] as const;

function names(flag: string, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  if (values.some((value) => value.trim() === "")) {
    throw new UsageError(`--${flag} must not be empty`);
  }
  return values.map((value) => value.trim());
}

/**
 * Checks the ingest flags for `inputCount` input files. Returns undefined when none was given, so
 * a run without them is described exactly as before they existed.
 *
 * @example Flags become reading options; a bad one is a one-line UsageError
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "node:util";
 * import { INGEST_FLAGS, ingestOptionsFrom } from "./options.ts";
 *
 * const { values } = parseArgs({
 *   args: ["--from", "github-actions", "--workflow", " Deploy ", "--strict"],
 *   options: INGEST_FLAGS,
 * });
 * const ingest = ingestOptionsFrom(values, 1);
 * assert.deepEqual(ingest?.read.from, ["github-actions"]);
 * assert.deepEqual(ingest?.read.adapter?.workflows, ["Deploy"]);
 * assert.equal(ingest?.strict, true);
 * assert.equal(ingestOptionsFrom({}, 1), undefined);
 * assert.throws(() => ingestOptionsFrom({ from: ["jira"] }, 1), /--from "jira" is not a known source/);
 * ```
 */
export function ingestOptionsFrom(
  values: IngestFlagValues,
  inputCount: number,
): IngestOptions | undefined {
  const given = Object.keys(INGEST_FLAGS).filter((flag) =>
    values[flag as keyof IngestFlagValues] !== undefined
  );
  if (given.length === 0) return undefined;
  const readFlag = READ_FLAGS.find((flag) => values[flag] !== undefined);
  if (readFlag && inputCount === 0) throw new UsageError(`--${readFlag} applies to --input files`);
  const from = names("from", values.from);
  const unknown = from?.find((name) => !SOURCE_NAMES.includes(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `--from ${JSON.stringify(unknown)} is not a known source (${SOURCE_NAMES.join(", ")})`,
    );
  }
  if (from && from.length !== 1 && from.length !== inputCount) {
    throw new UsageError(
      `--from must be given once, or once per --input (${inputCount} inputs, ${from.length} --from)`,
    );
  }
  let columnMap;
  try {
    columnMap = values.map ? parseColumnMap(values.map) : undefined;
  } catch (error) {
    if (error instanceof ColumnMapError) throw new UsageError(`--map: ${error.message}`);
    throw error;
  }
  const filters = filtersFrom(values, inputCount);
  const exportTimeZone = exportTimeZoneFrom(values["export-tz"]);
  if (values.rejected !== undefined && values.rejected.trim() === "") {
    throw new UsageError("--rejected must name a file");
  }
  return {
    read: {
      from,
      columnMap,
      adapter: {
        workflows: names("workflow", values.workflow),
        environments: names("environment", values.environment),
        anyConclusion: values["any-conclusion"] ?? false,
        ...(exportTimeZone ? { exportTimeZone } : {}),
      },
      ...(filters ? { filters } : {}),
    },
    strict: values.strict ?? false,
    rejectedFile: values.rejected ?? null,
  };
}
