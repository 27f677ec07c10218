/**
 * Charts draw in JavaScript milliseconds on the report zone's wall clock: an instant to the
 * microsecond is rounded down to its millisecond, so the last microsecond of a day is drawn on
 * that day, while the minutes a mark stands for keep every microsecond.
 */
import assert from "node:assert/strict";
import { recoveryData } from "../../lib/charts/recovery_data.ts";
import { timelineData } from "../../lib/charts/timeline_data.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { analyzeCsv, csv } from "../helpers.ts";

for (const [timeZone, offset] of [["UTC", "Z"], ["America/St_Johns", "-03:30"]]) {
  Deno.test(`${timeZone}: marks at 23:59:59.999999 are drawn at 23:59:59.999 of their day`, () => {
    const analysis = analyzeCsv(
      csv(
        "timestamp,type,id,service",
        `2024-01-01T23:59:59.999999${offset},incident_start,i1,api`,
        `2024-01-02T00:00:00.000001${offset},incident_resolved,i1,api`,
        `2024-01-02T23:59:59.999999${offset},deploy,d1,api`,
        `2024-01-02T23:59:59.999999${offset},incident_start,i2,api`,
      ),
      { timeZone, start: "2024-01-01", end: "2024-01-02" },
    );
    const recovery = recoveryData(analysis, summarize(analysis).recovery);
    assert.equal(recovery.mode, "dots");
    if (recovery.mode !== "dots") return;
    // Resolved after 2 µs (2/60,000,000 min); open for the window's last 1 µs (1/60,000,000 min).
    assert.deepEqual(recovery.resolved.map((dot) => [dot.start.toISOString(), dot.minutes]), [
      ["2024-01-01T23:59:59.999Z", 3.3333333333333334e-8],
    ]);
    assert.deepEqual(recovery.open.map((dot) => [dot.start.toISOString(), dot.openMinutes]), [
      ["2024-01-02T23:59:59.999Z", 1.6666666666666667e-8],
    ]);

    const timeline = timelineData(analysis);
    assert.equal(timeline.mode, "marks");
    if (timeline.mode !== "marks") return;
    assert.deepEqual(timeline.deployTicks.map((tick) => tick.time.toISOString()), [
      "2024-01-02T23:59:59.999Z",
    ]);
    assert.deepEqual(
      timeline.incidentBars.map((bar) => [bar.start.toISOString(), bar.end.toISOString()]),
      [
        ["2024-01-01T23:59:59.999Z", "2024-01-02T00:00:00.000Z"],
        ["2024-01-02T23:59:59.999Z", "2024-01-03T00:00:00.000Z"],
      ],
    );
  });
}
