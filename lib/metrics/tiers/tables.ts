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

/** The performance levels of one State of DevOps report year. */
export interface TierTable {
  /** The report year. */
  year: number;
  /** Where the numbers come from. */
  source: string;
  /** Levels in the report's order, best first. */
  levels: readonly TierLevel[];
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

/** The report year used when none is given. */
export const DEFAULT_REPORT_YEAR = 2023;
/** Every report year with a tier table. */
export const REPORT_YEARS = Object.keys(TIER_TABLES).map(Number);
