/**
 * The JSON summary keeps instants to the microsecond (issue 10, "Timestamps"): an instant of whole
 * milliseconds reads as `toISOString` writes it, one with more reads with six fraction digits; the
 * window and the day buckets compare to the microsecond, in UTC and in other zones.
 */
import assert from "node:assert/strict";
import {
  type Analysis,
  type AnalysisOptions,
  analyzeRecords,
} from "../../lib/pipeline/analysis.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { writeSummaryJson } from "../../lib/pipeline/summary_json.ts";
import { analyzeCsv, csv } from "../helpers.ts";

const HEADER = "timestamp,type,id,service";

/** The `--json` text, written from the analysis' frames; it must read as the summary's records. */
async function jsonOf(analysis: Analysis): Promise<{ text: string; summary: Summary }> {
  const pieces: Uint8Array[] = [];
  await writeSummaryJson(summarize(analysis), (bytes) => pieces.push(bytes.slice()), { analysis });
  const text = pieces.map((piece) => new TextDecoder().decode(piece)).join("");
  assert.equal(text, JSON.stringify(summarize(analysis), null, 2) + "\n");
  return { text, summary: JSON.parse(text) };
}

function incidentTimes(summary: Summary): (string | number | null)[][] {
  return summary.incidents.map((incident) => [
    incident.id,
    incident.start,
    incident.resolved,
    incident.recovery_minutes,
  ]);
}

Deno.test("JSON instants: six fraction digits past the millisecond, toISOString's three otherwise", async () => {
  const { text, summary } = await jsonOf(analyzeCsv(csv(
    HEADER,
    "2024-01-02T10:00:00.000100Z,incident_start,i1,api",
    "2024-01-02T10:00:00.000900Z,incident_resolved,i1,api",
    "2024-01-02T03:04:05.006Z,incident_start,i0,api",
    "2024-01-02T03:04:05.006000Z,incident_resolved,i0,api",
  )));
  assert.deepEqual(incidentTimes(summary), [
    ["i0", "2024-01-02T03:04:05.006Z", "2024-01-02T03:04:05.006Z", 0],
    ["i1", "2024-01-02T10:00:00.000100Z", "2024-01-02T10:00:00.000900Z", 1.3333333333333333e-5],
  ]);
  assert.match(
    text,
    /"start": "2024-01-02T10:00:00.000100Z",\n\s+"resolved": "2024-01-02T10:00:00.000900Z"/,
  );
});

Deno.test("an instant with a space for T keeps its microseconds", async () => {
  const { summary } = await jsonOf(analyzeCsv(csv(
    HEADER,
    "2024-01-02 10:00:00.000100Z,incident_start,i1,api",
    "2024-01-02 11:00:00.000900+01:00,incident_resolved,i1,api",
  )));
  assert.deepEqual(summary.events.rejected, []);
  assert.deepEqual(incidentTimes(summary), [
    ["i1", "2024-01-02T10:00:00.000100Z", "2024-01-02T10:00:00.000900Z", 1.3333333333333333e-5],
  ]);
});

for (const [timeZone, offset] of [["UTC", "Z"], ["America/St_Johns", "-03:30"]]) {
  Deno.test(`${timeZone}: 23:59:59.999999 is on its day, and --end leaves out 1 µs after the window`, async () => {
    const options: AnalysisOptions = { timeZone, start: "2024-01-01", end: "2024-01-02" };
    const { summary } = await jsonOf(analyzeCsv(
      csv(
        HEADER,
        `2024-01-01T23:59:59.999999${offset},deploy,first,api`,
        `2024-01-01T23:59:59.999999${offset},incident_start,i1,api`,
        `2024-01-02T00:00:00.000001${offset},incident_resolved,i1,api`,
        `2024-01-02T23:59:59.999999${offset},deploy,last,api`,
        `2024-01-03T00:00:00.000001${offset},deploy,after,api`,
      ),
      options,
    ));
    assert.deepEqual(summary.deploys_per_day, [
      { date: "2024-01-01", deploys: 1 },
      { date: "2024-01-02", deploys: 1 },
    ]);
    assert.deepEqual([summary.events.used, summary.events.outside_window], [4, 1]);
    // The resolve goes with its incident: 2 µs, 2/60,000,000 min, as a double 3.3333333333333334e-8.
    const [start, resolved] = timeZone === "UTC"
      ? ["2024-01-01T23:59:59.999999Z", "2024-01-02T00:00:00.000001Z"]
      : ["2024-01-02T03:29:59.999999Z", "2024-01-02T03:30:00.000001Z"];
    assert.deepEqual(incidentTimes(summary), [["i1", start, resolved, 3.3333333333333334e-8]]);
  });
}

Deno.test("years past 9999 keep toISOString's form, with the microseconds after its milliseconds", async () => {
  const start = Date.parse("9999-12-30T23:00:00Z");
  // A double this large holds a millisecond to 1/32: 0.125 ms is exact.
  const resolved = Date.parse("+010000-01-01T00:00:00.000Z") + 0.125;
  const { summary } = await jsonOf(analyzeRecords([
    { timestamp: start, type: "incident_start", id: "i1" },
    { timestamp: resolved, type: "incident_resolved", id: "i1" },
  ], { start: "9999-12-30", end: "9999-12-30" }));
  // 25 hours and 125 µs: 90,000,000,125 µs / 60,000,000 = 1500.0000020833…, as a double
  // 1500.0000020833334.
  assert.deepEqual(incidentTimes(summary), [
    ["i1", "9999-12-30T23:00:00.000Z", "+010000-01-01T00:00:00.000125Z", 1500.0000020833334],
  ]);
});
