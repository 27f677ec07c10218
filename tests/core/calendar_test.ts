import assert from "node:assert/strict";
import {
  addDays,
  buildCalendar,
  checkTimeZone,
  isoWeekStartOf,
  localDateOf,
  localDateTimeOf,
  startOfLocalDay,
  utcMidnightOf,
} from "../../lib/core/calendar.ts";
import { at } from "../helpers.ts";

const HOUR = 3_600_000;

Deno.test("UTC days are 24 hours from midnight", () => {
  const days = buildCalendar("2024-01-01", "2024-01-03", { timeZone: "UTC" });
  assert.deepEqual(days.map((d) => d.date), ["2024-01-01", "2024-01-02", "2024-01-03"]);
  assert.equal(days[0].startMs, at("2024-01-01T00:00:00Z"));
  assert.equal(days[2].endMs, at("2024-01-04T00:00:00Z"));
  assert.deepEqual(days.map((d) => d.isoWeekday), [1, 2, 3]);
});

Deno.test("Berlin spring-forward day is one 23-hour day", () => {
  const [saturday, sunday, monday] = buildCalendar("2024-03-30", "2024-04-01", {
    timeZone: "Europe/Berlin",
  });
  assert.equal(saturday.startMs, at("2024-03-29T23:00:00Z"));
  assert.equal(sunday.startMs, at("2024-03-30T23:00:00Z"));
  assert.equal(sunday.endMs - sunday.startMs, 23 * HOUR);
  assert.equal(monday.startMs, at("2024-03-31T22:00:00Z"));
});

Deno.test("Berlin fall-back day is one 25-hour day", () => {
  const [day] = buildCalendar("2024-10-27", "2024-10-27", { timeZone: "Europe/Berlin" });
  assert.equal(day.startMs, at("2024-10-26T22:00:00Z"));
  assert.equal(day.endMs, at("2024-10-27T23:00:00Z"));
});

Deno.test("a day whose midnight is skipped starts when the clocks jump", () => {
  // São Paulo sprang forward at 00:00 on 2018-11-04, straight to 01:00 (-02:00).
  assert.equal(startOfLocalDay("2018-11-04", "America/Sao_Paulo"), at("2018-11-04T03:00:00Z"));
  const [before, gapDay] = buildCalendar("2018-11-03", "2018-11-04", {
    timeZone: "America/Sao_Paulo",
  });
  assert.equal(before.endMs - before.startMs, 24 * HOUR);
  assert.equal(gapDay.endMs - gapDay.startMs, 23 * HOUR);
});

Deno.test("local dates follow the zone's offset, including quarter-hour offsets", () => {
  // Chatham is +13:45 in January: 10:15Z is local midnight of the next day.
  assert.equal(localDateOf(at("2024-01-01T10:14:59Z"), "Pacific/Chatham"), "2024-01-01");
  assert.equal(localDateOf(at("2024-01-01T10:15:00Z"), "Pacific/Chatham"), "2024-01-02");
  assert.equal(localDateOf(at("2024-01-01T23:30:00Z"), "Europe/Berlin"), "2024-01-02");
  assert.equal(localDateOf(at("2024-01-01T23:30:00Z"), "UTC"), "2024-01-01");
  assert.equal(localDateTimeOf(at("2024-07-01T10:00:00Z"), "Europe/Berlin"), "2024-07-01 12:00");
});

Deno.test("ISO weeks start on Monday", () => {
  assert.equal(isoWeekStartOf("2024-01-07"), "2024-01-01");
  assert.equal(isoWeekStartOf("2024-01-08"), "2024-01-08");
  assert.equal(isoWeekStartOf("2025-01-01"), "2024-12-30");
});

Deno.test("dates are checked and date arithmetic crosses months and leap days", () => {
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2024-03-01", -1), "2024-02-29");
  assert.throws(() => utcMidnightOf("2024-02-30"), RangeError);
  assert.throws(() => utcMidnightOf("24-01-01"), RangeError);
  assert.throws(() => buildCalendar("2024-01-02", "2024-01-01", { timeZone: "UTC" }), RangeError);
});

Deno.test("unknown zones are refused with their name", () => {
  assert.equal(checkTimeZone("Europe/Berlin"), "Europe/Berlin");
  assert.throws(() => checkTimeZone("Mars/Olympus_Mons"), /Mars\/Olympus_Mons/);
});

Deno.test("the first and last years a date can be written in keep their days in every zone", () => {
  // 9999-12-31 ends at the midnight that starts year 10000, which only toISOString can write.
  const [last] = buildCalendar("9999-12-31", "9999-12-31", { timeZone: "UTC" });
  assert.equal(last.endMs - last.startMs, 86_400_000);
  assert.equal(new Date(last.endMs).toISOString(), "+010000-01-01T00:00:00.000Z");
  // Years 0 to 99 are not 1900 to 1999, and year 0 (1 BC) is not year 1. Berlin kept local mean
  // time then, 53 min 28 s ahead of UTC.
  const berlin = (iso: string) => localDateOf(at(iso), "Europe/Berlin");
  assert.equal(berlin("0000-03-01T23:30:00Z"), "0000-03-02");
  assert.equal(berlin("0050-06-15T23:30:00Z"), "0050-06-16");
  assert.equal(berlin("0050-06-15T23:00:00Z"), "0050-06-15");
  const [year0] = buildCalendar("0000-03-01", "0000-03-01", { timeZone: "Europe/Berlin" });
  assert.equal(new Date(year0.startMs).toISOString(), "0000-02-29T23:06:32.000Z");
});
