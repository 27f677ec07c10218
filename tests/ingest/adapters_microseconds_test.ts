/**
 * Vendors that give a start and a duration (PagerDuty's `seconds_to_resolve`) resolve exactly the
 * duration after the start, microseconds included: `Date` holds whole milliseconds, so the
 * adapters carry the digits past them.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { csv, tempFile, textRowsOf } from "../helpers.ts";

Deno.test("pagerduty CSV: created at .000750 plus 60 s resolves at .000750, one minute later", () => {
  const path = tempFile(csv(
    "id,incident_number,service_name,status,created_at,resolved_at,seconds_to_resolve",
    "PQ1,1,shop,resolved,2024-03-07T08:00:00.000750+01:00,,60",
    "PQ2,2,shop,resolved,2024-03-07T09:00:00.999999Z,,0.000002",
  ));
  const resolves = textRowsOf([path]).filter((row) => row.type === "incident_resolved");
  // 0.000002 s is 2 µs, which carry .999999 past the second.
  assert.deepEqual(resolves.map((row) => row.timestamp), [
    "2024-03-07T07:01:00.000750Z",
    "2024-03-07T09:00:01.000001Z",
  ]);
  const summary = summarize(analyze({ kind: "file", files: [path] }));
  // 60 s is 1 min; 2 µs is 2/60,000,000 min, as a double 3.3333333333333334e-8.
  assert.deepEqual(summary.incidents.map((incident) => incident.recovery_minutes), [
    1,
    3.3333333333333334e-8,
  ]);
});
