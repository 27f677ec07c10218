/**
 * What a scenario changed in a universe, counted: the same seed and profile generated with and
 * without the knobs, compared event by event, so a trainer can show that the shock (say) added
 * incidents in its week and changed nothing else.
 *
 * @module
 */
import type { EventRecord, EventType } from "../core/events.ts";
import { localDateOf } from "../core/calendar.ts";
import { generateEvents, type GeneratorProfile } from "../synthetic/generator.ts";
import { describeScenario, type Scenario, scenarioName } from "../synthetic/scenario.ts";
import { diffUniverses } from "../synthetic/universe_diff.ts";

/** Events per type. */
export type EventCounts = Record<EventType, number>;

/** A scenario's changes to its universe, counted per event type. */
export interface ScenarioChanges {
  /** The scenario's knobs, e.g. `shock@8`. */
  scenario: string;
  /** The knobs in words. */
  description: string;
  /** Events the scenario added. */
  added: EventCounts;
  /** Events it removed. */
  removed: EventCounts;
  /** Events it moved or changed (same type and id, other fields). */
  changed: EventCounts;
  /** Events that are the same in both. */
  unchanged: number;
  /** The local date of the earliest difference, `YYYY-MM-DD`; null when nothing differs. */
  first_difference: string | null;
}

/** Which universe to compare with and without the scenario. */
export interface ScenarioChangesOptions {
  /** The seed. */
  seed: number;
  /** Days from the generator's start date. */
  days: number;
  /** The report zone. Default UTC. */
  timeZone?: string;
  /** The generator profile; default: the mixed team. */
  profile?: GeneratorProfile;
}

function counts(events: readonly EventRecord[]): EventCounts {
  const result: EventCounts = { deploy: 0, incident_start: 0, incident_resolved: 0 };
  for (const event of events) result[event.type]++;
  return result;
}

/**
 * The scenario's changes to the universe of `options`.
 *
 * @example A shock from day 8 adds incidents in its week and changes nothing before it
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseScenario } from "../synthetic/scenario.ts";
 * import { scenarioChanges } from "./scenario_changes.ts";
 *
 * const changes = scenarioChanges(parseScenario("shock@8"), { seed: 42, days: 14 });
 * assert.deepEqual(changes.removed, { deploy: 0, incident_start: 0, incident_resolved: 0 });
 * assert.deepEqual(changes.changed, { deploy: 0, incident_start: 0, incident_resolved: 0 });
 * assert.ok(changes.added.incident_start > 0);
 * assert.ok(changes.first_difference! >= "2024-01-08");
 * ```
 */
export function scenarioChanges(
  scenario: Scenario,
  { seed, days, timeZone = "UTC", profile }: ScenarioChangesOptions,
): ScenarioChanges {
  const base = generateEvents({ seed, days, timeZone, profile });
  const changed = generateEvents({ seed, days, timeZone, profile, scenario });
  const diff = diffUniverses(base, changed);
  const times = [
    ...diff.added.map((event) => event.timestamp),
    ...diff.removed.map((event) => event.timestamp),
    ...diff.changed.map(({ before, after }) => Math.min(before.timestamp, after.timestamp)),
  ];
  return {
    scenario: scenarioName(scenario),
    description: describeScenario(scenario),
    added: counts(diff.added),
    removed: counts(diff.removed),
    changed: counts(diff.changed.map(({ after }) => after)),
    unchanged: changed.length - diff.added.length - diff.changed.length,
    first_difference: times.length ? localDateOf(Math.min(...times), timeZone) : null,
  };
}

function countsText(events: EventCounts): string {
  const names: [EventType, string, string][] = [
    ["deploy", "deploy", "deploys"],
    ["incident_start", "incident start", "incident starts"],
    ["incident_resolved", "resolve", "resolves"],
  ];
  const parts = names.filter(([type]) => events[type] > 0)
    .map(([type, one, many]) => `${events[type]} ${events[type] === 1 ? one : many}`);
  return parts.length ? parts.join(", ") : "nothing";
}

/**
 * The changes in one sentence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { changesText } from "./scenario_changes.ts";
 *
 * const none = { deploy: 0, incident_start: 0, incident_resolved: 0 };
 * assert.equal(
 *   changesText({
 *     scenario: "shock@8",
 *     description: "failure odds ×4 for 7 days from day 8",
 *     added: { deploy: 1, incident_start: 2, incident_resolved: 2 },
 *     removed: none,
 *     changed: none,
 *     unchanged: 55,
 *     first_difference: "2024-01-08",
 *   }),
 *   "shock@8 (failure odds ×4 for 7 days from day 8): added 1 deploy, 2 incident starts, " +
 *     "2 resolves; removed nothing; changed nothing; 55 events the same; the first difference " +
 *     "is on 2024-01-08.",
 * );
 * ```
 */
export function changesText(changes: ScenarioChanges): string {
  const first = changes.first_difference === null
    ? "nothing differs"
    : `the first difference is on ${changes.first_difference}`;
  return `${changes.scenario} (${changes.description}): added ${countsText(changes.added)}; ` +
    `removed ${countsText(changes.removed)}; changed ${countsText(changes.changed)}; ` +
    `${changes.unchanged} events the same; ${first}.`;
}
