/**
 * The bare-polars floor is a floor only if it computes what the project computes: these tests run
 * both on the same files and compare every figure the floor has.
 */
import assert from "node:assert/strict";
import { analyze, summarize } from "../../lib/pipeline/mod.ts";
import { generateEvents } from "../../lib/synthetic/mod.ts";
import { PROFILES } from "../../lib/synthetic/profiles.ts";
import type { EventRecord } from "../../lib/core/mod.ts";
import { floorMetrics } from "./floor.ts";
import { coreFigures, differences } from "./agreement.ts";

function csvOf(events: readonly EventRecord[]): string {
  const iso = (ms: number | null | undefined) => ms == null ? "" : new Date(ms).toISOString();
  return [
    "timestamp,type,service,id,commit_timestamp,deploy_id",
    ...events.map((event) =>
      [
        iso(event.timestamp),
        event.type,
        event.service ?? "",
        event.id ?? "",
        iso(event.commit_timestamp),
        event.deploy_id ?? "",
      ].join(",")
    ),
  ].join("\n") + "\n";
}

function ourFigures(path: string) {
  return coreFigures(summarize(analyze({ kind: "file", files: [path] })));
}

Deno.test("the floor computes the project's figures for synthetic teams with commit times and deploy ids", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const teams = [[42, "mixed", 28], [7, "low", 180], [3, "elite", 14]] as const;
    for (const [seed, profile, days] of teams) {
      const path = `${dir}/seed${seed}.csv`;
      Deno.writeTextFileSync(
        path,
        csvOf(generateEvents({ seed, days, profile: PROFILES[profile] })),
      );
      const ours = ourFigures(path);
      const floor = floorMetrics(path).summary;
      assert.deepEqual(differences(ours, floor), [], `seed ${seed}, ${profile}`);
      assert.ok(ours.lead_time.changes > 0 && ours.change_failure_rate.failed_deploys > 0);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("the floor rejects, pairs and attributes odd rows as the project does", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/odd.csv`;
  Deno.writeTextFileSync(
    path,
    [
      "timestamp,type,service,id,commit_timestamp,deploy_id",
      "2024-01-01T09:00:00Z,deploy,api,d1,2024-01-01T08:00:00Z,",
      "2024-01-01T09:00:00Z,deploy,api,d1,2024-01-01T08:00:00Z,", // exact duplicate
      "2024-01-01T09:00:00Z,deploy,web,d1,,", // same type, id and instant: a duplicate too
      "2024-01-01T11:00:00+02:00,deploy,api,d2,2024-01-01T06:00:00Z,", // 09:00Z, same instant as d1
      "2024-01-01T09:30:00Z,deploy,web,,,", // no id: one from its line (line 6)
      "2024-01-01T09:40:00,deploy,web,d4,,", // no offset: rejected
      "2024-01-01T09:45:00Z,deploy,web,d5,2024-01-01T10:00:00Z,", // negative lead time
      "2024-01-01T09:50:00Z,rollback,web,d6,,", // unknown type
      "2024-01-01T10:00:00Z,incident_start,api,i1,,", // caused by d2 (last at 09:00)
      "2024-01-01T10:30:00Z,incident_start,api,i1,,", // later start: rejected
      "2024-01-01T09:55:00Z,incident_resolved,api,i1,,", // before the start: rejected
      "2024-01-01T10:45:00Z,incident_resolved,api,i1,,", // closes i1 after 45 min
      "2024-01-01T11:00:00Z,incident_resolved,api,i1,,", // second resolve: rejected
      "2024-01-01T12:00:00Z,incident_start,web,,,", // no id: rejected
      "2024-01-02T12:00:00Z,incident_start,web,i2,,d1", // explicit: d1 of api
      "2024-01-02T13:30:00Z,incident_resolved,web,i2,,",
      "2024-01-02T08:00:00Z,incident_start,web,i5,,", // 22.5 h after the line-5 deploy: its cause
      "2024-01-03T12:00:00Z,incident_start,api,i3,,", // 27 h after d2: no cause
      "2024-01-03T12:00:00Z,incident_resolved,,i9,,", // no start: rejected
      "2024-01-04T08:00:00Z,incident_start,,i4,,nope", // unknown deploy; service default
      "2024-01-08T08:00:00Z,deploy,web,d7,,",
    ].join("\n") + "\n",
  );
  try {
    const ours = ourFigures(path);
    const floor = floorMetrics(path).summary;
    assert.deepEqual(differences(ours, floor), []);
    // By hand: 4 deploys (d1, d2, the line-6 one, d7), 3 failed; i1 took 45 min, i2 90.
    assert.deepEqual(floor.change_failure_rate, { deploys: 4, failed_deploys: 3, rate: 0.75 });
    assert.deepEqual(floor.recovery, {
      incidents: 5,
      resolved: 2,
      unresolved: 3,
      mean_minutes: 67.5,
      median_minutes: 67.5,
    });
    assert.deepEqual(floor.lead_time, { changes: 2, median_minutes: 120 });
    assert.deepEqual(floor.events, { read: 21, used: 11, rejected: 10 });
    assert.deepEqual(floor.window, { start: "2024-01-01", end: "2024-01-08", days: 8 });
    assert.equal(floor.deployment_frequency.median_deploy_days_per_week, 1);
    assert.deepEqual(Object.keys(floor.by_service), ["api", "default", "web"]);
    assert.deepEqual(
      Object.values(floor.by_service).map((service) => [service.deploys, service.failed_deploys]),
      [[2, 2], [0, 0], [2, 1]],
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
