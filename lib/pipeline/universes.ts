/**
 * Two (or more) synthetic universes side by side: different seeds, different profiles, or both,
 * over the same window, so their numbers and charts can be read against each other.
 *
 * A universe is written `42` (a seed, with the default profile), `elite` (a profile, with the
 * default seed) or `elite:42` (both), each optionally followed by `:` and a scenario (see
 * `lib/synthetic/scenario.ts`): `42:shock` is seed 42 with a failure shock, so `42,42:shock`
 * shows the shock and nothing else.
 *
 * @module
 */
import { type Analysis, analyze } from "./analysis.ts";
import { PROFILE_NAMES, type ProfileName, PROFILES } from "../synthetic/profiles.ts";
import { summarize, type Summary } from "./summary.ts";
import { parseScenario, type Scenario, scenarioName } from "../synthetic/scenario.ts";
import { type ScenarioChanges, scenarioChanges } from "./scenario_changes.ts";

/** One universe to draw: a seed, a profile and, optionally, a scenario. */
export interface UniverseSpec {
  /** The seed. */
  seed: number;
  /** The generator profile. */
  profile: ProfileName;
  /** What to change about the universe; absent for none. */
  scenario?: Scenario;
}

/** A universe analysed for the comparison. */
export interface Universe extends UniverseSpec {
  /** "seed 42", "elite, seed 7", "seed 42, shock@8". */
  label: string;
  /** Its analysis. */
  analysis: Analysis;
  /** Its summary. */
  summary: Summary;
  /** With a scenario: what the scenario changed against the same seed and profile without it. */
  changes?: ScenarioChanges;
}

/** How {@link compareUniverses} analyses the universes. */
export interface CompareOptions {
  /** Days for every universe; default: the longest default of the profiles compared. */
  days?: number;
  /** IANA zone for day buckets. Default UTC. */
  timeZone?: string;
  /** How far back an incident's cause is inferred, in ms; null turns inference off. Default 24 h. */
  attributionWindowMs?: number | null;
  /** DORA report year whose tier table rates the metrics. Default 2023. */
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
 * assert.deepEqual(parseUniverses("42,42:shock@8", defaults), [
 *   { seed: 42, profile: "mixed" },
 *   { seed: 42, profile: "mixed", scenario: { shock: { fromDay: 8 } } },
 * ]);
 * assert.throws(() => parseUniverses("42", defaults), RangeError);
 * assert.throws(() => parseUniverses("42,42:chaos", defaults), /not a scenario knob/);
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
    // [profile][:seed][:scenario], at least one of them, in that order.
    const notUniverse = new RangeError(
      `not a universe: ${JSON.stringify(item)} (a seed, one of ${
        PROFILE_NAMES.join(", ")
      }, or profile:seed, each optionally :scenario, e.g. 42:shock)`,
    );
    const tokens = item.split(":");
    let next = 0;
    const profile = (PROFILE_NAMES as string[]).includes(tokens[next])
      ? tokens[next++] as ProfileName
      : defaults.profile as ProfileName;
    const seedText = /^[+-]?\d+$/.test(tokens[next] ?? "") ? tokens[next++] : undefined;
    const scenarioText = next < tokens.length ? tokens[next++] : undefined;
    if (next < tokens.length || tokens.some((token) => token === "")) throw notUniverse;
    const seed = seedText === undefined ? defaults.seed : Number(seedText);
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`not a usable seed: ${JSON.stringify(item)}`);
    }
    const spec: UniverseSpec = { seed, profile };
    if (scenarioText === undefined) return spec;
    try {
      spec.scenario = parseScenario(scenarioText);
    } catch (error) {
      // A lone word that is neither a profile nor a knob reads best as a bad universe.
      if (tokens.length === 1) throw notUniverse;
      throw new RangeError(`${JSON.stringify(item)}: ${(error as Error).message}`);
    }
    return spec;
  });
}

/** "seed 42", or "elite, seed 42" when profiles differ from the default; then the scenario. */
function labelOf(spec: UniverseSpec, specs: readonly UniverseSpec[]): string {
  const profilesDiffer = specs.some((other) => other.profile !== specs[0].profile);
  const showProfile = profilesDiffer || spec.profile !== "mixed";
  const base = showProfile ? `${spec.profile}, seed ${spec.seed}` : `seed ${spec.seed}`;
  const scenario = scenarioName(spec.scenario);
  return scenario ? `${base}, ${scenario}` : base;
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
        scenario: spec.scenario,
      },
      { timeZone: options.timeZone, attributionWindowMs: options.attributionWindowMs },
    );
    const universe: Universe = {
      ...spec,
      label: labelOf(spec, specs),
      analysis,
      summary: summarize(analysis, { reportYear: options.reportYear }),
    };
    if (spec.scenario && scenarioName(spec.scenario)) {
      universe.changes = scenarioChanges(spec.scenario, {
        seed: spec.seed,
        days,
        timeZone: options.timeZone,
        profile,
      });
    }
    return universe;
  });
}

/** Which universe {@link scenarioPair} changes. */
export interface ScenarioPairOptions extends CompareOptions {
  /** The seed. Default 42. */
  seed?: number;
  /** The generator profile. Default `mixed`. */
  profile?: ProfileName;
}

/**
 * One universe without and with a scenario, over one window: the notebook's and the trainer's way
 * to show a knob's effect and nothing else. The second universe's `changes` counts what the
 * scenario added, removed and changed.
 *
 * @example A shock from day 8: the same deploys before it, more failed deploys after
 * ```ts
 * import assert from "node:assert/strict";
 * import { scenarioPair } from "./universes.ts";
 *
 * const [base, shocked] = scenarioPair("shock@8", { seed: 42, days: 14 });
 * assert.deepEqual([base.label, shocked.label], ["seed 42", "seed 42, shock@8"]);
 * assert.deepEqual(shocked.summary.deploys_per_day.slice(0, 7), base.summary.deploys_per_day.slice(0, 7));
 * assert.ok(shocked.summary.change_failure_rate.rate! > base.summary.change_failure_rate.rate!);
 * assert.equal(shocked.changes!.removed.incident_start, 0);
 * ```
 */
export function scenarioPair(
  scenario: string | Scenario,
  { seed = 42, profile = "mixed", ...options }: ScenarioPairOptions = {},
): Universe[] {
  const knobs = typeof scenario === "string" ? parseScenario(scenario) : scenario;
  return compareUniverses([{ seed, profile }, { seed, profile, scenario: knobs }], options);
}
