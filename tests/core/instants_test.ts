/**
 * Instants are kept to the microsecond: the crossings between microseconds and JavaScript's
 * milliseconds, hand-written records with a fraction of a millisecond, and the stream rules on
 * instants less than a millisecond apart.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { eventsFromRecords, INSTANT } from "../../lib/core/events.ts";
import { applyEventRules } from "../../lib/core/event_rules.ts";
import {
  elapsedMicros,
  epochMicros,
  epochMillis,
  instantAt,
  minutesBetween,
  wholeUnits,
} from "../../lib/core/instants.ts";

const t = Date.UTC(2024, 0, 2, 10);

/** Instants from microseconds since the epoch. */
function instants(name: string, micros: number[]): pl.Series {
  return pl.Series(name, micros).cast(pl.Int64).cast(INSTANT);
}

Deno.test("instants are microseconds: a literal from ms lands on the same instant, not 1000× earlier", () => {
  const frame = pl.DataFrame([instants("at", [t * 1000 + 1])]);
  const [row] = frame.select(
    epochMicros(instantAt(t)).alias("literal"),
    pl.col("at").gt(instantAt(t)).alias("after"),
    epochMicros(pl.col("at")).alias("micros"),
  ).toRecords();
  assert.deepEqual(row, { literal: t * 1000, after: true, micros: t * 1000 + 1 });
});

Deno.test("milliseconds are rounded down, before 1970 too, so an instant stays on its day", () => {
  const lastOfDay = Date.UTC(2024, 0, 1, 23, 59, 59, 999) * 1000 + 999; // 23:59:59.999999
  const frame = pl.DataFrame([instants("at", [lastOfDay, 1_999, -1, -1_500])]);
  assert.deepEqual(frame.select(epochMillis(pl.col("at"))).getColumn("at").toArray(), [
    Date.UTC(2024, 0, 1, 23, 59, 59, 999),
    1,
    -1,
    -2,
  ]);
});

Deno.test("elapsed time is counted in microseconds: 800 µs is 800/60,000,000 minutes", () => {
  const frame = pl.DataFrame([
    instants("from", [t * 1000 + 100, t * 1000]),
    instants("to", [t * 1000 + 900, t * 1000 + 3_600_000_000 - 1]),
  ]);
  const [short, almostAnHour] = frame.select(
    elapsedMicros(pl.col("to"), pl.col("from")).alias("us"),
    minutesBetween(pl.col("to"), pl.col("from")).alias("minutes"),
    wholeUnits(elapsedMicros(pl.col("to"), pl.col("from")), 3_600_000_000).alias("hours"),
  ).toRecords();
  // 800 / 60e6 = 1/75,000 = 0.0000133333…; the nearest double reads 1.3333333333333333e-5.
  assert.deepEqual(short, { us: 800, minutes: 1.3333333333333333e-5, hours: 0 });
  // One microsecond short of an hour is 0 whole hours, and 59.99999998333333 minutes.
  assert.deepEqual(almostAnHour, { us: 3_599_999_999, minutes: 59.99999998333333, hours: 0 });
});

Deno.test("a hand-written record's fraction of a millisecond is kept to the microsecond", () => {
  const events = eventsFromRecords([
    { timestamp: t + 0.1, type: "deploy", commit_timestamp: t - 0.25 },
    { timestamp: t, type: "deploy" },
  ]);
  const micros = events.select(
    epochMicros(pl.col("timestamp")),
    epochMicros(pl.col("commit_timestamp")),
  )
    .toRecords();
  assert.deepEqual(micros, [
    { timestamp: t * 1000 + 100, commit_timestamp: t * 1000 - 250 },
    { timestamp: t * 1000, commit_timestamp: null },
  ]);
});

Deno.test("starts at .0001 and .0009: the later one is a later start, not a duplicate", () => {
  const events = eventsFromRecords([
    { timestamp: t + 0.9, type: "incident_start", id: "i1" },
    { timestamp: t + 0.1, type: "incident_start", id: "i1" },
    { timestamp: t + 0.5, type: "incident_resolved", id: "i1" },
  ]);
  const { starts, resolves, rejected } = applyEventRules(events, ["events.csv"]);
  assert.deepEqual(
    starts.select(epochMicros(pl.col("timestamp"))).getColumn("timestamp").toArray(),
    [
      t * 1000 + 100,
    ],
  );
  // The resolve at .0005 comes after the kept start, so it closes the incident.
  assert.equal(resolves.height, 1);
  assert.deepEqual(rejected.toRecords().map((row) => [Number(row.line), row.reason]), [
    [
      2,
      'incident_start: incident "i1" already started earlier, at line 3 (the earliest start is kept)',
    ],
  ]);
});
