import assert from "node:assert/strict";
import { deploysPerDay } from "../../lib/metrics/deploys_per_day.ts";
import { analyzeCsv, csv, summarizeCsv } from "../helpers.ts";

function counts(text: string, options = {}) {
  return summarizeCsv(text, options).deploys_per_day.map((d) => `${d.date}:${d.deploys}`);
}

Deno.test("every day of the window has a row, with 0 on days without a deploy", () => {
  const text = csv(
    "timestamp,type",
    "2024-01-01T09:00:00Z,deploy",
    "2024-01-01T17:00:00Z,deploy",
    "2024-01-03T12:00:00Z,deploy",
  );
  assert.deepEqual(counts(text, { end: "2024-01-05" }), [
    "2024-01-01:2",
    "2024-01-02:0",
    "2024-01-03:1",
    "2024-01-04:0",
    "2024-01-05:0",
  ]);
});

Deno.test("a window with no deploys at all is all zeros", () => {
  const text = csv("timestamp,type,id", "2024-01-02T09:00:00Z,incident_start,i1");
  assert.deepEqual(counts(text, { start: "2024-01-01", end: "2024-01-03" }), [
    "2024-01-01:0",
    "2024-01-02:0",
    "2024-01-03:0",
  ]);
});

Deno.test("days are calendar days of the report zone", () => {
  const text = csv("timestamp,type", "2024-01-01T22:30:00Z,deploy", "2024-01-01T23:30:00Z,deploy");
  assert.deepEqual(counts(text), ["2024-01-01:2"]);
  // 23:30Z is 00:30 on the 2nd in Berlin (UTC+1 in winter); 22:30Z is 23:30 on the 1st.
  assert.deepEqual(counts(text, { timeZone: "Europe/Berlin" }), ["2024-01-01:1", "2024-01-02:1"]);
  // Chatham (+13:45) moves both into the 2nd.
  assert.deepEqual(counts(text, { timeZone: "Pacific/Chatham" }), ["2024-01-02:2"]);
});

Deno.test("a DST day in the report zone is one day: 23 hours in spring, 25 in autumn", () => {
  const spring = csv(
    "timestamp,type",
    "2024-03-30T23:00:00Z,deploy", // 00:00 CET on the 31st: first instant of the short day
    "2024-03-31T21:59:59Z,deploy", // 23:59:59 CEST on the 31st: its last second
    "2024-03-31T22:00:00Z,deploy", // 00:00 CEST on April 1st
  );
  assert.deepEqual(counts(spring, { timeZone: "Europe/Berlin" }), ["2024-03-31:2", "2024-04-01:1"]);
  const autumn = csv(
    "timestamp,type",
    "2024-10-26T22:00:00Z,deploy", // 00:00 CEST on the 27th
    "2024-10-27T00:30:00Z,deploy", // 02:30 CEST, before the clocks go back
    "2024-10-27T01:30:00Z,deploy", // 02:30 CET, the repeated hour
    "2024-10-27T22:59:59Z,deploy", // 23:59:59 CET, the 25th hour's end
  );
  assert.deepEqual(counts(autumn, { timeZone: "Europe/Berlin" }), ["2024-10-27:4"]);
  const summary = summarizeCsv(autumn, { timeZone: "Europe/Berlin" });
  assert.equal(summary.window.days, 1);
  assert.equal(summary.deployment_frequency.per_day, 4);
});

Deno.test("per service, every service gets every day", () => {
  const analysis = analyzeCsv(csv(
    "timestamp,type,id,service",
    "2024-01-01T09:00:00Z,deploy,d1,api",
    "2024-01-02T09:00:00Z,deploy,d2,web",
    "2024-01-02T10:00:00Z,deploy,d3,web",
  ));
  const rows = deploysPerDay(analysis.deploys, analysis.window, { by: ["service"] }).select(
    "service",
    "date",
    "deploys",
  )
    .toRecords();
  assert.deepEqual(rows, [
    { service: "api", date: "2024-01-01", deploys: 1 },
    { service: "api", date: "2024-01-02", deploys: 0 },
    { service: "web", date: "2024-01-01", deploys: 0 },
    { service: "web", date: "2024-01-02", deploys: 2 },
  ]);
});
