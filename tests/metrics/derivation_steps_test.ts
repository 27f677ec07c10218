/**
 * The named steps the notebook shows, one by one, on small inputs computed by hand: out-of-order
 * events, a DST day, days without deploys, an incident still open, causes explicit, inferred and
 * too old. The last test checks that the steps, run the notebook's way, give the pipeline's frames.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { type EventRecord, eventsFromRecords } from "../../lib/core/events.ts";
import { fixedWindow } from "../../lib/core/window.ts";
import {
  countPerDay,
  deploysOf,
  deploysPerDay,
  onCalendar,
  withLocalDate,
} from "../../lib/metrics/deploys_per_day.ts";
import {
  deploysPerWeek,
  FREQUENCY_CLASSES,
  frequencyClass,
  frequencyRules,
  frequencyStats,
} from "../../lib/metrics/deployment_frequency.ts";
import { pairIncidents, recoveryStats, withRecoveryMinutes } from "../../lib/metrics/recovery.ts";
import {
  attributeIncidents,
  changeFailureRate,
  failedDeploys,
} from "../../lib/metrics/change_failure.ts";
import { leadTimes, leadTimeStats } from "../../lib/metrics/lead_time.ts";
import { analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { at } from "../helpers.ts";

const text = (column: pl.Series) => column.cast(pl.Utf8).toArray();

// Out of order on purpose, across Berlin's spring-forward night (2024-03-31 is 23 hours long).
const BERLIN_EVENTS: EventRecord[] = [
  { timestamp: at("2024-03-31T21:59:59Z"), type: "deploy", id: "d3" }, // 23:59:59 CEST, the 31st
  { timestamp: at("2024-03-30T23:00:00Z"), type: "deploy", id: "d2" }, // 00:00 CET, the 31st
  { timestamp: at("2024-03-30T12:00:00Z"), type: "incident_start", id: "i1" },
  { timestamp: at("2024-03-29T12:00:00Z"), type: "deploy", id: "d1" }, // the 29th
  { timestamp: at("2024-04-01T22:30:00Z"), type: "deploy", id: "d4" }, // 00:30 CEST, April 2nd
];
const BERLIN_WINDOW = fixedWindow("2024-03-29", 5, { timeZone: "Europe/Berlin" });

Deno.test("deploysOf keeps the deploys; withLocalDate dates them on the report zone's calendar", () => {
  const deploys = deploysOf(eventsFromRecords(BERLIN_EVENTS));
  assert.deepEqual(deploys.getColumn("id").toArray(), ["d3", "d2", "d1", "d4"]);
  const dated = withLocalDate(deploys, BERLIN_WINDOW);
  assert.equal(String(dated.schema.date), "DataType(Date)");
  assert.deepEqual(text(dated.getColumn("date")), [
    "2024-03-31",
    "2024-03-31",
    "2024-03-29",
    "2024-04-02",
  ]);
  // UTC dates would put d2 on the 30th and d4 on April 1st.
  const utc = withLocalDate(deploys, fixedWindow("2024-03-29", 5, { timeZone: "UTC" }));
  assert.deepEqual(text(utc.getColumn("date")), [
    "2024-03-31",
    "2024-03-30",
    "2024-03-29",
    "2024-04-01",
  ]);
});

Deno.test("countPerDay has only days with deploys; onCalendar puts the zero days back", () => {
  const dated = withLocalDate(deploysOf(eventsFromRecords(BERLIN_EVENTS)), BERLIN_WINDOW);
  const counts = countPerDay(dated);
  assert.deepEqual(text(counts.getColumn("date")), ["2024-03-29", "2024-03-31", "2024-04-02"]);
  assert.deepEqual(counts.getColumn("deploys").toArray(), [1, 2, 1]);

  const perDay = onCalendar(counts, BERLIN_WINDOW);
  assert.deepEqual(perDay.toRecords(), [
    { date: "2024-03-29", week_start: "2024-03-25", iso_weekday: 5, deploys: 1 },
    { date: "2024-03-30", week_start: "2024-03-25", iso_weekday: 6, deploys: 0 },
    { date: "2024-03-31", week_start: "2024-03-25", iso_weekday: 7, deploys: 2 },
    { date: "2024-04-01", week_start: "2024-04-01", iso_weekday: 1, deploys: 0 },
    { date: "2024-04-02", week_start: "2024-04-01", iso_weekday: 2, deploys: 1 },
  ]);
  assert.equal(String(perDay.schema.deploys), "DataType(Int64)", "fillNull keeps whole numbers");
});

Deno.test("per service, a service without deploys gets a zero on every day", () => {
  const window = fixedWindow("2024-01-01", 3, { timeZone: "UTC" });
  const deploys = deploysOf(eventsFromRecords([
    { timestamp: at("2024-01-02T10:00:00Z"), type: "deploy", service: "api" },
    { timestamp: at("2024-01-02T11:00:00Z"), type: "deploy", service: "api" },
  ]));
  const counts = countPerDay(withLocalDate(deploys, window), { by: ["service"] });
  const perDay = onCalendar(counts, window, { by: ["service"], services: ["api", "web"] });
  assert.deepEqual(
    perDay.select("service", "date", "deploys").toRecords().map((row) => Object.values(row).join()),
    [
      "api,2024-01-01,0",
      "api,2024-01-02,2",
      "api,2024-01-03,0",
      "web,2024-01-01,0",
      "web,2024-01-02,0",
      "web,2024-01-03,0",
    ],
  );
  // A window without a single deploy is all zeros, not an empty frame.
  const none = onCalendar(countPerDay(withLocalDate(deploys.head(0), window)), window);
  assert.deepEqual(none.getColumn("deploys").toArray(), [0, 0, 0]);
});

Deno.test("ISO weeks, the frequency stats and the class rule, by hand", () => {
  // Wednesday 3 January to Friday 12 January: two partial weeks of five days each.
  const window = fixedWindow("2024-01-03", 10, { timeZone: "UTC" });
  const deploys = deploysOf(eventsFromRecords([
    { timestamp: at("2024-01-09T10:00:00Z"), type: "deploy" },
    { timestamp: at("2024-01-03T10:00:00Z"), type: "deploy" },
    { timestamp: at("2024-01-04T10:00:00Z"), type: "deploy" },
    { timestamp: at("2024-01-09T11:00:00Z"), type: "deploy" },
    { timestamp: at("2024-01-03T11:00:00Z"), type: "deploy" },
    { timestamp: at("2024-01-09T12:00:00Z"), type: "deploy" },
  ]));
  const perDay = onCalendar(countPerDay(withLocalDate(deploys, window)), window);
  assert.deepEqual(deploysPerWeek(perDay).toRecords(), [
    { week_start: "2024-01-01", deploys: 3, deploy_days: 2, days_in_window: 5 },
    { week_start: "2024-01-08", deploys: 3, deploy_days: 1, days_in_window: 5 },
  ]);
  const stats = frequencyStats(perDay);
  assert.deepEqual(stats.toRecords(), [
    // Deploy days: 3 January (2 deploys), 4 January (1), 9 January (3); the median day has 2.
    {
      deploys: 6,
      days: 10,
      deploy_days: 3,
      median_deploys_per_deploy_day: 2,
      median_deploy_days_per_week: 1.5,
      per_day: 0.6,
    },
  ]);
  const rules = frequencyRules(stats).toRecords();
  assert.deepEqual(rules.map((rule) => [rule.class, rule.holds, rule.picked]), [
    ["less than every six months", false, false],
    ["on demand", false, false],
    ["daily to weekly", true, true],
    ["weekly to monthly", true, false],
    ["monthly to every six months", true, false],
    ["less than every six months", true, false],
  ]);
  assert.throws(() => frequencyRules(stats.head(0)), /one row of the window's frequency, got 0/);
});

/** The rule as written (README, "Frequency class"): the reference for the table. */
function classBefore(
  deploys: number,
  days: number,
  { weekDays, perDeployDay }: { weekDays: number | null; perDeployDay: number | null },
): string {
  if (deploys === 0 || days === 0) return "less than every six months";
  const perDay = deploys / days;
  const median = weekDays ?? 0;
  if (median >= 3 && perDay >= 1 && (perDeployDay ?? 0) >= 2) return "on demand";
  if (median >= 1) return "daily to weekly";
  if (perDay * 30 >= 1) return "weekly to monthly";
  if (perDay * 182.5 >= 1) return "monthly to every six months";
  return "less than every six months";
}

Deno.test("the class rule as data picks what the written rule picked, on every edge", () => {
  const seen = new Set<string>();
  for (const deploys of [0, 1, 2, 3, 13, 14, 15, 100]) {
    for (const days of [0, 1, 7, 14, 30, 31, 182, 183, 365, 400]) {
      for (const weekDays of [null, 0, 0.5, 1, 2.5, 3, 7]) {
        for (const perDeployDay of [null, 1, 1.5, 2, 3]) {
          const expected = classBefore(deploys, days, { weekDays, perDeployDay });
          seen.add(expected);
          assert.equal(
            frequencyClass({
              deploys,
              days,
              medianDeployDaysPerWeek: weekDays,
              medianDeploysPerDeployDay: perDeployDay,
            }),
            expected,
            `${deploys} deploys, ${days} days, median ${weekDays}, per deploy day ${perDeployDay}`,
          );
        }
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...FREQUENCY_CLASSES].sort(), "every class is reached");
});

const START_EVENTS: EventRecord[] = [
  { timestamp: at("2024-01-01T12:00:00Z"), type: "incident_start", id: "c", service: "web" },
  { timestamp: at("2024-01-01T10:00:00Z"), type: "incident_start", id: "a", service: "api" },
  { timestamp: at("2024-01-01T11:00:00Z"), type: "incident_start", id: "b", service: "api" },
  // Across Berlin's spring-forward hour: the clock jumps 01:30 → 03:30, but one hour passes.
  { timestamp: at("2024-03-31T00:30:00Z"), type: "incident_start", id: "d", service: "web" },
];
const RESOLVE_EVENTS: EventRecord[] = [
  { timestamp: at("2024-01-01T12:30:00Z"), type: "incident_resolved", id: "b" },
  { timestamp: at("2024-01-01T10:10:00Z"), type: "incident_resolved", id: "a" },
  { timestamp: at("2024-03-31T01:30:00Z"), type: "incident_resolved", id: "d" },
];

Deno.test("pairIncidents pairs by id and keeps the open incident; recovery is resolved − start", () => {
  const pairs = pairIncidents(eventsFromRecords(START_EVENTS), eventsFromRecords(RESOLVE_EVENTS));
  assert.deepEqual(pairs.columns.slice(0, 5), ["id", "service", "start", "resolved", "deploy_id"]);
  const recoveries = withRecoveryMinutes(pairs);
  assert.deepEqual(
    recoveries.select("id", "recovery_minutes").toRecords(),
    [
      { id: "c", recovery_minutes: null },
      { id: "a", recovery_minutes: 10 },
      { id: "b", recovery_minutes: 90 },
      { id: "d", recovery_minutes: 60 },
    ],
  );
  // Resolved: 10, 90, 60 → mean 160 / 3, median 60; c is open: counted, not averaged.
  assert.deepEqual(recoveryStats(recoveries).toRecords(), [
    { incidents: 4, resolved: 3, unresolved: 1, mean_minutes: 160 / 3, median_minutes: 60 },
  ]);
  assert.deepEqual(recoveryStats(recoveries, { by: ["service"] }).toRecords(), [
    {
      service: "api",
      incidents: 2,
      resolved: 2,
      unresolved: 0,
      mean_minutes: 50,
      median_minutes: 50,
    },
    {
      service: "web",
      incidents: 2,
      resolved: 1,
      unresolved: 1,
      mean_minutes: 60,
      median_minutes: 60,
    },
  ]);
  const none = recoveryStats(recoveries.head(0)).toRecords()[0];
  assert.deepEqual(
    [none.incidents, none.resolved, none.mean_minutes, none.median_minutes],
    [0, 0, null, null],
  );
});

Deno.test("failed deploys: explicit across services, inferred within 24 h, too old not at all", () => {
  const events = eventsFromRecords([
    { timestamp: at("2024-01-01T10:00:00Z"), type: "deploy", id: "d1", service: "api" },
    { timestamp: at("2024-01-01T12:00:00Z"), type: "deploy", id: "d2", service: "api" },
    { timestamp: at("2024-01-01T12:30:00Z"), type: "deploy", id: "d3", service: "web" },
    { timestamp: at("2024-01-03T09:00:00Z"), type: "deploy", id: "d4", service: "web" },
    { timestamp: at("2024-01-01T13:00:00Z"), type: "incident_start", id: "i2", service: "api" },
    { timestamp: at("2024-01-01T12:10:00Z"), type: "incident_start", id: "i1", service: "api" },
    {
      timestamp: at("2024-01-01T12:40:00Z"),
      type: "incident_start",
      id: "i3",
      service: "web",
      deploy_id: "d1",
    },
    // d3 is 24 h 30 min earlier: too old to be inferred.
    { timestamp: at("2024-01-02T13:00:00Z"), type: "incident_start", id: "i4", service: "web" },
  ]);
  const deploys = deploysOf(events);
  const starts = events.filter(pl.col("type").eq(pl.lit("incident_start")));
  const recoveries = withRecoveryMinutes(pairIncidents(starts, starts.head(0)));
  const attributed = attributeIncidents(recoveries, deploys);
  assert.deepEqual(
    attributed.select("id", "caused_by", "cause").toRecords().map((row) => Object.values(row)),
    [
      ["i2", "d2", "inferred"],
      ["i1", "d2", "inferred"],
      ["i3", "d1", "explicit"],
      ["i4", null, null],
    ],
  );
  const failed = failedDeploys(deploys, attributed);
  assert.deepEqual(failed.select("id", "service", "incidents").toRecords(), [
    { id: "d1", service: "api", incidents: 1 },
    { id: "d2", service: "api", incidents: 2 },
  ]);
  assert.deepEqual(changeFailureRate(deploys, failed).toRecords(), [
    { deploys: 4, failed_deploys: 2, rate: 0.5 },
  ]);
  assert.deepEqual(changeFailureRate(deploys, failed, { by: ["service"] }).toRecords(), [
    { service: "api", deploys: 2, failed_deploys: 2, rate: 1 },
    { service: "web", deploys: 2, failed_deploys: 0, rate: 0 },
  ]);
  assert.deepEqual(changeFailureRate(deploys.head(0), failed.head(0)).toRecords(), [
    { deploys: 0, failed_deploys: 0, rate: null },
  ]);
});

Deno.test("lead times are deploy − commit; deploys without a commit time are no change", () => {
  const t = at("2024-01-02T12:00:00Z");
  const deploys = deploysOf(eventsFromRecords([
    { timestamp: t, type: "deploy", id: "d1", commit_timestamp: t - 60 * 60_000 },
    { timestamp: t + 1000, type: "deploy", id: "d2" },
    { timestamp: t + 2000, type: "deploy", id: "d3", commit_timestamp: t + 2000 - 1440 * 60_000 },
    { timestamp: t + 3000, type: "deploy", id: "d4", commit_timestamp: t + 3000 - 120 * 60_000 },
  ]));
  const changes = leadTimes(deploys);
  assert.deepEqual(changes.columns, [
    "id",
    "service",
    "commit_timestamp",
    "timestamp",
    "lead_minutes",
  ]);
  assert.deepEqual(changes.getColumn("lead_minutes").toArray(), [60, 1440, 120]);
  assert.deepEqual(leadTimeStats(changes).toRecords(), [{ changes: 3, median_minutes: 120 }]);
  assert.deepEqual(leadTimes(changes).toRecords(), changes.toRecords(), "lead times of lead times");
  const even = leadTimes(deploys.filter(pl.col("id").neq(pl.lit("d3"))));
  assert.deepEqual(leadTimeStats(even).toRecords(), [{ changes: 2, median_minutes: 90 }]);
});

Deno.test("run the notebook's way from the events, the steps give the pipeline's frames", () => {
  const analysis = analyzeRecords([...BERLIN_EVENTS, ...START_EVENTS, ...RESOLVE_EVENTS], {
    timeZone: "Europe/Berlin",
  });
  // The notebook starts from the window's events without the analysis' calendar index.
  const events = analysis.events.drop("day");
  const perDay = onCalendar(
    countPerDay(withLocalDate(deploysOf(events), analysis.window)),
    analysis.window,
  );
  assert.deepEqual(perDay.toRecords(), analysis.deploysPerDay.toRecords());
  assert.deepEqual(
    deploysPerDay(analysis.deploys, analysis.window).toRecords(),
    analysis.deploysPerDay.toRecords(),
  );
  const starts = events.filter(pl.col("type").eq(pl.lit("incident_start")));
  const resolves = events.filter(pl.col("type").eq(pl.lit("incident_resolved")));
  const attributed = attributeIncidents(
    withRecoveryMinutes(pairIncidents(starts, resolves)),
    deploysOf(events),
  );
  const columns = ["id", "service", "start", "resolved", "recovery_minutes", "caused_by"];
  assert.deepEqual(
    attributed.sort("start").select(...columns).toRecords(),
    analysis.incidents.select(...columns).toRecords(),
  );
});
