/**
 * Durations divided into minutes and hours are the quotients a person works out: polars divides
 * by a constant as a product with its inverse, which was one unit in the last place off (0.7 min
 * read 0.7000000000000001, and an outage of exactly one hour floored to 0 whole hours).
 */
import assert from "node:assert/strict";
import { analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { FOUR_KEYS } from "../../lib/metrics/definitions/fourkeys.ts";
import { leadTimes } from "../../lib/metrics/lead_time.ts";

const t = Date.UTC(2024, 0, 1, 10);
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

Deno.test("recovery minutes of 42 s, 1 min 42 s and 120 min 48 s are 0.7, 1.7 and 120.8", () => {
  const durations = [42 * second, 102 * second, 120 * minute + 48 * second];
  const analysis = analyzeRecords(durations.flatMap((duration, index) => [
    { timestamp: t + index * hour, type: "incident_start" as const, id: `i${index}` },
    { timestamp: t + index * hour + duration, type: "incident_resolved" as const, id: `i${index}` },
  ]));
  assert.deepEqual(analysis.incidents.getColumn("recovery_minutes").toArray(), [0.7, 1.7, 120.8]);
  const summary = summarize(analysis);
  assert.deepEqual(summary.incidents.map((incident) => incident.recovery_minutes), [
    0.7,
    1.7,
    120.8,
  ]);
  assert.equal(summary.recovery.median_minutes, 1.7);
});

Deno.test("Four Keys counts outages of exactly 1, 2 and 4 hours as 1, 2 and 4 whole hours", () => {
  const analysis = analyzeRecords([1, 2, 4].flatMap((hours, index) => [
    { timestamp: t + index * 10 * hour, type: "incident_start" as const, id: `i${index}` },
    {
      timestamp: t + index * 10 * hour + hours * hour,
      type: "incident_resolved" as const,
      id: `i${index}`,
    },
  ]));
  const scored = FOUR_KEYS.score({ ...analysis, allDeploys: analysis.deploys });
  // The median of 1, 2 and 4 whole hours is 2 hours.
  assert.equal(scored.recovery_minutes, 120);
  assert.equal(scored.recovery_incidents, 3);
});

Deno.test("lead times of 42 s, 1 min 42 s and 120 min 48 s are 0.7, 1.7 and 120.8 minutes", () => {
  const durations = [42 * second, 102 * second, 120 * minute + 48 * second];
  const analysis = analyzeRecords(durations.map((duration, index) => ({
    timestamp: t + index * hour,
    type: "deploy" as const,
    id: `d${index}`,
    commit_timestamp: t + index * hour - duration,
  })));
  assert.deepEqual(leadTimes(analysis.deploys).getColumn("lead_minutes").toArray(), [
    0.7,
    1.7,
    120.8,
  ]);
});
