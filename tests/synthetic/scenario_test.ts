/**
 * Scenario knobs change one thing and keep the rest: the same seed gives the same universe with
 * only that change, because the generator draws its numbers in the same order whatever the knobs.
 */
import assert from "node:assert/strict";
import type { EventRecord } from "../../lib/core/events.ts";
import { generateEvents } from "../../lib/synthetic/generator.ts";
import { PROFILE_NAMES, PROFILES } from "../../lib/synthetic/profiles.ts";
import { parseScenario, type Scenario } from "../../lib/synthetic/scenario.ts";
import { diffUniverses } from "../../lib/synthetic/universe_diff.ts";

const DAY = 86_400_000;
const START = Date.parse("2024-01-01T00:00:00Z");
const dayOf = (ms: number) => Math.floor((ms - START) / DAY) + 1;

function universe(scenario?: Scenario, { seed = 42, days = 28, timeZone = "UTC" } = {}) {
  return generateEvents({ seed, days, timeZone, scenario });
}

/** Each incident's start, by id. */
function starts(events: readonly EventRecord[]): Map<string, number> {
  return new Map(
    events.filter((e) => e.type === "incident_start").map((e) => [e.id!, e.timestamp]),
  );
}

Deno.test("no knobs, or knobs that change nothing, give the universe byte for byte", () => {
  for (const name of PROFILE_NAMES) {
    for (const seed of [1, 42, 7]) {
      const options = { seed, days: 60, profile: PROFILES[name] };
      const base = JSON.stringify(generateEvents(options));
      assert.equal(JSON.stringify(generateEvents({ ...options, scenario: {} })), base);
      assert.equal(
        JSON.stringify(generateEvents({ ...options, scenario: { batchSize: 1 } })),
        base,
      );
    }
  }
});

Deno.test("a shock adds incidents in its week and changes nothing else", () => {
  for (const seed of [42, 7, 3]) {
    const base = universe(undefined, { seed });
    const shocked = universe(parseScenario("shock@8"), { seed });
    const diff = diffUniverses(base, shocked);
    assert.deepEqual([diff.removed, diff.changed], [[], []], `seed ${seed}`);
    const added = diff.added.filter((e) => e.type === "incident_start");
    assert.ok(added.length > 0, `seed ${seed}: the shock adds failures`);
    // Every added incident starts in days 8-14 (a few minutes after a shock-week deploy).
    assert.ok(added.every((e) => dayOf(e.timestamp) >= 8 && dayOf(e.timestamp) <= 15));
    // New incidents are numbered after the universe's own, so no existing id moves.
    const lastBase = Math.max(...[...starts(base).keys()].map((id) => Number(id.slice(4))));
    assert.ok(added.every((e) => Number(e.id!.slice(4)) > lastBase));
    // Added deploys are fix-forwards of added incidents, of the same service, in the shock.
    const failingServices = new Set(added.map((e) => e.service));
    for (const deploy of diff.added.filter((e) => e.type === "deploy")) {
      assert.ok(dayOf(deploy.timestamp) >= 8);
      assert.ok(failingServices.has(deploy.service), `${deploy.id}: ${deploy.service}`);
    }
  }
});

Deno.test("the shock's day moves the shock and nothing else", () => {
  const base = universe();
  for (const day of [1, 3, 15, 22]) {
    const diff = diffUniverses(base, universe({ shock: { fromDay: day } }));
    assert.deepEqual([diff.removed.length, diff.changed.length], [0, 0], `day ${day}`);
    const added = diff.added.filter((e) => e.type === "incident_start");
    assert.ok(added.every((e) => dayOf(e.timestamp) >= day && dayOf(e.timestamp) <= day + 7));
  }
});

Deno.test("faster recovery from day N changes resolves (and fix-forwards) of incidents from day N only", () => {
  const base = universe();
  const faster = universe(parseScenario("faster@10"));
  const diff = diffUniverses(base, faster);
  assert.deepEqual(diff.removed, []);
  assert.ok(diff.changed.length > 0);
  const baseStarts = starts(base);
  for (const { before, after } of diff.changed) {
    assert.ok(after.timestamp <= before.timestamp, "everything that moves, moves earlier");
    if (after.type === "incident_resolved") {
      const start = baseStarts.get(after.id!)!;
      assert.ok(dayOf(start) >= 10, `${after.id} started on day ${dayOf(start)}`);
      // A quarter of the time, to the second.
      const quarter = (before.timestamp - start) / 4;
      assert.ok(Math.abs(after.timestamp - start - quarter) < 1000);
    } else {
      assert.equal(after.type, "deploy");
      assert.ok(dayOf(before.timestamp) >= 10);
    }
  }
  // What is added is what now happens inside the window: resolves (and fixes) of late incidents.
  assert.ok(diff.added.every((e) => e.type !== "incident_start"));
  assert.ok(diff.added.every((e) => dayOf(e.timestamp) >= 10));
});

Deno.test("batches: fewer, larger deploys; the same incidents, each caused by its batch", () => {
  const base = universe();
  const batched = universe(parseScenario("batch=4"));
  const deploys = (events: EventRecord[]) => events.filter((e) => e.type === "deploy");
  assert.ok(deploys(batched).length < deploys(base).length / 2);
  // The same incidents, by id: each a little later (its change waited for its batch), or gone
  // past the window's end.
  const before = starts(base), after = starts(batched);
  for (const [id, start] of after) {
    assert.ok(before.has(id), id);
    assert.ok(start >= before.get(id)!, `${id} comes no earlier`);
  }
  assert.ok(after.size >= before.size - 3);
  // An explicit link names a deploy of the batched universe.
  const ids = new Set(deploys(batched).map((e) => e.id));
  for (const e of batched.filter((e) => e.type === "incident_start" && e.deploy_id)) {
    assert.ok(ids.has(e.deploy_id!), `${e.id} → ${e.deploy_id}`);
  }
  // Lead time runs from the oldest change of the batch: longer.
  const lead = (events: EventRecord[]) => {
    const times = deploys(events).map((e) => e.timestamp - e.commit_timestamp!).sort((a, b) =>
      a - b
    );
    return times[Math.floor(times.length / 2)];
  };
  assert.ok(lead(batched) > lead(base));
});

Deno.test("a scenario gives the same events on every run, in each report zone", () => {
  const scenario = parseScenario("batch=3+shock@5+faster@9");
  for (const timeZone of ["UTC", "Pacific/Chatham"]) {
    assert.deepEqual(universe(scenario, { timeZone }), universe(scenario, { timeZone }));
  }
});

Deno.test("scenarios parse, and a bad one says which part is wrong", () => {
  assert.deepEqual(parseScenario("batch"), { batchSize: 4 });
  assert.deepEqual(parseScenario("faster"), { fasterRecovery: { fromDay: 8 } });
  assert.deepEqual(parseScenario("shock@1+batch=2"), { shock: { fromDay: 1 }, batchSize: 2 });
  assert.throws(() => parseScenario("shock@0"), /shock's day must be a whole number from 1/);
  assert.throws(() => parseScenario("batch@3"), /batch takes a size, batch=N/);
  assert.throws(() => parseScenario("faster=2"), /faster takes a day, faster@DAY/);
  assert.throws(() => parseScenario("batch=0"), /batch size must be a whole number from 1 to 100/);
  assert.throws(() => parseScenario(""), /not a scenario knob: ""/);
});
