import assert from "node:assert/strict";
import { csv, summarizeCsv } from "../helpers.ts";

Deno.test("deploys while the service's incident is open are rework; the interval is [start, resolve)", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id,service",
    "2024-01-01T09:00:00Z,deploy,before,api",
    "2024-01-01T10:00:00Z,incident_start,i1,api",
    "2024-01-01T10:00:00Z,deploy,at-start,api",
    "2024-01-01T10:30:00Z,deploy,fix,api",
    "2024-01-01T10:30:00Z,deploy,other-service,web",
    "2024-01-01T11:00:00Z,incident_resolved,i1,api",
    "2024-01-01T11:00:00Z,deploy,at-resolve,api",
  ));
  // api: before, at-start (rework), fix (rework), at-resolve; web: other-service.
  assert.deepEqual(summary.rework_rate, { deploys: 5, rework_deploys: 2, rate: 0.4 });
  assert.deepEqual(summary.by_service.api.rework_rate, {
    deploys: 4,
    rework_deploys: 2,
    rate: 0.5,
  });
  assert.deepEqual(summary.by_service.web.rework_rate, { deploys: 1, rework_deploys: 0, rate: 0 });
});

Deno.test("overlapping and unresolved incidents keep the service open", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id,service",
    "2024-01-01T10:00:00Z,incident_start,a,api",
    "2024-01-01T10:10:00Z,incident_start,b,api",
    "2024-01-01T10:20:00Z,incident_resolved,a,api",
    "2024-01-01T10:25:00Z,deploy,while-b,api",
    "2024-01-01T10:40:00Z,incident_resolved,b,api",
    "2024-01-01T10:50:00Z,deploy,clear,api",
    "2024-01-01T12:00:00Z,incident_start,c,api",
    "2024-01-02T09:00:00Z,deploy,while-c-open,api",
  ));
  assert.deepEqual(summary.rework_rate, { deploys: 3, rework_deploys: 2, rate: 2 / 3 });
});

Deno.test("an incident opened before the window makes the window's first deploys rework", () => {
  const summary = summarizeCsv(
    csv(
      "timestamp,type,id,service",
      "2024-01-01T22:00:00Z,incident_start,i1,api",
      "2024-01-02T08:00:00Z,deploy,d1,api",
      "2024-01-02T09:00:00Z,incident_resolved,i1,api",
      "2024-01-02T10:00:00Z,deploy,d2,api",
    ),
    { start: "2024-01-02", end: "2024-01-02" },
  );
  assert.deepEqual(summary.rework_rate, { deploys: 2, rework_deploys: 1, rate: 0.5 });
});

Deno.test("no deploys: the rate is null", () => {
  const summary = summarizeCsv(csv("timestamp,type,id", "2024-01-01T10:00:00Z,incident_start,i1"));
  assert.deepEqual(summary.rework_rate, { deploys: 0, rework_deploys: 0, rate: null });
});
