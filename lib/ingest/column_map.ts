/**
 * `--map`: reads spreadsheet-style exports whose headers are not the canonical names, such as
 * `Created On` or `Incident ID`, and whose type values are words of their own.
 *
 * A spec is a comma-separated list of `canonical=source` pairs. A canonical column name on the left
 * (`timestamp`, `type`, `id`, `service`, `commit_timestamp`, `deploy_id`) maps a column: the source
 * header (or JSON key) on the right is matched case-insensitively, ignoring surrounding spaces. An
 * event type on the left (`deploy`, `incident_start`, `incident_resolved`) maps a value of the
 * `type` column instead, also case-insensitively; a type may be given several source values.
 *
 * @module
 */
import pl from "nodejs-polars";
import {
  CANONICAL_COLUMNS,
  type CanonicalColumn,
  EVENT_TYPES,
  type EventType,
} from "../core/events.ts";
import { InputFileError } from "./input_file_error.ts";

/** What `--map` says: which source column holds each canonical one, and which words mean which type. */
export interface ColumnMap {
  /** Canonical column → the source column that holds it, as the user spelled it. */
  columns: ReadonlyMap<CanonicalColumn, string>;
  /** A source value of `type`, lower-cased and trimmed → the canonical event type. */
  typeValues: ReadonlyMap<string, EventType>;
}

/** A `--map` spec that cannot be understood. The message is one line. */
export class ColumnMapError extends Error {
  /** `message`: what is wrong with the spec, in one line. */
  constructor(message: string) {
    super(message);
    this.name = "ColumnMapError";
  }
}

function normalized(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Parses one or more `--map` specs into one map.
 *
 * @example Columns and type values, from two specs
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseColumnMap } from "./column_map.ts";
 *
 * const map = parseColumnMap(["timestamp=Created On, id=Incident ID", "deploy=Release"]);
 * assert.deepEqual([...map.columns], [["timestamp", "Created On"], ["id", "Incident ID"]]);
 * assert.deepEqual([...map.typeValues], [["release", "deploy"]]);
 * assert.throws(() => parseColumnMap(["id=A,id=B"]), /id is mapped twice/);
 * ```
 */
export function parseColumnMap(specs: readonly string[]): ColumnMap {
  const columns = new Map<CanonicalColumn, string>();
  const typeValues = new Map<string, EventType>();
  for (const pair of specs.flatMap((spec) => spec.split(","))) {
    if (pair.trim() === "") continue;
    const equals = pair.indexOf("=");
    const key = normalized(equals < 0 ? pair : pair.slice(0, equals));
    const source = equals < 0 ? "" : pair.slice(equals + 1).trim();
    if (source === "") {
      throw new ColumnMapError(`expected name=source, got ${JSON.stringify(pair.trim())}`);
    }
    if ((CANONICAL_COLUMNS as readonly string[]).includes(key)) {
      if (columns.has(key as CanonicalColumn)) throw new ColumnMapError(`${key} is mapped twice`);
      columns.set(key as CanonicalColumn, source);
    } else if ((EVENT_TYPES as readonly string[]).includes(key)) {
      const earlier = typeValues.get(normalized(source));
      if (earlier && earlier !== key) {
        throw new ColumnMapError(
          `the type value ${JSON.stringify(source)} is mapped to both ${earlier} and ${key}`,
        );
      }
      typeValues.set(normalized(source), key as EventType);
    } else {
      throw new ColumnMapError(
        `unknown name ${JSON.stringify(key)} (expected a column: ${
          CANONICAL_COLUMNS.join(", ")
        }; or a type: ${EVENT_TYPES.join(", ")})`,
      );
    }
  }
  return { columns, typeValues };
}

/** Where {@link headerColumns} looks, and how strictly. */
export interface HeaderColumnsOptions {
  /** `--map`, if given. */
  columnMap?: ColumnMap;
  /** The file the header is from, for the error. */
  file: string;
  /**
   * Whether a mapped column the header lacks is a whole-file problem (default true); JSON keys
   * vary per record, so there it is merely left out.
   */
  required?: boolean;
}

/**
 * The source column of each canonical column found in `header`. Unmapped columns keep their
 * canonical names, matched exactly as before.
 *
 * @example A mapped header is matched ignoring case and spaces; a missing one names the file
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerColumns, parseColumnMap } from "./column_map.ts";
 *
 * const columnMap = parseColumnMap(["timestamp=Created On, type=Kind"]);
 * const columns = headerColumns(["Kind", " created on", "id"], { columnMap, file: "a.csv" });
 * assert.deepEqual([...columns], [["timestamp", " created on"], ["type", "Kind"], ["id", "id"]]);
 * assert.throws(
 *   () => headerColumns(["Kind"], { columnMap, file: "a.csv" }),
 *   /^InputFileError: a\.csv: --map timestamp=Created On: no column "Created On"/,
 * );
 * ```
 */
export function headerColumns(
  header: readonly string[],
  { columnMap: map, file, required = true }: HeaderColumnsOptions,
): Map<CanonicalColumn, string> {
  const found = new Map<CanonicalColumn, string>();
  for (const column of CANONICAL_COLUMNS) {
    const source = map?.columns.get(column);
    if (source === undefined) {
      if (header.includes(column)) found.set(column, column);
      continue;
    }
    const match = header.find((name) => normalized(name) === normalized(source));
    if (match !== undefined) found.set(column, match);
    else if (required) {
      throw new InputFileError(
        file,
        `--map ${column}=${source}: no column ${JSON.stringify(source)} in the header ` +
          `(found: ${header.slice(0, 12).map((name) => JSON.stringify(name)).join(", ")})`,
      );
    }
  }
  return found;
}

/** The key of `record` that holds `column`, under `columnMap`; undefined when it has none. */
export function recordKey(
  record: Record<string, unknown>,
  { column, columnMap: map }: { column: CanonicalColumn; columnMap?: ColumnMap },
): string | undefined {
  const source = map?.columns.get(column);
  if (source === undefined) return Object.hasOwn(record, column) ? column : undefined;
  const wanted = normalized(source);
  return Object.keys(record).find((key) => normalized(key) === wanted);
}

/** Rewrites mapped `type` values to canonical types; other values are left for the parser to judge. */
export function mapTypeValues(
  rows: pl.LazyDataFrame,
  map: ColumnMap | undefined,
): pl.LazyDataFrame {
  if (!map || map.typeValues.size === 0 || !rows.columns.includes("type")) return rows;
  const key = pl.col("type").str.toLowerCase().str.strip();
  const mapped = [...map.typeValues].reduce<pl.Expr>(
    (otherwise, [source, type]) =>
      pl.when(key.eq(pl.lit(source))).then(pl.lit(type)).otherwise(otherwise),
    pl.col("type"),
  );
  return rows.withColumns(mapped.alias("type"));
}
