/**
 * The report's incident table builds only the rows it shows, from the deploys their stories can
 * name; it must read exactly as the summary's records (built over every deploy) would.
 */
import assert from "node:assert/strict";
import { analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { incidentsSection } from "../../lib/report/incidents_section.ts";

const at = (iso: string) => Date.parse(iso);
const deploy = (iso: string, id: string, service: string) => ({
  timestamp: at(iso),
  type: "deploy" as const,
  id,
  service,
});
const start = (iso: string, id: string, service: string, deploy_id?: string) => ({
  timestamp: at(iso),
  type: "incident_start" as const,
  id,
  service,
  deploy_id,
});
const resolve = (iso: string, id: string) => ({
  timestamp: at(iso),
  type: "incident_resolved" as const,
  id,
});

// The first five incidents (by start) are shown. Their stories need deploys before the window
// (d0, d-db), a deploy after the last shown start that an incident names (d9, of another
// service, whose id repeats later), and a deploy the window holds (d5).
const events = [
  deploy("2024-01-01T00:00:00Z", "d-db", "db"),
  deploy("2024-01-01T16:00:00Z", "d0", "api"),
  deploy("2024-01-02T08:30:00Z", "d5", "web"),
  start("2024-01-02T08:00:00Z", "i1", "api"),
  resolve("2024-01-02T08:40:00Z", "i1"),
  start("2024-01-02T09:00:00Z", "i2", "web", "d9"),
  start("2024-01-02T09:30:00Z", "i5", "web"),
  resolve("2024-01-02T12:00:00Z", "i5"),
  start("2024-01-02T10:00:00Z", "i3", "db", "ghost"),
  start("2024-01-02T11:00:00Z", "i6", "db"),
  resolve("2024-01-02T11:05:00Z", "i6"),
  deploy("2024-01-03T09:00:00Z", "d9", "api"),
  start("2024-01-03T12:00:00Z", "i4", "api"),
  deploy("2024-01-04T09:00:00Z", "d9", "web"),
  start("2024-01-04T10:00:00Z", "i7", "db"),
];
const analysis = analyzeRecords(events, {
  start: "2024-01-02",
  end: "2024-01-04",
  timeZone: "Europe/Berlin",
});
const summary = summarize(analysis);

Deno.test("the incident table of the first rows reads as the summary's records do", () => {
  const shown = incidentsSection(summary, { analysis, rowsShown: 5 }).body.html;
  assert.equal(shown, incidentsSection(summary, { rowsShown: 5 }).body.html);
  assert.ok(shown.includes("The first 5 of 7 incidents"));
  const rows = shown.split("<tr>").slice(2).map((row) => row.match(/<td[^>]*>([^<]*)<\/td>/)?.[1]);
  assert.deepEqual(rows, ["i1", "i2", "i5", "i3", "i6"]);
  // i2 names d9, a deploy of api a day after the last shown start: its first deploy, in the window.
  assert.ok(shown.includes("d9 is a deploy of api, 24 h after the start."));
  assert.ok(shown.includes("It counts toward the change failure rate (d9 failed)"));
  // i1's cause d0 is a deploy before the window; i6's latest db deploy is outside 24 h.
  assert.ok(shown.includes("d0 is not a deploy of the window"));
  assert.ok(shown.includes("the latest deploy of service db, d-db, was 35 h before the start"));
  assert.ok(shown.includes("though no deploy ghost was read"));
  assert.ok(shown.includes("Caused by d5: no deploy_id"));
  // Start times are on the report zone's clock.
  assert.ok(shown.includes('<td class="text">2024-01-02 09:00</td>'));
});

Deno.test("every row, and none, read the same both ways, with deploys before the window or not", () => {
  // From 2024-01-01 every deploy is in the window: allDeploys is the window's deploys.
  const whole = analyzeRecords(events, { start: "2024-01-01", end: "2024-01-04" });
  assert.equal(whole.allDeploys, whole.deploys);
  for (const [universe, itsSummary] of [[analysis, summary], [whole, summarize(whole)]] as const) {
    for (const rowsShown of [0, 1, 3, 7, 200]) {
      assert.equal(
        incidentsSection(itsSummary, { analysis: universe, rowsShown }).body.html,
        incidentsSection(itsSummary, { rowsShown }).body.html,
      );
    }
  }
});
