import assert from "node:assert/strict";
import { csv, summarizeCsv } from "../helpers.ts";

const OVERLAPPING = csv(
  "timestamp,type,id,service",
  "2024-01-01T10:00:00Z,incident_start,A,api",
  "2024-01-01T10:10:00Z,incident_start,B,api",
  "2024-01-01T10:20:00Z,incident_start,D,web",
  "2024-01-01T10:30:00Z,incident_resolved,A,api",
  "2024-01-01T10:35:00Z,incident_resolved,D,web",
  "2024-01-01T11:40:00Z,incident_resolved,B,api",
  "2024-01-01T09:00:00Z,incident_start,E,web",
  "2024-01-01T09:45:00Z,incident_resolved,E,web",
  "2024-01-01T12:00:00Z,incident_start,C,web",
);

Deno.test("overlapping incidents each count; an unresolved one is counted but not averaged", () => {
  const summary = summarizeCsv(OVERLAPPING);
  // Resolved: E 45, A 30, B 90, D 15 minutes. Mean 180/4 = 45; median (30 + 45) / 2 = 37.5.
  assert.deepEqual(summary.recovery, {
    incidents: 5,
    resolved: 4,
    unresolved: 1,
    mean_minutes: 45,
    median_minutes: 37.5,
  });
  assert.deepEqual(
    summary.incidents.map((i) => [i.id, i.recovery_minutes, i.resolved]),
    [
      ["E", 45, "2024-01-01T09:45:00.000Z"],
      ["A", 30, "2024-01-01T10:30:00.000Z"],
      ["B", 90, "2024-01-01T11:40:00.000Z"],
      ["D", 15, "2024-01-01T10:35:00.000Z"],
      ["C", null, null],
    ],
  );
});

Deno.test("recovery per service", () => {
  const { by_service } = summarizeCsv(OVERLAPPING);
  assert.deepEqual(by_service.api.recovery, {
    incidents: 2,
    resolved: 2,
    unresolved: 0,
    mean_minutes: 60,
    median_minutes: 60,
  });
  assert.deepEqual(by_service.web.recovery, {
    incidents: 3,
    resolved: 2,
    unresolved: 1,
    mean_minutes: 30,
    median_minutes: 30,
  });
});

Deno.test("recovery minutes are not rounded", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00Z,incident_start,i1",
    "2024-01-01T10:01:30.500Z,incident_resolved,i1",
  ));
  assert.equal(summary.incidents[0].recovery_minutes, 90.5 / 60);
});

Deno.test("no resolved incidents: mean and median are null, not NaN or 0", () => {
  const open = summarizeCsv(csv("timestamp,type,id", "2024-01-01T10:00:00Z,incident_start,i1"));
  assert.deepEqual(open.recovery, {
    incidents: 1,
    resolved: 0,
    unresolved: 1,
    mean_minutes: null,
    median_minutes: null,
  });
  const none = summarizeCsv(csv("timestamp,type", "2024-01-01T10:00:00Z,deploy"));
  assert.deepEqual(none.recovery, {
    incidents: 0,
    resolved: 0,
    unresolved: 0,
    mean_minutes: null,
    median_minutes: null,
  });
  assert.deepEqual(none.incidents, []);
});
