/**
 * The flags of `deno task demo`: their help text, and their parsing and checks into
 * {@link CliOptions}. Every bad flag or value is a {@link UsageError} with a one-line message.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { MAX_WINDOW_DAYS } from "../lib/core/calendar.ts";
import { checkTimeZone, utcMidnightOf } from "../lib/core/calendar.ts";
import { parseDuration } from "../lib/core/duration.ts";
import { UsageError } from "../lib/core/usage_error.ts";
import {
  INGEST_FLAGS,
  INGEST_USAGE,
  type IngestOptions,
  ingestOptionsFrom,
} from "../lib/ingest/options.ts";
import { DEFAULT_ATTRIBUTION_WINDOW_MS } from "../lib/metrics/change_failure.ts";
import { DEFAULT_REPORT_YEAR, REPORT_YEARS } from "../lib/metrics/tiers/tables.ts";
import { parseDefinitionNames } from "../lib/metrics/definitions/score.ts";
import {
  profileFlag,
  reportYearFlag,
  seedFlag,
  wholeNumberFlag,
} from "../lib/pipeline/parameter_checks.ts";
import { parseUniverses, type UniverseSpec } from "../lib/pipeline/universes.ts";
import { parseScenario, type Scenario } from "../lib/synthetic/scenario.ts";
import type { ProfileName } from "../lib/synthetic/profiles.ts";

export { UsageError };

/** The `--help` text. */
export const USAGE = `Usage: deno task demo [options]

Turns a stream of deploy and incident events into DORA metrics, prints a summary
and writes an HTML report with its charts.

Source (synthetic by default):
  --seed N          seed of the synthetic universe (default 42)
  --days N          days of synthetic data (default 14, or the profile's own);
                    with --input, the window length from --start (or the first
                    event's day)
  --profile NAME    synthetic team: mixed (default), elite, high, medium, low
  --scenario KNOBS  change one thing, keep the rest of the universe: batch[=N]
                    (ship changes in batches of N, default 4), shock[@DAY] (failure
                    odds x4 for 7 days from day DAY, default 8), faster[@DAY]
                    (recovery x0.25 from day DAY); join several with +
  --input FILE      read events from a file instead (repeatable): CSV, NDJSON,
                    JSON or a vendor export; see "Reading --input files" below

${INGEST_USAGE}
Window and time:
  --tz ZONE         IANA zone for day buckets (default UTC), e.g. Europe/Berlin
  --start DATE      first day of the window, YYYY-MM-DD (with --input)
  --end DATE        last day of the window, inclusive (with --input)

Metrics:
  --attribution-window D  how far back an incident's cause is inferred from the
                    latest deploy of its service (default 24h; e.g. 90m, 2d;
                    none turns inference off)
  --report-year Y   DORA report whose performance levels rate the metrics
                    (${REPORT_YEARS.join(" or ")}; default ${DEFAULT_REPORT_YEAR})
  --explain ID      print one incident's story instead of the summary: its cause
                    (its deploy_id, or the latest deploy of its service within
                    the attribution window) or why it has none, and what it
                    counts toward; with --json, its JSON record; writes no files
  --definitions LIST  also score change failure rate and recovery under each
                    tool's documented definition of the same events: project,
                    dora, fourkeys, gitlab, devlake (comma-separated, or all);
                    a "definitions" table in the JSON, the report and the summary

Compare:
  --compare A,B     draw synthetic universes side by side on shared scales: seeds
                    (42,7), profiles (elite,low) or both (elite:1,low:1), each
                    optionally with a scenario (42,42:shock shows the shock and
                    nothing else); writes compare.html instead of the report

Output:
  --out DIR         folder for report.html and the charts (default out); a file
                    or a link to nothing there is an error (exit 2)
  --json            print only the JSON summary to stdout; write no files
  --help            show this help
`;

/** What the flags ask for, checked. */
export interface CliOptions {
  /** `--seed` of the synthetic universe. */
  seed: number;
  /** `--days`, or null for the profile's default (synthetic) or the events' span (`--input`). */
  days: number | null;
  /** `--profile` of the synthetic team. */
  profile: ProfileName;
  /** `--scenario`: what to change about the synthetic universe, or null. */
  scenario: Scenario | null;
  /** `--attribution-window` in ms, or null when inference is off. */
  attributionWindowMs: number | null;
  /** `--report-year` whose levels rate the metrics. */
  reportYear: number;
  /** Universes to draw side by side, or null for one run. */
  compare: UniverseSpec[] | null;
  /** `--explain`: the id of the incident whose story to print, or null. */
  explain: string | null;
  /** `--definitions`: the tool definitions to score the events under, or null. */
  definitions: string[] | null;
  /** `--input` files, in order; empty for synthetic data. */
  inputs: string[];
  /** `--tz`, as ICU spells it. */
  timeZone: string;
  /** `--start`, `YYYY-MM-DD`, or null. */
  start: string | null;
  /** `--end`, inclusive, or null. */
  end: string | null;
  /** `--out` folder. */
  out: string;
  /** `--json`: print only the JSON summary. */
  json: boolean;
  /** `--help`. */
  help: boolean;
  /** How inputs are read and rejections judged; absent when no such flag was given. */
  ingest?: IngestOptions;
}

const DEFAULT_SEED = 42;
function dateFlag(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    utcMidnightOf(value);
  } catch {
    throw new UsageError(`--${name} must be a date like 2024-01-31, got ${JSON.stringify(value)}`);
  }
  return value;
}

function scenarioFlag(value: string | undefined): Scenario | null {
  if (value === undefined) return null;
  try {
    return parseScenario(value);
  } catch (error) {
    throw new UsageError(`--scenario: ${(error as Error).message}`);
  }
}

function definitionsFlag(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  try {
    return parseDefinitionNames(value);
  } catch (error) {
    throw new UsageError(`--definitions: ${(error as Error).message}`);
  }
}

function attributionWindowFlag(value: string | undefined): number | null {
  if (value === undefined) return DEFAULT_ATTRIBUTION_WINDOW_MS;
  if (value.trim().toLowerCase() === "none") return null;
  try {
    return parseDuration(value);
  } catch (error) {
    throw new UsageError(`--attribution-window: ${(error as Error).message}, or none`);
  }
}

/**
 * Parses and checks the flags. Throws a UsageError with a one-line message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCliArgs } from "./demo_flags.ts";
 *
 * const options = parseCliArgs(["--seed", "7", "--days", "21", "--tz", "Europe/Berlin"]);
 * assert.deepEqual([options.seed, options.days, options.timeZone, options.json], [7, 21, "Europe/Berlin", false]);
 * assert.throws(() => parseCliArgs(["--days", "0"]), { name: "UsageError" });
 * ```
 */
export function parseCliArgs(args: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        seed: { type: "string" },
        days: { type: "string" },
        profile: { type: "string" },
        scenario: { type: "string" },
        "attribution-window": { type: "string" },
        "report-year": { type: "string" },
        input: { type: "string", multiple: true },
        tz: { type: "string" },
        start: { type: "string" },
        end: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        compare: { type: "string" },
        explain: { type: "string" },
        definitions: { type: "string" },
        ...INGEST_FLAGS,
      },
    }));
  } catch (error) {
    throw new UsageError(String((error as Error).message).split("\n")[0]);
  }
  const inputs = values.input ?? [];
  const options: CliOptions = {
    seed: seedFlag(values.seed) ?? DEFAULT_SEED,
    days: wholeNumberFlag("days", values.days, { min: 1, max: MAX_WINDOW_DAYS }),
    profile: profileFlag(values.profile),
    scenario: scenarioFlag(values.scenario),
    attributionWindowMs: attributionWindowFlag(values["attribution-window"]),
    reportYear: reportYearFlag(values["report-year"]),
    compare: null,
    explain: values.explain ?? null,
    definitions: definitionsFlag(values.definitions),
    inputs,
    timeZone: "UTC",
    start: dateFlag("start", values.start),
    end: dateFlag("end", values.end),
    out: values.out ?? "out",
    json: values.json ?? false,
    help: values.help ?? false,
  };
  if (values.tz !== undefined) {
    try {
      options.timeZone = checkTimeZone(values.tz);
    } catch (error) {
      throw new UsageError(`--tz: ${(error as Error).message}`);
    }
  }
  if (values.out !== undefined && values.out.trim() === "") {
    throw new UsageError("--out must name a folder");
  }
  const ingest = ingestOptionsFrom(values, inputs.length);
  if (ingest) options.ingest = ingest;
  if (values.explain !== undefined && values.compare !== undefined) {
    throw new UsageError("--explain tells one incident's story; it does not take --compare");
  }
  if (values.definitions !== undefined && values.compare !== undefined) {
    throw new UsageError("--definitions scores one universe; it does not take --compare");
  }
  if (values.compare !== undefined) {
    if (inputs.length > 0) {
      throw new UsageError("--compare draws synthetic universes; it does not take --input");
    }
    try {
      options.compare = parseUniverses(values.compare, {
        seed: options.seed,
        profile: options.profile,
      });
    } catch (error) {
      throw new UsageError(`--compare: ${(error as Error).message}`);
    }
  }
  if (inputs.length === 0 && (options.start || options.end)) {
    throw new UsageError(
      "--start and --end apply to --input files; the synthetic window starts on a fixed date",
    );
  }
  if (inputs.length > 0 && (values.seed !== undefined || values.profile !== undefined)) {
    throw new UsageError("--seed and --profile apply to synthetic data, not to --input files");
  }
  if (values.scenario !== undefined && inputs.length > 0) {
    throw new UsageError("--scenario changes a synthetic universe, not --input files");
  }
  if (values.scenario !== undefined && values.compare !== undefined) {
    throw new UsageError(
      "--scenario with --compare: give each universe its scenario, e.g. --compare 42,42:shock",
    );
  }
  if (inputs.length > 0 && options.days !== null && options.start && options.end) {
    throw new UsageError(
      "--days with --input sets the window length; give --days or --end, not both",
    );
  }
  if (options.start && options.end && options.end < options.start) {
    throw new UsageError(`--end (${options.end}) is before --start (${options.start})`);
  }
  return options;
}
