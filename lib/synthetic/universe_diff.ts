/**
 * What a scenario changed: two universes' events compared by event (`type` and `id`), so a
 * trainer (and a test) can see that a knob changed what it should and nothing else.
 *
 * @module
 */
import type { EventRecord } from "../core/events.ts";

/** The events two universes do not share. */
export interface UniverseDiff {
  /** Events only the second universe has. */
  added: EventRecord[];
  /** Events only the first universe has. */
  removed: EventRecord[];
  /** Events both have (same type and id) whose fields differ: before and after. */
  changed: { before: EventRecord; after: EventRecord }[];
}

const keyOf = (event: EventRecord) => `${event.type}\u0000${event.id ?? ""}`;

function sameEvent(a: EventRecord, b: EventRecord): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof EventRecord>;
  return [...fields].every((field) => (a[field] ?? null) === (b[field] ?? null));
}

/**
 * The differences between two universes' events, each list in the second (or first) universe's
 * stream order.
 *
 * @example A shock from day 8 only adds incidents from day 8 on
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateEvents } from "./generator.ts";
 * import { parseScenario } from "./scenario.ts";
 * import { diffUniverses } from "./universe_diff.ts";
 *
 * const base = generateEvents({ seed: 42, days: 14 });
 * const shocked = generateEvents({ seed: 42, days: 14, scenario: parseScenario("shock@8") });
 * const diff = diffUniverses(base, shocked);
 * assert.deepEqual([diff.removed, diff.changed], [[], []]);
 * assert.ok(diff.added.length > 0);
 * assert.ok(diff.added.every((event) => event.timestamp >= Date.parse("2024-01-08T00:00:00Z")));
 * ```
 */
export function diffUniverses(
  before: readonly EventRecord[],
  after: readonly EventRecord[],
): UniverseDiff {
  const beforeByKey = new Map(before.map((event) => [keyOf(event), event]));
  const afterKeys = new Set(after.map(keyOf));
  const added: EventRecord[] = [];
  const changed: UniverseDiff["changed"] = [];
  for (const event of after) {
    const previous = beforeByKey.get(keyOf(event));
    if (!previous) added.push(event);
    else if (!sameEvent(previous, event)) changed.push({ before: previous, after: event });
  }
  const removed = before.filter((event) => !afterKeys.has(keyOf(event)));
  return { added, removed, changed };
}
