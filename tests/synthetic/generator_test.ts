import assert from "node:assert/strict";
import { isoWeekdayOf, localDateOf, localDateTimeOf } from "../../lib/core/calendar.ts";
import { generateEvents, SYNTHETIC_START_DATE } from "../../lib/synthetic/generator.ts";

Deno.test("the same seed gives the same events; seed 42 is pinned by a snapshot", async (t) => {
  const first = generateEvents({ seed: 42, days: 14 });
  assert.deepEqual(generateEvents({ seed: 42, days: 14 }), first);
  const asCsv = first.map((e) =>
    [
      new Date(e.timestamp).toISOString(),
      e.type,
      e.id,
      e.service,
      e.commit_timestamp ? new Date(e.commit_timestamp).toISOString() : "",
      e.deploy_id ?? "",
    ].join(",")
  );
  await t.assertSnapshot(asCsv);
});

Deno.test("a different seed gives a different universe", () => {
  const seen = new Set<string>();
  for (const seed of [1, 2, 3, 7, 42, 43]) {
    seen.add(JSON.stringify(generateEvents({ seed, days: 14 })));
  }
  assert.equal(seen.size, 6);
});

Deno.test("the window starts on the fixed date, and no event falls after it", () => {
  for (const seed of [1, 2, 3]) {
    const events = generateEvents({ seed, days: 10 });
    assert.ok(events.every((e) => e.timestamp >= Date.parse(`${SYNTHETIC_START_DATE}T00:00:00Z`)));
    assert.ok(events.every((e) => e.timestamp < Date.parse("2024-01-11T00:00:00Z")));
  }
});

Deno.test("universes are plausible: weekday bias, business hours, services, failures and open incidents", () => {
  let weekday = 0,
    weekend = 0,
    businessHours = 0,
    deploys = 0,
    incidents = 0,
    openAtEnd = 0,
    linked = 0;
  const services = new Set<string>();
  for (let seed = 1; seed <= 60; seed++) {
    const events = generateEvents({ seed, days: 28 });
    const byId = new Map(events.map((e) => [e.id, e]));
    const resolved = new Set(events.filter((e) => e.type === "incident_resolved").map((e) => e.id));
    for (const event of events) {
      if (event.type === "deploy") {
        deploys++;
        services.add(event.service!);
        const day = localDateOf(event.timestamp, "UTC");
        if (isoWeekdayOf(day) <= 5) weekday++;
        else weekend++;
        const hour = Number(localDateTimeOf(event.timestamp, "UTC").slice(11, 13));
        if (hour >= 9 && hour < 18) businessHours++;
        assert.ok(event.commit_timestamp! < event.timestamp, "commits come before their deploy");
      }
      if (event.type === "incident_start") {
        incidents++;
        if (!resolved.has(event.id!)) openAtEnd++;
        if (event.deploy_id) {
          linked++;
          assert.ok(
            byId.get(event.deploy_id)!.timestamp <= event.timestamp,
            "an incident follows its deploy",
          );
        }
      }
    }
    assert.equal(
      new Set(events.map((e) => e.id)).size,
      events.filter((e) => e.type !== "incident_resolved").length,
    );
  }
  // 20 weekdays at rate 1 against 8 weekend days at 0.15: about 17 to 1.
  assert.ok(weekday / 20 > 4 * (weekend / 8), `weekday ${weekday} vs weekend ${weekend}`);
  assert.ok(businessHours / deploys > 0.8);
  assert.ok(services.size >= 4);
  assert.ok(
    incidents / deploys > 0.05 && incidents / deploys < 0.3,
    `${incidents} incidents for ${deploys} deploys`,
  );
  assert.ok(openAtEnd > 0 && openAtEnd < incidents / 5, `${openAtEnd} open of ${incidents}`);
  assert.ok(linked > 0 && linked < incidents);
});

Deno.test("business hours are local hours of the report zone", () => {
  let inside = 0, total = 0;
  for (let seed = 1; seed <= 20; seed++) {
    for (const event of generateEvents({ seed, days: 14, timeZone: "Asia/Tokyo" })) {
      if (event.type !== "deploy") continue;
      total++;
      const hour = Number(localDateTimeOf(event.timestamp, "Asia/Tokyo").slice(11, 13));
      if (hour >= 9 && hour < 18) inside++;
    }
  }
  assert.ok(inside / total > 0.8, `${inside} of ${total}`);
});

Deno.test("recovery times are heavy-tailed: the mean sits above the median", () => {
  const minutes: number[] = [];
  for (let seed = 1; seed <= 80; seed++) {
    const events = generateEvents({ seed, days: 28 });
    const starts = new Map(
      events.filter((e) => e.type === "incident_start").map((e) => [e.id, e.timestamp]),
    );
    for (const e of events) {
      if (e.type === "incident_resolved") {
        minutes.push((e.timestamp - starts.get(e.id)!) / 60_000);
      }
    }
  }
  minutes.sort((a, b) => a - b);
  const median = minutes[Math.floor(minutes.length / 2)];
  const mean = minutes.reduce((a, b) => a + b, 0) / minutes.length;
  assert.ok(median > 30 && median < 65, `median ${median}`);
  assert.ok(mean > median * 1.2, `mean ${mean} median ${median}`);
  assert.ok(minutes[0] >= 1);
});
