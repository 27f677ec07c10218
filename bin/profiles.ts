/**
 * How often each generator profile lands in the DORA level it is built for, over many seeds.
 * `deno task profiles [--seeds N]` prints the table; the test suite checks a smaller sample.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { analyze } from "../lib/pipeline/analysis.ts";
import { type ProfileName, PROFILES, targetLevelOf } from "../lib/synthetic/profiles.ts";
import { summarize } from "../lib/pipeline/summary.ts";

/** The four metrics the DORA levels rate. */
export const RATED_METRICS = [
  "deployment_frequency",
  "lead_time",
  "change_failure_rate",
  "recovery",
] as const;

/** How often one profile lands in its level. */
export interface Landing {
  /** The profile. */
  profile: ProfileName;
  /** The level it is built for. */
  level: string;
  /** The window: the profile's default days. */
  days: number;
  /** How many seeds were drawn (1 to `seeds`). */
  seeds: number;
  /** Share of seeds in the target level, per metric and for all four at once. */
  shares: Record<(typeof RATED_METRICS)[number] | "all", number>;
}

/**
 * How often each profile lands in its target level, over seeds 1 to `seeds`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { profileLanding } from "./profiles.ts";
 *
 * const [elite] = profileLanding({ seeds: 2, profiles: ["elite"] });
 * assert.deepEqual([elite.profile, elite.level, elite.days, elite.seeds], ["elite", "Elite", 14, 2]);
 * for (const share of Object.values(elite.shares)) assert.ok([0, 0.5, 1].includes(share));
 * ```
 */
export function profileLanding(
  { seeds, profiles = ["elite", "high", "medium", "low"], reportYear = 2023 }: {
    seeds: number;
    profiles?: ProfileName[];
    reportYear?: number;
  },
): Landing[] {
  return profiles.map((name) => {
    const profile = PROFILES[name];
    const level = targetLevelOf(name)!;
    const hits = {
      deployment_frequency: 0,
      lead_time: 0,
      change_failure_rate: 0,
      recovery: 0,
      all: 0,
    };
    for (let seed = 1; seed <= seeds; seed++) {
      const { tiers } = summarize(
        analyze({ kind: "synthetic", seed, days: profile.defaultDays, profile }),
        { reportYear },
      );
      let all = true;
      for (const metric of RATED_METRICS) {
        if (tiers[metric] === level) hits[metric]++;
        else all = false;
      }
      if (all) hits.all++;
    }
    const shares = Object.fromEntries(
      Object.entries(hits).map(([k, v]) => [k, v / seeds]),
    ) as Landing["shares"];
    return { profile: name, level, days: profile.defaultDays, seeds, shares };
  });
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { seeds: { type: "string", default: "200" } },
  });
  const seeds = Number(values.seeds);
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`.padStart(5);
  console.log(
    `Share of seeds 1..${seeds} landing in the profile's DORA 2023 level (window: the profile's default days)`,
  );
  console.log(`| profile | days | frequency | lead time | change failure | recovery | all four |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const landing of profileLanding({ seeds })) {
    const s = landing.shares;
    console.log(
      `| ${landing.profile} (${landing.level}) | ${landing.days} | ${
        percent(s.deployment_frequency)
      } | ${percent(s.lead_time)} | ` +
        `${percent(s.change_failure_rate)} | ${percent(s.recovery)} | ${percent(s.all)} |`,
    );
  }
}
