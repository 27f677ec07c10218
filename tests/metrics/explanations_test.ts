/**
 * Every incident's story on the issue-12 input, by hand: an explicit link across services, two
 * inferred causes, an outage with no deploy behind it; and the stories of causes that are too
 * old, switched off, or name a deploy outside the data or the window.
 */
import assert from "node:assert/strict";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { explainIncidents } from "../../lib/metrics/explanations.ts";
import { elapsedText } from "../../lib/metrics/story_text.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { csv, fixture, summarizeCsv } from "../helpers.ts";

const ISSUE_FILE = fixture("definitions/one_unrelated_outage.csv");

function stories(text: string, options = {}) {
  const summary = summarizeCsv(text, options);
  return Object.fromEntries(
    summary.incidents.map((incident) => [incident.id, incident.explanation]),
  );
}

Deno.test("each incident of the issue's input says why it counts the way it does", () => {
  const summary = summarize(analyze({ kind: "file", files: [ISSUE_FILE] }));
  const byId = Object.fromEntries(summary.incidents.map((incident) => [incident.id, incident]));
  assert.equal(
    byId.i4.explanation,
    "Caused by d1: its deploy_id names that deploy (an explicit link, used as given, across " +
      "services); d1 is a deploy of api, 3 h before the start. It counts toward the change " +
      "failure rate (d1 failed); still open, it is in no recovery median yet.",
  );
  assert.equal(
    byId.i1.explanation,
    "Caused by d3: no deploy_id, so the latest deploy of service api at or before the start is " +
      "taken: d3, 15 h 20 min before the start, within the 24 h attribution window. It counts " +
      "toward the change failure rate (d3 failed), and with 40 min toward both failed " +
      "deployment recovery time and time to restore.",
  );
  assert.match(byId.i2.explanation, /^Caused by d3: .* d3, 16 h 40 min before the start, within/);
  assert.match(byId.i2.explanation, /with 6 h toward both/);
  assert.equal(
    byId.i3.explanation,
    "No cause: no deploy_id, and no deploy of service db at or before the start. It counts " +
      "toward time to restore (20 min) only, not toward failed deployment recovery time or the " +
      "change failure rate.",
  );
});

Deno.test("a cause too old, inference off, a link to an unknown deploy", () => {
  const text = Deno.readTextFileSync(ISSUE_FILE);
  assert.match(
    stories(text, { attributionWindowMs: 10 * 3_600_000 }).i1,
    /^No cause: no deploy_id, and the latest deploy of service api, d3, was 15 h 20 min before the start, outside the 10 h attribution window\./,
  );
  const off = stories(text, { attributionWindowMs: null });
  assert.match(
    off.i1,
    /^No cause: no deploy_id, and inference is off \(--attribution-window none\)\./,
  );
  // An explicit link needs no inference.
  assert.match(off.i4, /^Caused by d1: its deploy_id names that deploy/);
  const unknown = stories(csv(
    "timestamp,type,id,service,deploy_id",
    "2024-01-01T10:00:00Z,incident_start,i9,api,d-gone",
  ));
  assert.equal(
    unknown.i9,
    "Caused by d-gone: its deploy_id names that deploy (an explicit link, used as given), " +
      "though no deploy d-gone was read. d-gone is not a deploy of the window, so the change " +
      "failure rate does not count it; still open, it is in no recovery median yet.",
  );
});

Deno.test("a cause before the window counts toward recovery but not toward the change failure rate", () => {
  const text = csv(
    "timestamp,type,id,service,deploy_id",
    "2024-01-01T23:30:00Z,deploy,d0,api,",
    "2024-01-02T00:30:00Z,incident_start,i1,api,",
    "2024-01-02T01:00:00Z,incident_resolved,i1,,",
  );
  const { i1 } = stories(text, { start: "2024-01-02" });
  assert.equal(
    i1,
    "Caused by d0: no deploy_id, so the latest deploy of service api at or before the start is " +
      "taken: d0, 1 h before the start, within the 24 h attribution window. d0 is not a deploy " +
      "of the window, so the change failure rate does not count it, and with 30 min toward " +
      "both failed deployment recovery time and time to restore.",
  );
});

Deno.test("a deploy at the very instant of the start, and a link to a later deploy", () => {
  const text = csv(
    "timestamp,type,id,service,deploy_id",
    "2024-01-01T10:00:00Z,deploy,d1,api,",
    "2024-01-01T10:00:00Z,incident_start,i1,api,",
    "2024-01-01T11:00:00Z,incident_start,i2,web,d2",
    "2024-01-01T12:30:00Z,deploy,d2,web,",
  );
  const { i1, i2 } = stories(text);
  assert.match(i1, /taken: d1, at the start, within the 24 h attribution window/);
  assert.match(i2, /d2 is a deploy of web, 1 h 30 min after the start\./);
});

Deno.test("gaps are written as elapsedText writes them, seconds and days included", () => {
  const text = csv(
    "timestamp,type,id,service,deploy_id",
    // 0.5 s before its incident: under a second is "0 s", not "at the start".
    "2024-01-01T10:00:00.000Z,deploy,d1,api,",
    "2024-01-01T10:00:00.500Z,incident_start,i1,api,",
    // 59.999 s before: still seconds.
    "2024-01-01T11:00:00.001Z,deploy,d2,web,",
    "2024-01-01T11:01:00.000Z,incident_start,i2,web,",
    // A link to a deploy 0.25 s after the start, and one 2 d 3 h 59 min after.
    "2024-01-01T12:00:00.000Z,incident_start,i3,db,d4",
    "2024-01-01T12:00:00.250Z,deploy,d4,db,",
    "2024-01-01T13:00:00.000Z,incident_start,i4,db,d5",
    "2024-01-03T16:59:59.999Z,deploy,d5,db,",
    // The latest deploy of ops, 2 d 1 h before: outside the window, minutes dropped at days.
    "2023-12-30T09:01:00.000Z,deploy,d6,ops,",
    "2024-01-01T10:01:59.999Z,incident_start,i5,ops,",
  );
  const story = stories(text, { attributionWindowMs: 30 * 3_600_000 });
  assert.match(story.i1, /taken: d1, 0 s before the start, within the 30 h attribution window\./);
  assert.match(story.i2, /taken: d2, 59 s before the start, within/);
  assert.match(story.i3, /d4 is a deploy of db, 0 s after the start\./);
  assert.match(story.i4, /d5 is a deploy of db, 2 d 3 h after the start\./);
  assert.match(
    story.i5,
    /^No cause: no deploy_id, and the latest deploy of service ops, d6, was 2 d 1 h before the start, outside the 30 h attribution window\./,
  );
});

Deno.test("hostile ids and services go into the stories as they are", () => {
  const service = 'a"b\\c\u2028\u202e😀';
  const cell = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const summary = summarizeCsv(csv(
    "timestamp,type,id,service,deploy_id",
    `2024-01-01T10:00:00Z,deploy,${cell('d"1')},${cell(service)},`,
    `2024-01-01T10:30:00Z,incident_start,i1,${cell(service)},`,
  ));
  assert.equal(summary.incidents[0].service, service);
  assert.equal(
    summary.incidents[0].explanation,
    `Caused by d"1: no deploy_id, so the latest deploy of service ${service} at or before the ` +
      `start is taken: d"1, 30 min before the start, within the 24 h attribution window. It ` +
      `counts toward the change failure rate (d"1 failed); still open, it is in no recovery ` +
      `median yet.`,
  );
});

Deno.test("whole hours, minutes and seconds read whole, however many incidents there are", () => {
  // Exact multiples are where a rounding down that divides in floats can lose a whole step:
  // polars divides a column by a number as a product with the number's inverse.
  const gaps = Array.from(
    { length: 200 },
    (_, i) => [3_600_000, 60_000, 1000][i % 3] * (1 + Math.floor(i / 3)),
  );
  const t = Date.UTC(2024, 0, 1);
  const records: EventRecord[] = gaps.flatMap((gap, i): EventRecord[] => [
    { timestamp: t, type: "deploy", id: `d${i}`, service: `s${i}` },
    { timestamp: t + gap, type: "incident_start", id: `i${i}`, service: `s${i}` },
  ]);
  const analysis = analyzeRecords(records, { attributionWindowMs: 100 * 3_600_000 });
  const stories = explainIncidents(analysis.incidents, analysis);
  const ids = analysis.incidents.getColumn("id").toArray() as string[];
  for (const [row, id] of ids.entries()) {
    const gap = gaps[Number(id.slice(1))];
    assert.ok(
      stories[row].includes(`taken: d${id.slice(1)}, ${elapsedText(gap)} before the start,`),
      `${gap} ms: ${stories[row]}`,
    );
  }
});
