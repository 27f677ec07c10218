/**
 * Durations are measured to the microsecond (issue 10, "Timestamps"): recovery, lead time, the
 * attribution window and the rework intervals of instants that share a millisecond. Every number
 * below is worked out by hand from the instants in the CSV.
 */
import assert from "node:assert/strict";
import { csv, summarizeCsv } from "../helpers.ts";

const HEADER = "timestamp,type,id,service,commit_timestamp,deploy_id";

Deno.test("recovery from .000100 to .000900 is 800 µs in minutes, and so are its mean and median", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-02T10:00:00.000100Z,incident_start,i1,api,,",
    "2024-01-02T10:00:00.000900Z,incident_resolved,i1,api,,",
  ));
  // 800 µs / 60,000,000 µs per minute = 1/75,000 min = 0.0000133333…; as a double, 1.3333333333333333e-5.
  const minutes = 1.3333333333333333e-5;
  assert.equal(summary.incidents[0].recovery_minutes, minutes);
  assert.equal(summary.recovery.mean_minutes, minutes);
  assert.equal(summary.recovery.median_minutes, minutes);
  assert.equal(summary.by_service.api.recovery.median_minutes, minutes);
});

Deno.test("recovery of two starts at .0001 and .0009 is measured from .0001", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-02T10:00:00.0009Z,incident_start,i1,api,,",
    "2024-01-02T10:00:00.0001Z,incident_start,i1,api,,",
    "2024-01-02T10:00:01.0009Z,incident_resolved,i1,api,,",
  ));
  assert.deepEqual(summary.events.rejected.map((row) => [row.line, row.reason]), [
    [
      2,
      'incident_start: incident "i1" already started earlier, at line 3 (the earliest start is kept)',
    ],
  ]);
  // From 10:00:00.000100 to 10:00:01.000900: 1,000,800 µs = 0.01668 min.
  assert.equal(summary.incidents[0].recovery_minutes, 0.01668);
});

Deno.test("lead time from a commit 250 µs past the second is 59.99999583333334 minutes", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-02T10:00:00Z,deploy,d1,api,2024-01-02T09:00:00.000250Z,",
    // A commit 1 µs after its deploy is a negative lead time, rejected.
    "2024-01-02T11:00:00.000001Z,deploy,d2,api,2024-01-02T11:00:00.000002Z,",
  ));
  // 3,600,000,000 − 250 = 3,599,999,750 µs; / 60,000,000 = 59.9999958333…, as a double 59.99999583333334.
  assert.deepEqual(summary.lead_time, { changes: 1, median_minutes: 59.99999583333334 });
  assert.deepEqual(summary.events.rejected.map((row) => row.line), [3]);
  assert.match(summary.events.rejected[0].reason, /^commit_timestamp: after the deploy/);
});

Deno.test("an incident exactly 24 h after a deploy is attributed to it; 24 h and 1 µs after is not", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-01T10:00:00Z,deploy,d-api,api,,",
    "2024-01-01T10:00:00Z,deploy,d-web,web,,",
    "2024-01-02T10:00:00Z,incident_start,i-api,api,,",
    "2024-01-02T10:00:00.000001Z,incident_start,i-web,web,,",
  ));
  assert.deepEqual(summary.incidents.map((incident) => [incident.id, incident.caused_by]), [
    ["i-api", "d-api"],
    ["i-web", null],
  ]);
  assert.deepEqual(summary.change_failure_rate, { deploys: 2, failed_deploys: 1, rate: 0.5 });
});

Deno.test("a deploy at .0005 while an incident open from .0000 to .0009 is rework", () => {
  const summary = summarizeCsv(csv(
    HEADER,
    "2024-01-02T10:00:00Z,incident_start,i1,api,,",
    "2024-01-02T10:00:00.0005Z,deploy,d1,api,,",
    "2024-01-02T10:00:00.0009Z,incident_resolved,i1,api,,",
    "2024-01-02T10:00:00.0009Z,deploy,d2,api,,",
  ));
  // d2 shares the resolve's instant: the incident is closed by then, as at any one instant.
  assert.deepEqual(summary.rework_rate, { deploys: 2, rework_deploys: 1, rate: 0.5 });
});
