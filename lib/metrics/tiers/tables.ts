/**
 * DORA performance levels, one table per State of DevOps report year, as data.
 *
 * Ranges are copied as the reports print them, overlaps and gaps included, and are not assumed
 * to be ordered (in 2024, High's change fail rate of 20% is worse than Medium's 10%).
 * `classify.ts` decides how a measured value maps onto them.
 *
 * Durations are minutes; a month is 30 days and six months 180 days.
 *
 * @module
 */
import type { FrequencyClass } from "../deployment_frequency.ts";

/** A DORA performance level. */
export type LevelName = "Elite" | "High" | "Medium" | "Low";

/** `[from, to)` in minutes. */
export type MinutesRange = readonly [number, number];

/** One performance level of a report year's table. */
export interface TierLevel {
  /** The level's name. */
  name: LevelName;
  /** The frequency classes the level's deployment frequency covers. */
  deploymentFrequency: readonly FrequencyClass[];
  /** The level's change lead time. */
  leadTimeMinutes: MinutesRange;
  /** The reports give one change fail rate per level, not a range. */
  changeFailureRate: number;
  /** The level's time to restore service. */
  recoveryMinutes: MinutesRange;
}

/** The metrics a tier table rates, as the `tiers` keys of the summary name them. */
export type TierMetric = "deployment_frequency" | "lead_time" | "change_failure_rate" | "recovery";

/**
 * How a cell of a table was checked:
 * - `verified`: read in the report's own text;
 * - `corroborated`: matches a transcription that was read (the contract's, or a third party's),
 *   but was not checked against the report's own text;
 * - `unverified`: no source that could be read states it.
 */
export type CellCheck = "verified" | "corroborated" | "unverified";

/** The check of every cell of a table, by metric and level. */
export type CellChecks = Readonly<Record<TierMetric, Readonly<Record<LevelName, CellCheck>>>>;

/** The performance levels of one State of DevOps report year. */
export interface TierTable {
  /** The report year. */
  year: number;
  /** Where the numbers come from. */
  source: string;
  /** Levels in the report's order, best first. */
  levels: readonly TierLevel[];
  /** How each cell was checked. */
  checks: CellChecks;
  /** How the table as a whole was checked, in one or two sentences. */
  verification: string;
}

/** One check for every level of a metric. */
function allLevels(check: CellCheck): Readonly<Record<LevelName, CellCheck>> {
  return { Elite: check, High: check, Medium: check, Low: check };
}

const HOUR = 60;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const SIX_MONTHS = 180 * DAY;

/**
 * The tier tables by report year.
 *
 * @example The 2024 report's High level has a worse change fail rate than its Medium level
 * ```ts
 * import assert from "node:assert/strict";
 * import { TIER_TABLES } from "./tables.ts";
 *
 * assert.deepEqual(TIER_TABLES[2023].levels.map((level) => level.name), [
 *   "Elite",
 *   "High",
 *   "Medium",
 *   "Low",
 * ]);
 * const [, high, medium] = TIER_TABLES[2024].levels;
 * assert.ok(high.changeFailureRate > medium.changeFailureRate);
 * ```
 */
export const TIER_TABLES: Readonly<Record<number, TierTable>> = {
  2023: {
    year: 2023,
    source:
      'Google Cloud, Accelerate State of DevOps Report 2023, "Software delivery performance" ' +
      "table of performance levels (https://dora.dev/research/2023/dora-report/)",
    // The contract transcribes this table; nobody here has read it in the report's own text.
    checks: {
      deployment_frequency: allLevels("corroborated"),
      lead_time: allLevels("corroborated"),
      change_failure_rate: allLevels("corroborated"),
      recovery: allLevels("corroborated"),
    },
    verification: "Every cell is as the project's contract transcribes the 2023 report; none " +
      "has been checked against the report's own text here.",
    levels: [
      {
        name: "Elite",
        deploymentFrequency: ["on demand"],
        leadTimeMinutes: [0, DAY],
        changeFailureRate: 0.05,
        recoveryMinutes: [0, HOUR],
      },
      {
        name: "High",
        deploymentFrequency: ["daily to weekly"],
        leadTimeMinutes: [DAY, WEEK],
        changeFailureRate: 0.10,
        recoveryMinutes: [0, DAY],
      },
      {
        name: "Medium",
        deploymentFrequency: ["weekly to monthly"],
        leadTimeMinutes: [WEEK, MONTH],
        changeFailureRate: 0.15,
        recoveryMinutes: [DAY, WEEK],
      },
      {
        name: "Low",
        // The 2023 report prints the same frequency and lead time for Low as for Medium.
        deploymentFrequency: ["weekly to monthly"],
        leadTimeMinutes: [WEEK, MONTH],
        changeFailureRate: 0.64,
        recoveryMinutes: [MONTH, SIX_MONTHS],
      },
    ],
  },
  2024: {
    year: 2024,
    source:
      'Google Cloud, Accelerate State of DevOps Report 2024, "Software delivery performance" ' +
      "table of performance levels (https://dora.dev/research/2024/dora-report/)",
    // Research notes of issue 12: the report's p. 13 is not text anywhere we could read; two
    // third-party transcriptions agree on frequency, lead time and the Elite and High change
    // fail rates, and no source states the others.
    checks: {
      deployment_frequency: allLevels("corroborated"),
      lead_time: allLevels("corroborated"),
      change_failure_rate: {
        Elite: "corroborated",
        High: "corroborated",
        Medium: "unverified",
        Low: "unverified",
      },
      recovery: allLevels("unverified"),
    },
    verification: "No cell has been checked against the report's own text (p. 13). " +
      "Deployment frequency, lead time and the Elite and High change fail rates match " +
      "third-party transcriptions; the Medium and Low change fail rates and every recovery " +
      "cell are not verified by any source.",
    levels: [
      {
        name: "Elite",
        deploymentFrequency: ["on demand"],
        leadTimeMinutes: [0, DAY],
        changeFailureRate: 0.05,
        recoveryMinutes: [0, HOUR],
      },
      {
        name: "High",
        deploymentFrequency: ["daily to weekly"],
        leadTimeMinutes: [DAY, WEEK],
        changeFailureRate: 0.20,
        recoveryMinutes: [0, DAY],
      },
      {
        name: "Medium",
        deploymentFrequency: ["weekly to monthly"],
        leadTimeMinutes: [WEEK, MONTH],
        changeFailureRate: 0.10,
        recoveryMinutes: [0, DAY],
      },
      {
        name: "Low",
        deploymentFrequency: ["monthly to every six months"],
        leadTimeMinutes: [MONTH, SIX_MONTHS],
        changeFailureRate: 0.40,
        recoveryMinutes: [WEEK, MONTH],
      },
    ],
  },
};

/**
 * How the cell of `metric` at `level` of a year's table was checked.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cellCheck } from "./tables.ts";
 *
 * assert.equal(cellCheck(2024, { metric: "change_failure_rate", level: "High" }), "corroborated");
 * assert.equal(cellCheck(2024, { metric: "recovery", level: "Elite" }), "unverified");
 * assert.equal(cellCheck(2023, { metric: "recovery", level: "Elite" }), "corroborated");
 * ```
 */
export function cellCheck(
  year: number,
  { metric, level }: { metric: TierMetric; level: LevelName },
): CellCheck {
  const table = TIER_TABLES[year];
  if (!table) throw new RangeError(`no DORA tier table for ${year}`);
  return table.checks[metric][level];
}

/** The report year used when none is given. */
export const DEFAULT_REPORT_YEAR = 2023;
/** Every report year with a tier table. */
export const REPORT_YEARS = Object.keys(TIER_TABLES).map(Number);
