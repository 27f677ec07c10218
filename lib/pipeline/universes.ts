/**
 * Two (or more) synthetic universes side by side: different seeds, different profiles, or both,
 * over the same window, so their numbers and charts can be read against each other.
 *
 * A universe is written `42` (a seed, with the default profile), `elite` (a profile, with the
 * default seed) or `elite:42` (both).
 *
 * @module
 */
import { type Analysis, analyze } from "./analysis.ts";
import { PROFILE_NAMES, type ProfileName, PROFILES } from "../synthetic/profiles.ts";
import { summarize, type Summary } from "./summary.ts";

export interface UniverseSpec {
  seed: number;
  profile: ProfileName;
}

export interface Universe extends UniverseSpec {
  label: string;
  analysis: Analysis;
  summary: Summary;
}

export interface CompareOptions {
  /** Days for every universe; default: the longest default of the profiles compared. */
  days?: number;
  timeZone?: string;
  attributionWindowMs?: number | null;
  reportYear?: number;
}

/**
 * Parses `42,7`, `elite,low` or `elite:1,low:1`. Throws a RangeError naming the bad item.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseUniverses } from "./universes.ts";
 *
 * const defaults = { seed: 42, profile: "mixed" };
 * assert.deepEqual(parseUniverses("elite,7", defaults), [
 *   { seed: 42, profile: "elite" },
 *   { seed: 7, profile: "mixed" },
 * ]);
 * assert.throws(() => parseUniverses("42", defaults), RangeError);
 * ```
 */
export function parseUniverses(
  text: string,
  defaults: { seed: number; profile: string },
): UniverseSpec[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.length < 2 || items.some((item) => item === "")) {
    throw new RangeError(
      `expected at least two universes separated by commas, e.g. 42,7 or elite,low; got ${
        JSON.stringify(text)
      }`,
    );
  }
  return items.map((item) => {
    const match = /^(?:([a-z]+)(?::([+-]?\d+))?|([+-]?\d+))$/.exec(item);
    const profile = match?.[1] ?? defaults.profile;
    const seedText = match?.[2] ?? match?.[3];
    if (!match || !(PROFILE_NAMES as string[]).includes(profile)) {
      throw new RangeError(
        `not a universe: ${JSON.stringify(item)} (a seed, one of ${
          PROFILE_NAMES.join(", ")
        }, or profile:seed)`,
      );
    }
    const seed = seedText === undefined ? defaults.seed : Number(seedText);
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`not a usable seed: ${JSON.stringify(item)}`);
    }
    return { seed, profile: profile as ProfileName };
  });
}

/** "seed 42", or "elite, seed 42" when profiles differ from the default. */
function labelOf(spec: UniverseSpec, specs: readonly UniverseSpec[]): string {
  const profilesDiffer = specs.some((other) => other.profile !== specs[0].profile);
  const showProfile = profilesDiffer || spec.profile !== "mixed";
  return showProfile ? `${spec.profile}, seed ${spec.seed}` : `seed ${spec.seed}`;
}

/**
 * Analyzes every universe over one shared window.
 *
 * @example Two seeds over the same two weeks
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareUniverses } from "./universes.ts";
 *
 * const [a, b] = compareUniverses([
 *   { seed: 42, profile: "mixed" },
 *   { seed: 7, profile: "mixed" },
 * ], { days: 14 });
 * assert.equal(a.label, "seed 42");
 * assert.equal(b.label, "seed 7");
 * assert.equal(b.summary.window.end, a.summary.window.end);
 * ```
 */
export function compareUniverses(
  specs: readonly UniverseSpec[],
  options: CompareOptions = {},
): Universe[] {
  const days = options.days ?? Math.max(...specs.map((spec) => PROFILES[spec.profile].defaultDays));
  return specs.map((spec) => {
    const profile = PROFILES[spec.profile];
    const analysis = analyze(
      {
        kind: "synthetic",
        seed: spec.seed,
        days,
        profile,
        profileName: spec.profile === "mixed" ? undefined : spec.profile,
      },
      { timeZone: options.timeZone, attributionWindowMs: options.attributionWindowMs },
    );
    return {
      ...spec,
      label: labelOf(spec, specs),
      analysis,
      summary: summarize(analysis, { reportYear: options.reportYear }),
    };
  });
}
