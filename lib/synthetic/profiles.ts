/**
 * Generator profiles: teams that land in each DORA level (2023 table) most of the time, plus the
 * default mixed team. Each has a default window long enough for its rhythm to show: a team that
 * deploys every few weeks needs months of data before its frequency means anything.
 *
 * How often each profile lands in its level is measured over many seeds by
 * `tests/synthetic/profiles_test.ts` and `deno task profiles`.
 *
 * @module
 */

/** The rates and shapes the generator draws a team's events from. */
export interface GeneratorProfile {
  /** Services and their share of deploys. */
  services: readonly (readonly [string, number])[];
  /** Mean deploys on a weekday (Poisson). */
  deploysPerWeekday: number;
  /** Weekend rate as a share of the weekday rate. */
  weekendFactor: number;
  /** Share of deploys made inside 09:00–18:00 local time. */
  businessHoursShare: number;
  /** Probability that a deploy causes an incident. */
  failureRate: number;
  /** Median recovery time, in minutes (lognormal). */
  recoveryMedianMinutes: number;
  /** Log-space sigma of recovery time: how heavy its tail is. */
  recoverySigma: number;
  /** The longest recovery, in minutes: the lognormal's tail is cut here. */
  recoveryMaxMinutes: number;
  /** Median commit-to-deploy lead time, in hours (lognormal). */
  leadTimeMedianHours: number;
  /** Log-space sigma of lead time. */
  leadTimeSigma: number;
  /** Probability that a failure is fixed forward by a deploy while the incident is open. */
  fixForwardRate: number;
  /** Incidents per day with no deploy behind them. */
  unrelatedIncidentsPerDay: number;
  /** Probability that an incident start carries an explicit `deploy_id` link. */
  explicitLinkRate: number;
}

/** A profile with a name's worth of description and a default window. */
export interface NamedProfile extends GeneratorProfile {
  /** Days of synthetic data when `--days` is not given. */
  defaultDays: number;
  /** What the profile stands for, for help texts and the notebook. */
  description: string;
}

const DAY_MINUTES = 24 * 60;
const SERVICES = [["api", 0.35], ["web", 0.3], ["search", 0.2], ["billing", 0.15]] as const;

/**
 * The profiles by name: `mixed` (the default team) and one per DORA level.
 *
 * @example Faster teams deploy more and recover sooner
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROFILE_NAMES, PROFILES } from "./profiles.ts";
 *
 * assert.deepEqual(PROFILE_NAMES, ["mixed", "elite", "high", "medium", "low"]);
 * const perLevel = PROFILE_NAMES.slice(1).map((name) => PROFILES[name]);
 * for (let index = 1; index < perLevel.length; index++) {
 *   assert.ok(perLevel[index].deploysPerWeekday < perLevel[index - 1].deploysPerWeekday);
 *   assert.ok(perLevel[index].recoveryMedianMinutes > perLevel[index - 1].recoveryMedianMinutes);
 * }
 * ```
 */
export const PROFILES = {
  mixed: {
    description: "a mixed team: several deploys a day, some failures, recovery in about an hour",
    defaultDays: 14,
    services: SERVICES,
    deploysPerWeekday: 3,
    weekendFactor: 0.15,
    businessHoursShare: 0.9,
    failureRate: 0.12,
    recoveryMedianMinutes: 45,
    recoverySigma: 0.9,
    recoveryMaxMinutes: 2 * DAY_MINUTES,
    leadTimeMedianHours: 20,
    leadTimeSigma: 1,
    fixForwardRate: 0.5,
    unrelatedIncidentsPerDay: 0.05,
    explicitLinkRate: 0.7,
  },
  elite: {
    description: "Elite: deploys on demand, rarely fails, recovers within the hour",
    defaultDays: 14,
    services: SERVICES,
    deploysPerWeekday: 8,
    weekendFactor: 0.3,
    businessHoursShare: 0.9,
    failureRate: 0.045,
    recoveryMedianMinutes: 20,
    recoverySigma: 0.6,
    recoveryMaxMinutes: 6 * 60,
    leadTimeMedianHours: 3,
    leadTimeSigma: 0.8,
    fixForwardRate: 0.5,
    unrelatedIncidentsPerDay: 0.01,
    explicitLinkRate: 0.7,
  },
  high: {
    description: "High: deploys most days, about one deploy in ten fails, recovers within a day",
    defaultDays: 365,
    services: SERVICES,
    deploysPerWeekday: 0.9,
    weekendFactor: 0.1,
    businessHoursShare: 0.9,
    failureRate: 0.105,
    recoveryMedianMinutes: 5 * 60,
    recoverySigma: 0.6,
    recoveryMaxMinutes: 2 * DAY_MINUTES,
    leadTimeMedianHours: 60,
    leadTimeSigma: 0.5,
    fixForwardRate: 0.5,
    unrelatedIncidentsPerDay: 0,
    explicitLinkRate: 0.7,
  },
  medium: {
    description: "Medium: deploys a few times a month, recovery takes days, lead time weeks",
    defaultDays: 365,
    services: SERVICES,
    deploysPerWeekday: 0.08,
    weekendFactor: 0,
    businessHoursShare: 0.9,
    failureRate: 0.25,
    recoveryMedianMinutes: 3 * DAY_MINUTES,
    recoverySigma: 0.5,
    recoveryMaxMinutes: 10 * DAY_MINUTES,
    leadTimeMedianHours: 14 * 24,
    leadTimeSigma: 0.4,
    fixForwardRate: 0.3,
    unrelatedIncidentsPerDay: 0,
    explicitLinkRate: 0.7,
  },
  low: {
    description:
      "Low: deploys every month or two, most deploys fail, recovery takes a month or more",
    defaultDays: 365,
    services: SERVICES,
    deploysPerWeekday: 0.031,
    weekendFactor: 0,
    businessHoursShare: 0.9,
    failureRate: 0.6,
    recoveryMedianMinutes: 45 * DAY_MINUTES,
    recoverySigma: 0.4,
    recoveryMaxMinutes: 170 * DAY_MINUTES,
    leadTimeMedianHours: 60 * 24,
    leadTimeSigma: 0.3,
    fixForwardRate: 0,
    unrelatedIncidentsPerDay: 0,
    explicitLinkRate: 0.7,
  },
} as const satisfies Record<string, NamedProfile>;

/** The name of one of {@link PROFILES}. */
export type ProfileName = keyof typeof PROFILES;
/** Every profile name, `mixed` first. */
export const PROFILE_NAMES: ProfileName[] = Object.keys(PROFILES) as ProfileName[];
/**
 * The level a profile is built to land in, or null for the mixed team.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { targetLevelOf } from "./profiles.ts";
 *
 * assert.deepEqual([targetLevelOf("elite"), targetLevelOf("mixed")], ["Elite", null]);
 * ```
 */
export function targetLevelOf(name: ProfileName): string | null {
  return name === "mixed" ? null : name[0].toUpperCase() + name.slice(1);
}
