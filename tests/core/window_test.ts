import assert from "node:assert/strict";
import { daysBetween, utcMidnightOf } from "../../lib/core/calendar.ts";
import { MAX_WINDOW_DAYS } from "../../lib/core/calendar.ts";
import { fixedWindow, windowForEvents } from "../../lib/core/window.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { analyzeCsv, csv, fixture, summarizeCsv } from "../helpers.ts";

const EVENTS = csv(
  "timestamp,type,id",
  "2024-01-01T09:00:00Z,deploy,d0", // before the window
  "2024-01-01T23:00:00Z,incident_start,early", // starts before the window...
  "2024-01-02T01:00:00Z,incident_resolved,early", // ...so its resolve goes with it
  "2024-01-02T09:00:00Z,deploy,d1",
  "2024-01-03T22:00:00Z,incident_start,late", // starts inside the window...
  "2024-01-04T02:00:00Z,incident_resolved,late", // ...and is resolved after it: still resolved
  "2024-01-04T09:00:00Z,deploy,d2", // after the window
  "nonsense,deploy,bad",
);

Deno.test("an explicit window counts the events outside it, and uses none of them", () => {
  const summary = summarizeCsv(EVENTS, { start: "2024-01-02", end: "2024-01-03" });
  assert.deepEqual(summary.window, {
    start: "2024-01-02",
    end: "2024-01-03",
    days: 2,
    timezone: "UTC",
  });
  assert.deepEqual(summary.events.read, 8);
  assert.deepEqual(summary.events.used, 3);
  assert.deepEqual(summary.events.outside_window, 4);
  assert.equal(summary.events.rejected.length, 1);
  assert.equal(
    summary.events.read,
    summary.events.used + summary.events.outside_window + summary.events.rejected.length,
  );
  assert.deepEqual(summary.deploys_per_day, [{ date: "2024-01-02", deploys: 1 }, {
    date: "2024-01-03",
    deploys: 0,
  }]);
  assert.deepEqual(summary.incidents.map((i) => [i.id, i.recovery_minutes]), [["late", 240]]);
});

Deno.test("without bounds the window runs from the first event's day to the last one's", () => {
  const summary = summarizeCsv(EVENTS);
  assert.deepEqual(summary.window, {
    start: "2024-01-01",
    end: "2024-01-04",
    days: 4,
    timezone: "UTC",
  });
  assert.equal(summary.events.outside_window, 0);
  assert.equal(summary.events.used, 7);
});

Deno.test("the report zone moves the window's days", () => {
  // 20:00Z on Dec 31st is 05:00 on Jan 1st in Tokyo (UTC+9); 16:00Z on Jan 1st is 01:00 on the 2nd.
  const text = csv("timestamp,type", "2023-12-31T20:00:00Z,deploy", "2024-01-01T16:00:00Z,deploy");
  assert.deepEqual(summarizeCsv(text).window, {
    start: "2023-12-31",
    end: "2024-01-01",
    days: 2,
    timezone: "UTC",
  });
  const tokyo = summarizeCsv(text, { timeZone: "Asia/Tokyo" });
  assert.deepEqual(tokyo.window, {
    start: "2024-01-01",
    end: "2024-01-02",
    days: 2,
    timezone: "Asia/Tokyo",
  });
  assert.deepEqual(tokyo.deploys_per_day.map((d) => d.deploys), [1, 1]);
});

Deno.test("days counts the window from the start or the first event's day", () => {
  assert.equal(summarizeCsv(EVENTS, { days: 2 }).window.end, "2024-01-02");
  assert.equal(summarizeCsv(EVENTS, { start: "2024-01-03", days: 5 }).window.end, "2024-01-07");
});

Deno.test("no events and no bounds gives no window", () => {
  const analysis = analyzeCsv(csv("timestamp,type", "2024-01-01T09:00:00Z,deploy"));
  assert.equal(windowForEvents(analysis.used.head(0), { timeZone: "UTC" }), null);
  assert.equal(
    windowForEvents(analysis.used.head(0), {
      timeZone: "UTC",
      start: "2024-01-01",
      end: "2024-01-02",
    })?.days,
    2,
  );
  assert.equal(fixedWindow("2024-01-01", 14, { timeZone: "UTC" }).end, "2024-01-14");
});

Deno.test("a window taken from the data is bounded like --days, naming the span", () => {
  // A spreadsheet row typed as 0202 instead of 2024: 665 474 days of calendar otherwise.
  const file = fixture("shapes/year-typo.csv");
  assert.throws(
    () => analyze({ kind: "file", files: [file] }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message ===
        "the events run from 0202-03-05 to 2024-03-05, 665474 days; a window is at most " +
          `${MAX_WINDOW_DAYS} days: choose one with --start and --end`,
  );
  const pinned = summarize(analyze({ kind: "file", files: [file] }, { start: "2024-03-04" }));
  assert.deepEqual([pinned.window.end, pinned.events.used, pinned.events.outside_window], [
    "2024-03-05",
    3,
    1,
  ]);
  assert.throws(
    () => summarizeCsv(EVENTS, { start: "2000-01-01", end: "2024-01-01" }),
    /^RangeError: the window from 2000-01-01 to 2024-01-01 is 8767 days; a window is at most 3660/,
  );
  assert.equal(summarizeCsv(EVENTS, { start: "2014-01-06", end: "2024-01-04" }).window.days, 3651);
});

Deno.test("dates before the year 100 are the years they say", () => {
  assert.equal(utcMidnightOf("0001-01-01"), Date.parse("0001-01-01T00:00:00Z"));
  assert.equal(daysBetween("0099-12-31", "0100-01-01"), 1);
});

Deno.test("a window may end on 9999-12-31, and a zone that carries an event into 10000 is named", () => {
  const last = csv(
    "timestamp,type,id",
    "9999-12-31T10:00:00Z,deploy,d1",
    "9999-12-31T11:00:00Z,incident_start,i1",
    "9999-12-31T12:00:00Z,incident_resolved,i1",
  );
  const summary = summarizeCsv(last);
  assert.deepEqual([summary.window.end, summary.deploys_per_day], ["9999-12-31", [
    { date: "9999-12-31", deploys: 1 },
  ]]);
  assert.equal(summary.recovery.mean_minutes, 60);
  // Chatham is 13 h 45 min ahead in its summer: 11:00 UTC is 00:45 on 10000-01-01 there.
  assert.throws(
    () => summarizeCsv(last, { timeZone: "Pacific/Chatham" }),
    (error: Error) =>
      error instanceof RangeError &&
      error.message === "an event falls on +010000-01-01, outside the years 0000 to 9999",
  );
});
