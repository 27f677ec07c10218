import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { csv, summarizeCsv, tempFile } from "../helpers.ts";

function rejectedByLine(text: string) {
  const summary = summarizeCsv(text);
  return {
    summary,
    reasons: Object.fromEntries(summary.events.rejected.map((r) => [r.line, r.reason])),
  };
}

Deno.test("an exact duplicate is rejected, even when written with another offset", () => {
  const { summary, reasons } = rejectedByLine(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00Z,incident_start,i1",
    "2024-01-01T11:00:00+01:00,incident_start,i1",
    "2024-01-01T10:00:00Z,deploy,d1",
    "2024-01-01T10:00:00Z,deploy,d1",
  ));
  assert.equal(reasons[3], "duplicate: same type, id and timestamp as line 2");
  assert.equal(reasons[5], "duplicate: same type, id and timestamp as line 4");
  assert.equal(summary.events.used, 2);
});

Deno.test("deploys without ids are duplicates only within one service", () => {
  const { summary, reasons } = rejectedByLine(csv(
    "timestamp,type,service",
    "2024-01-01T10:00:00Z,deploy,api",
    "2024-01-01T10:00:00Z,deploy,api",
    "2024-01-01T10:00:00Z,deploy,web",
  ));
  assert.deepEqual(Object.keys(reasons), ["3"]);
  assert.equal(summary.deployment_frequency.deploys, 2);
});

Deno.test("a later start for the same incident is rejected and the earliest kept, whatever the file order", () => {
  const { summary, reasons } = rejectedByLine(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00Z,incident_start,i1",
    "2024-01-01T09:00:00Z,incident_start,i1",
    "2024-01-01T09:30:00Z,incident_resolved,i1",
  ));
  assert.match(reasons[2], /^incident_start: incident "i1" already started earlier, at line 3/);
  assert.deepEqual(summary.incidents.map((i) => [i.start, i.recovery_minutes]), [[
    "2024-01-01T09:00:00.000Z",
    30,
  ]]);
});

Deno.test("resolves that cannot close an incident are rejected", () => {
  const { summary, reasons } = rejectedByLine(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00Z,incident_start,i1",
    "2024-01-01T09:59:59Z,incident_resolved,i1",
    "2024-01-01T11:00:00Z,incident_resolved,i1",
    "2024-01-01T10:30:00Z,incident_resolved,i1",
    "2024-01-01T12:00:00Z,incident_resolved,ghost",
  ));
  assert.match(reasons[3], /^incident_resolved: before the start of incident "i1" \(line 2\)/);
  assert.match(reasons[4], /^incident_resolved: incident "i1" was already resolved at line 5/);
  assert.equal(reasons[6], 'incident_resolved: no incident_start for id "ghost"');
  assert.equal(reasons[5], undefined);
  assert.deepEqual(summary.incidents.map((i) => i.recovery_minutes), [30]);
  assert.equal(summary.events.read, summary.events.used + summary.events.rejected.length);
});

Deno.test("a resolve at the very instant of its start closes it with zero recovery", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00Z,incident_resolved,i1",
    "2024-01-01T10:00:00Z,incident_start,i1",
  ));
  assert.deepEqual(summary.events.rejected, []);
  assert.deepEqual(summary.incidents.map((i) => i.recovery_minutes), [0]);
});

Deno.test("out-of-order rows give the same result as sorted rows", () => {
  const rows = [
    "2024-01-01T10:00:00Z,deploy,d1",
    "2024-01-01T10:05:00Z,incident_start,i1",
    "2024-01-01T10:50:00Z,incident_resolved,i1",
    "2024-01-02T09:00:00Z,deploy,d2",
  ];
  const sorted = summarizeCsv(csv("timestamp,type,id", ...rows));
  const shuffled = summarizeCsv(csv("timestamp,type,id", rows[3], rows[2], rows[0], rows[1]));
  assert.deepEqual(shuffled.incidents, sorted.incidents);
  assert.deepEqual(shuffled.deploys_per_day, sorted.deploys_per_day);
  assert.deepEqual(shuffled.recovery, sorted.recovery);
  assert.deepEqual(shuffled.events.rejected, []);
});

Deno.test("duplicates across files name the other file", () => {
  const first = tempFile(csv("timestamp,type,id", "2024-01-01T10:00:00Z,deploy,d1"));
  const second = tempFile(csv("timestamp,type,id", "2024-01-01T10:00:00Z,deploy,d1"));
  const rejected = analyze({ kind: "file", files: [first, second] }).rejected.toRecords();
  assert.deepEqual(rejected, [
    {
      file: second,
      line: 2,
      reason: `duplicate: same type, id and timestamp as line 2 of ${first}`,
    },
  ]);
});

Deno.test("instants a fraction of a millisecond apart are two instants, not a duplicate", () => {
  const { summary, reasons } = rejectedByLine(csv(
    "timestamp,type,id",
    "2024-01-01T10:00:00.0009Z,incident_start,i1",
    "2024-01-01T10:00:00.0001Z,incident_start,i1",
    "2024-01-01T10:00:00.000100Z,incident_start,i1",
    "2024-01-01T10:30:00Z,incident_resolved,i1",
  ));
  // The earliest start is kept; the later one is a later start, the repeat a duplicate.
  assert.match(reasons[2], /^incident_start: incident "i1" already started earlier, at line 3/);
  assert.equal(reasons[4], "duplicate: same type, id and timestamp as line 3");
  assert.equal(summary.events.used, 2);
});
