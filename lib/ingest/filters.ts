/**
 * What the filter flags do to the rows of all inputs, in one lazy step after reading, before any
 * check: name the service (per input, then through a mapping), then leave rows out on purpose.
 *
 * - `services` (`--service`, once or once per input): the service of every row of that input.
 * - `serviceMap` (`--service-map FILE`): rename services; the first pattern that matches wins.
 * - `excludeServices` (`--exclude-service GLOB`): leave out every row of a matching service
 *   (filter `service`); a row without a service is in the service `default`.
 * - `excludeIncidents` (`--exclude-incident GLOB`): leave out incident rows whose id or title
 *   matches (filter `incident`).
 * - `minPriority` (`--min-priority P2`): keep incident rows of priority 1 to that level (filter
 *   `priority`); an incident without a priority is left out too, and says so.
 * - `urgencies` (`--urgency high`): keep incident rows of those urgencies (filter `urgency`).
 *
 * Patterns are globs: `*` any run of characters, `?` one character, matched whole and ignoring
 * case. A row already rejected or filtered keeps its reason; the first filter that applies names
 * the row. Deploys are never left out by the incident filters.
 *
 * @module
 */
import pl from "nodejs-polars";
import { DEFAULT_SERVICE } from "../core/events.ts";
import { FILTER_NAMES } from "./adapters/vendor_fields.ts";

/** One line of a service mapping: services matching `pattern` become `service`. */
export interface ServiceMapping {
  /** A glob matched against the service name. */
  pattern: string;
  /** The service name to use instead. */
  service: string;
}

/** The filter flags, as options of reading (see the module doc). */
export interface RowFilters {
  /** The service of every row of each input, by input index; null keeps the input's own. */
  services?: readonly (string | null)[];
  /** Renames of services, tried in order. */
  serviceMap?: readonly ServiceMapping[];
  /** Services to leave out, as globs. */
  excludeServices?: readonly string[];
  /** Incidents to leave out by id or title, as globs. */
  excludeIncidents?: readonly string[];
  /** The least urgent priority level kept: 2 keeps P1 and P2. */
  minPriority?: number;
  /** The urgencies kept (`high`, `medium`, `low`). */
  urgencies?: readonly string[];
}

const QUOTED_LIMIT = 60;
const INCIDENT_TYPES = ["incident_start", "incident_resolved"];
const WORKING_COLUMNS = [
  "service",
  "type",
  "id",
  "reason",
  "filtered_by",
  "title",
  "priority",
  "urgency",
];

/**
 * A glob as an anchored, case-insensitive regular expression.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { globPattern } from "./filters.ts";
 *
 * const pattern = new RegExp(globPattern("*-test").replace("(?i)", ""), "i");
 * assert.equal(pattern.test("Checkout-TEST"), true);
 * assert.equal(pattern.test("checkout-test-2"), false);
 * assert.equal(globPattern("a.b?"), "(?i)^a\\.b.$");
 * ```
 */
export function globPattern(glob: string): string {
  const body = [...glob].map((char) =>
    char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.|+()[\]{}]/g, "\\$&")
  ).join("");
  return `(?i)^${body}$`;
}

/** Whether any filter is asked for; without one the rows are left exactly as read. */
function anyFilter(filters: RowFilters | undefined): filters is RowFilters {
  return filters !== undefined && (
    (filters.services?.some((service) => service !== null) ?? false) ||
    Boolean(filters.serviceMap?.length) || Boolean(filters.excludeServices?.length) ||
    Boolean(filters.excludeIncidents?.length) || filters.minPriority !== undefined ||
    Boolean(filters.urgencies?.length)
  );
}

function quoted(column: string): pl.Expr {
  return pl.format('"{}"', pl.col(column).str.slice(0, QUOTED_LIMIT));
}

/** The first of `cases` whose condition holds, as a text expression; null when none does. */
function firstOf(cases: readonly [pl.Expr, pl.Expr][]): pl.Expr {
  if (cases.length === 0) return pl.lit(null).cast(pl.Utf8);
  let chain = pl.when(cases[0][0]).then(cases[0][1]);
  for (const [condition, value] of cases.slice(1)) chain = chain.when(condition).then(value);
  return chain.otherwise(pl.lit(null).cast(pl.Utf8));
}

/** The service after `--service` and `--service-map`. */
function serviceExpression(filters: RowFilters): pl.Expr {
  const perInput: [pl.Expr, pl.Expr][] = (filters.services ?? []).flatMap((service, file) =>
    service === null ? [] : [[pl.col("file").eq(pl.lit(file)), pl.lit(service)]]
  );
  const named = perInput.length ? firstOf(perInput).fillNull(pl.col("service")) : pl.col("service");
  const mapped: [pl.Expr, pl.Expr][] = (filters.serviceMap ?? []).map(({ pattern, service }) => [
    named.str.contains(globPattern(pattern)),
    pl.lit(service),
  ]);
  return mapped.length ? firstOf(mapped).fillNull(named) : named;
}

/** Each filter that applies to a row: its name and its reason, in the order they are tried. */
function filterCases(filters: RowFilters): { filter: string; reason: pl.Expr; when: pl.Expr }[] {
  const isIncident = pl.col("type").isIn(INCIDENT_TYPES);
  const cases: { filter: string; reason: pl.Expr; when: pl.Expr }[] = [];
  const service = pl.col("service").fillNull(pl.lit(DEFAULT_SERVICE));
  for (const glob of filters.excludeServices ?? []) {
    cases.push({
      filter: FILTER_NAMES.service,
      when: service.str.contains(globPattern(glob)),
      reason: pl.format(
        `service: "{}" matches --exclude-service ${JSON.stringify(glob)}`,
        service.str.slice(0, QUOTED_LIMIT),
      ),
    });
  }
  for (const glob of filters.excludeIncidents ?? []) {
    for (const field of ["id", "title"]) {
      cases.push({
        filter: FILTER_NAMES.incident,
        when: isIncident.and(pl.col(field).str.contains(globPattern(glob))),
        reason: pl.format(
          `${field}: {} matches --exclude-incident ${JSON.stringify(glob)}`,
          quoted(field),
        ),
      });
    }
  }
  if (filters.minPriority !== undefined) {
    const wanted = `--min-priority P${filters.minPriority} keeps P1 to P${filters.minPriority}`;
    const level = pl.col("priority").cast(pl.Int64, false);
    cases.push({
      filter: FILTER_NAMES.priority,
      when: isIncident.and(level.isNull()),
      reason: pl.lit(`priority: none given (${wanted})`),
    }, {
      filter: FILTER_NAMES.priority,
      when: isIncident.and(level.gt(filters.minPriority)),
      reason: pl.format(`priority: P{} is below ${wanted}`, level),
    });
  }
  if (filters.urgencies?.length) {
    const wanted = `--urgency ${filters.urgencies.join(", ")}`;
    cases.push({
      filter: FILTER_NAMES.urgency,
      when: isIncident.and(pl.col("urgency").isNull()),
      reason: pl.lit(`urgency: none given (${wanted})`),
    }, {
      filter: FILTER_NAMES.urgency,
      when: isIncident.and(pl.col("urgency").str.toLowerCase().isIn([...filters.urgencies]).not()),
      reason: pl.format(`urgency: {} is not one of ${wanted}`, quoted("urgency")),
    });
  }
  return cases;
}

/**
 * The rows with the filters applied: `service` renamed, and `filtered_by` and `reason` set on the
 * rows left out. Without any filter, the rows as given.
 *
 * @example A test service and a low-urgency incident are left out, each with its reason
 * ```ts
 * import assert from "node:assert/strict";
 * import pl from "nodejs-polars";
 * import { applyRowFilters } from "./filters.ts";
 *
 * const rows = pl.DataFrame({
 *   file: [0, 0, 1],
 *   line: [2, 3, 2],
 *   type: ["deploy", "incident_start", "incident_start"],
 *   id: ["d1", "i1", "i2"],
 *   service: ["shop-test", "shop", null],
 *   urgency: [null, "low", "high"],
 * }).lazy();
 * const filtered = applyRowFilters(rows, {
 *   services: [null, "payments"],
 *   excludeServices: ["*-test"],
 *   urgencies: ["high"],
 * }).collectSync();
 * assert.deepEqual(filtered.getColumn("service").toArray(), ["shop-test", "shop", "payments"]);
 * assert.deepEqual(filtered.getColumn("filtered_by").toArray(), ["service", "urgency", null]);
 * assert.deepEqual(filtered.getColumn("reason").toArray(), [
 *   'service: "shop-test" matches --exclude-service "*-test"',
 *   'urgency: "low" is not one of --urgency high',
 *   null,
 * ]);
 * ```
 */
export function applyRowFilters(
  rows: pl.LazyDataFrame,
  filters: RowFilters | undefined,
): pl.LazyDataFrame {
  if (!anyFilter(filters)) return rows;
  const present = new Set(rows.columns);
  const complete = rows.withColumns(
    ...WORKING_COLUMNS.filter((name) => !present.has(name)).map((name) =>
      pl.lit(null).cast(pl.Utf8).alias(name)
    ),
  ).withColumns(serviceExpression(filters).alias("service"));
  const cases = filterCases(filters);
  if (cases.length === 0) return complete;
  // `has_reason` says what `reason` would, without formatting a CSV's reason for every row.
  const rejected = present.has("has_reason") ? pl.col("has_reason") : pl.col("reason").isNotNull();
  const open = rejected.not().and(pl.col("filtered_by").isNull());
  return complete.withColumns(
    firstOf(cases.map(({ when, filter }) => [open.and(when), pl.lit(filter)]))
      .fillNull(pl.col("filtered_by")).alias("filtered_by"),
    firstOf(cases.map(({ when, reason }) => [open.and(when), reason]))
      .fillNull(pl.col("reason")).alias("reason"),
  );
}

/** A `--service-map` file that cannot be used. */
export class ServiceMapError extends Error {
  /** The error for `path`, saying what is wrong with it. */
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = "ServiceMapError";
  }
}

/**
 * The mappings of a `--service-map` file: a JSON object whose keys are globs of the names the
 * tools use and whose values are the service to count them under, tried in the file's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readServiceMap } from "./filters.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, '{"Shop": "shop", "shop-*": "shop", "Search": "search"}');
 * assert.deepEqual(readServiceMap(path), [
 *   { pattern: "Shop", service: "shop" },
 *   { pattern: "shop-*", service: "shop" },
 *   { pattern: "Search", service: "search" },
 * ]);
 * await Deno.writeTextFile(path, '{"Shop": 1}');
 * assert.throws(() => readServiceMap(path), /"Shop" must map to a service name/);
 * ```
 */
export function readServiceMap(path: string): ServiceMapping[] {
  let document: unknown;
  try {
    document = JSON.parse(Deno.readTextFileSync(path));
  } catch (error) {
    const problem = error instanceof SyntaxError ? "not valid JSON" : "cannot be read";
    throw new ServiceMapError(
      path,
      `${problem} (${String((error as Error).message).slice(0, 80)})`,
    );
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new ServiceMapError(path, 'expected a JSON object like {"Shop (prod)": "shop"}');
  }
  return Object.entries(document).map(([pattern, service]) => {
    if (typeof service !== "string" || service.trim() === "" || pattern.trim() === "") {
      throw new ServiceMapError(path, `${JSON.stringify(pattern)} must map to a service name`);
    }
    return { pattern: pattern.trim(), service: service.trim() };
  });
}
