/**
 * The flags that name services and leave rows out (`--service`, `--service-map`,
 * `--exclude-service`, `--exclude-incident`, `--min-priority`, `--urgency`) and `--export-tz`:
 * their parseArgs specs, their help text, and their checks, turned into {@link RowFilters}.
 *
 * @module
 */
import { checkTimeZone } from "../core/calendar.ts";
import { UsageError } from "../core/usage_error.ts";
import { readServiceMap, type RowFilters, ServiceMapError } from "./filters.ts";

/** `--service -` keeps the service the input names. */
export const KEEP_SERVICE = "-";
const URGENCIES = ["high", "medium", "low"];

/** parseArgs option specs, to spread into the CLI's own. */
export const FILTER_FLAGS = {
  service: { type: "string", multiple: true },
  "service-map": { type: "string" },
  "exclude-service": { type: "string", multiple: true },
  "exclude-incident": { type: "string", multiple: true },
  "min-priority": { type: "string" },
  urgency: { type: "string", multiple: true },
  "export-tz": { type: "string" },
} as const;

/** The values parseArgs gives for {@link FILTER_FLAGS}. */
export interface FilterFlagValues {
  /** `--service`, each time it was given. */
  service?: string[];
  /** `--service-map`. */
  "service-map"?: string;
  /** `--exclude-service`, each time it was given. */
  "exclude-service"?: string[];
  /** `--exclude-incident`, each time it was given. */
  "exclude-incident"?: string[];
  /** `--min-priority`. */
  "min-priority"?: string;
  /** `--urgency`, each time it was given. */
  urgency?: string[];
  /** `--export-tz`. */
  "export-tz"?: string;
}

/** The help text of the filter flags, for the CLI's `--help`. */
export const FILTER_USAGE = `Services and filters (every row left out is counted under its filter):
  --service NAME    the service of every event of the inputs, once for all or
                    once per --input in order (${KEEP_SERVICE} keeps that input's own)
  --service-map FILE  JSON object of names the tools use (globs) to services,
                    e.g. {"Shop (prod)": "shop", "shop-*": "shop"}
  --exclude-service GLOB  leave out the events of matching services (repeatable)
  --exclude-incident GLOB  leave out incidents whose id or title matches
                    (repeatable), e.g. "[TEST]*"
  --min-priority P  keep incidents of priority P1 to P (1-5); incidents
                    without a priority are left out too
  --urgency LEVEL   keep incidents of this urgency: high, medium, low
                    (repeatable)
  --export-tz ZONE  IANA zone of export times without an offset (a ServiceNow
                    display-value CSV, a PagerDuty CSV)
`;

function nonEmpty(flag: string, values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  if (values.some((value) => value.trim() === "")) {
    throw new UsageError(`--${flag} must not be empty`);
  }
  return values.map((value) => value.trim());
}

/** `--min-priority P2` or `2` → 2. */
function priorityFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const level = /^\s*[Pp]?([1-5])\s*$/.exec(value)?.[1];
  if (level === undefined) {
    throw new UsageError(
      `--min-priority must be P1 to P5 (or 1 to 5), got ${JSON.stringify(value)}`,
    );
  }
  return Number(level);
}

function servicesFlag(values: readonly string[] | undefined, inputCount: number) {
  const services = nonEmpty("service", values);
  if (services === undefined) return undefined;
  if (services.length !== 1 && services.length !== inputCount) {
    throw new UsageError(
      `--service must be given once, or once per --input (${inputCount} inputs, ${services.length} --service)`,
    );
  }
  return Array.from(
    { length: inputCount },
    (_, index) => services.length === 1 ? services[0] : services[index],
  ).map((service) => service === KEEP_SERVICE ? null : service);
}

/**
 * The filters the flags ask for, for `inputCount` inputs; undefined when none was given. Throws a
 * one-line UsageError for a bad value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { filtersFrom } from "./filter_flags.ts";
 *
 * assert.deepEqual(
 *   filtersFrom({ service: ["shop", "-"], "min-priority": "P2", urgency: ["High"] }, 2),
 *   { services: ["shop", null], minPriority: 2, urgencies: ["high"] },
 * );
 * assert.equal(filtersFrom({}, 1), undefined);
 * assert.throws(() => filtersFrom({ urgency: ["urgent"] }, 1), /--urgency must be high, medium or low/);
 * ```
 */
export function filtersFrom(values: FilterFlagValues, inputCount: number): RowFilters | undefined {
  const filters: RowFilters = {};
  const services = servicesFlag(values.service, inputCount);
  if (services) filters.services = services;
  const mapPath = values["service-map"];
  if (mapPath !== undefined) {
    if (mapPath.trim() === "") throw new UsageError("--service-map must name a file");
    try {
      filters.serviceMap = readServiceMap(mapPath);
    } catch (error) {
      if (error instanceof ServiceMapError) throw new UsageError(`--service-map ${error.message}`);
      throw error;
    }
  }
  const excludeServices = nonEmpty("exclude-service", values["exclude-service"]);
  if (excludeServices) filters.excludeServices = excludeServices;
  const excludeIncidents = nonEmpty("exclude-incident", values["exclude-incident"]);
  if (excludeIncidents) filters.excludeIncidents = excludeIncidents;
  const minPriority = priorityFlag(values["min-priority"]);
  if (minPriority !== undefined) filters.minPriority = minPriority;
  const urgencies = nonEmpty("urgency", values.urgency)?.map((urgency) => urgency.toLowerCase());
  const unknown = urgencies?.find((urgency) => !URGENCIES.includes(urgency));
  if (unknown !== undefined) {
    throw new UsageError(`--urgency must be high, medium or low, got ${JSON.stringify(unknown)}`);
  }
  if (urgencies) filters.urgencies = urgencies;
  return Object.keys(filters).length ? filters : undefined;
}

/** `--export-tz`, checked; undefined when not given. */
export function exportTimeZoneFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return checkTimeZone(value.trim());
  } catch (error) {
    throw new UsageError(`--export-tz: ${(error as Error).message}`);
  }
}
