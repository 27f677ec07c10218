/** Chart-ready data: weeks, days, rolling mean, binning decisions, lanes and shade levels. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import {
  binLabel,
  chooseBinMs,
  DAY_MS,
  HOUR_MS,
  levelRanges,
  levelThresholds,
  mergeRuns,
} from "../../lib/charts/binning.ts";
import { deploymentFrequencyData } from "../../lib/charts/deployment_frequency_data.ts";
import { deploysPerDayData } from "../../lib/charts/deploys_per_day_data.ts";
import { leadTimeData } from "../../lib/charts/lead_time_data.ts";
import { RECOVERY_DOT_LIMIT, recoveryData } from "../../lib/charts/recovery_data.ts";
import {
  MAX_LANES,
  otherLaneName,
  TIMELINE_BIN_LADDER_MS,
  TIMELINE_MARK_LIMIT,
  TIMELINE_MAX_BINS,
  timelineData,
} from "../../lib/charts/timeline_data.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { analyzeCsv, at, csv } from "../helpers.ts";

const seed42 = analyze({ kind: "synthetic", seed: 42, days: 14 });
const seed42Summary = summarize(seed42);

Deno.test("weeks: one bar per ISO week, partial weeks flagged with their day count", () => {
  const full = deploymentFrequencyData(seed42, seed42Summary.deployment_frequency);
  assert.deepEqual(full.weeks.map((week) => [week.weekStart, week.daysInWindow, week.partial]), [
    ["2024-01-01", 7, false],
    ["2024-01-08", 7, false],
  ]);
  assert.equal(
    full.weeks.reduce((sum, week) => sum + week.deploys, 0),
    seed42Summary.deployment_frequency.deploys,
  );

  const cut = analyze({ kind: "synthetic", seed: 42, days: 10 });
  const weeks = deploymentFrequencyData(cut, summarize(cut).deployment_frequency).weeks;
  assert.deepEqual(weeks.map((week) => [week.weekStart, week.daysInWindow, week.partial]), [
    ["2024-01-01", 7, false],
    ["2024-01-08", 3, true],
  ]);
});

Deno.test("days: a bar for every day, zeros kept, trailing 7-day mean with minPeriods 1", () => {
  const daily = deploysPerDayData(seed42, seed42Summary.deployment_frequency);
  assert.equal(daily.granularity, "day");
  assert.equal(daily.bars.length, 14);
  const counts = daily.bars.map((bar) => bar.deploys);
  assert.deepEqual(counts, seed42Summary.deploys_per_day.map((day) => day.deploys));
  assert.equal(daily.zeroDays, counts.filter((count) => count === 0).length);
  assert.ok(daily.zeroDays > 0, "seed 42 has days without deploys");
  // Trailing mean: the first day is its own mean, day 7 onwards averages exactly 7 days.
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  daily.bars.forEach((bar, index) => {
    const window = counts.slice(Math.max(0, index - 6), index + 1);
    assert.ok(Math.abs(bar.rollingMean - mean(window)) < 1e-9, `rolling mean on ${bar.date}`);
  });
  assert.deepEqual(
    daily.bars.filter((bar) => bar.weekend).map((bar) => bar.date),
    ["2024-01-06", "2024-01-07", "2024-01-13", "2024-01-14"],
  );
  assert.equal(daily.bars[0].start.toISOString(), "2024-01-01T00:00:00.000Z");
  assert.equal(daily.bars[13].end.toISOString(), "2024-01-15T00:00:00.000Z");
});

Deno.test("wall clock: chart times are the report zone's clock readings", () => {
  // 23:30 UTC on Jan 1 is 00:30 on Jan 2 in Berlin.
  const analysis = analyzeRecords(
    [{ timestamp: at("2024-01-01T23:30:00Z"), type: "deploy", service: "api" }],
    { timeZone: "Europe/Berlin", start: "2024-01-01", end: "2024-01-03" },
  );
  const timeline = timelineData(analysis);
  assert.equal(timeline.mode, "marks");
  if (timeline.mode !== "marks") return;
  assert.equal(timeline.deployTicks[0].time.toISOString(), "2024-01-02T00:30:00.000Z");
  assert.equal(timeline.window.startWall.toISOString(), "2024-01-01T00:00:00.000Z");
  assert.equal(timeline.window.endWall.toISOString(), "2024-01-04T00:00:00.000Z");
  const daily = deploysPerDayData(analysis, summarize(analysis).deployment_frequency);
  assert.deepEqual(daily.bars.map((bar) => bar.deploys), [0, 1, 0]);
});

const TIMELINE_BINS = { maxBins: TIMELINE_MAX_BINS, ladder: TIMELINE_BIN_LADDER_MS };

Deno.test("bin sizes: the finest of 1 h, 3 h, 6 h, 12 h, 1 d, 7 d… with at most 300 bins", () => {
  assert.equal(chooseBinMs(2 * DAY_MS, TIMELINE_BINS), HOUR_MS);
  assert.equal(chooseBinMs(14 * DAY_MS, TIMELINE_BINS), 3 * HOUR_MS);
  assert.equal(chooseBinMs(60 * DAY_MS, TIMELINE_BINS), 6 * HOUR_MS);
  assert.equal(chooseBinMs(120 * DAY_MS, TIMELINE_BINS), 12 * HOUR_MS);
  assert.equal(chooseBinMs(300 * DAY_MS, TIMELINE_BINS), DAY_MS);
  assert.equal(chooseBinMs(301 * DAY_MS, TIMELINE_BINS), 7 * DAY_MS);
  assert.equal(binLabel(3 * HOUR_MS), "3 h");
  assert.equal(binLabel(7 * DAY_MS), "7 days");
});

Deno.test("shade levels: thresholds and legend ranges cover 1…max exactly once", () => {
  for (const max of [1, 2, 4, 5, 17, 100, 2843, 18451]) {
    const ranges = levelRanges(max);
    assert.equal(ranges[0].low, 1);
    assert.equal(ranges.at(-1)!.high, max);
    for (let index = 1; index < ranges.length; index++) {
      assert.equal(ranges[index].low, ranges[index - 1].high + 1, `contiguous for max ${max}`);
      assert.ok(ranges[index].level > ranges[index - 1].level);
    }
    const thresholds = levelThresholds(max);
    for (const range of ranges) {
      for (const count of [range.low, range.high]) {
        assert.equal(1 + thresholds.filter((threshold) => count > threshold).length, range.level);
      }
    }
  }
});

Deno.test("mergeRuns: adjacent bins with the same shade become one cell", () => {
  const frame = pl.DataFrame({
    lane: ["a", "a", "a", "a", "b", "b"],
    bin: [0, 1, 3, 4, 4, 5],
    level: [2, 2, 2, 1, 1, 1],
    count: [5, 7, 6, 1, 1, 2],
  });
  const runs = mergeRuns(frame, { keys: ["lane"], position: "bin" }).toRecords();
  assert.deepEqual(
    runs.map((
      run,
    ) => [run.lane, Number(run.first), Number(run.last), run.level, run.low, run.high]),
    [["a", 0, 1, 2, 5, 7], ["a", 3, 3, 2, 6, 6], ["a", 4, 4, 1, 1, 1], ["b", 4, 5, 1, 1, 2]],
  );
});

/** `deploys` deploys over `days` days across `services` services, and `incidents` incidents. */
function manyEvents(
  { deploys, incidents, services, days, open = 0 }: {
    deploys: number;
    incidents: number;
    services: number;
    days: number;
    open?: number;
  },
): EventRecord[] {
  const start = at("2024-01-01T00:00:00Z");
  const span = days * DAY_MS;
  const records: EventRecord[] = [];
  for (let index = 0; index < deploys; index++) {
    records.push({
      timestamp: start + Math.floor((index * span) / deploys),
      type: "deploy",
      service: `svc-${index % services}`,
    });
  }
  for (let index = 0; index < incidents; index++) {
    const timestamp = start + Math.floor((index * (span - DAY_MS)) / incidents) + 1000;
    const id = `inc-${index}`;
    const service = `svc-${(index * 7) % services}`;
    records.push({ timestamp, type: "incident_start", id, service });
    if (index >= open) {
      records.push({
        timestamp: timestamp + (1 + (index % 300)) * 60_000,
        type: "incident_resolved",
        id,
        service,
      });
    }
  }
  return records;
}

Deno.test("timeline: one mark per event up to the threshold, binned above it", () => {
  const small = timelineData(
    analyzeRecords(
      manyEvents({ deploys: TIMELINE_MARK_LIMIT - 100, incidents: 100, services: 5, days: 14 }),
    ),
  );
  assert.equal(small.mode, "marks");
  if (small.mode === "marks") {
    assert.equal(small.deployTicks.length, TIMELINE_MARK_LIMIT - 100);
    assert.equal(small.incidentBars.length, 100);
  }

  const big = timelineData(
    analyzeRecords(
      manyEvents({ deploys: TIMELINE_MARK_LIMIT, incidents: 101, services: 5, days: 14, open: 3 }),
    ),
  );
  assert.equal(big.mode, "binned");
  if (big.mode !== "binned") return;
  assert.equal(big.binMs, 3 * HOUR_MS);
  const bins = (14 * DAY_MS) / big.binMs;
  assert.ok(big.deployCells.length <= big.lanes.length * bins);
  assert.equal(big.deploys, TIMELINE_MARK_LIMIT);
  assert.equal(big.openAtEnd, 3);
  assert.equal(big.openMarks.reduce((sum, mark) => sum + mark.count, 0), 3);
  for (const cell of [...big.deployCells, ...big.openIncidentCells]) {
    assert.ok(cell.x1 < cell.x2 && cell.low <= cell.high && cell.level >= 1 && cell.level <= 5);
  }
});

Deno.test("timeline lanes: more than 12 services give the 11 busiest plus one other lane", () => {
  const records = manyEvents({ deploys: 400, incidents: 0, services: 20, days: 14 });
  // svc-19 becomes the busiest by far.
  for (let index = 0; index < 50; index++) {
    records.push({
      timestamp: at("2024-01-05T10:00:00Z") + index * 60_000,
      type: "deploy",
      service: "svc-19",
    });
  }
  const timeline = timelineData(analyzeRecords(records));
  assert.equal(timeline.lanes.length, MAX_LANES);
  assert.equal(timeline.lanes[0].name, "svc-19");
  assert.equal(timeline.lanes.at(-1)!.name, otherLaneName(9));
  assert.equal(timeline.lanes.at(-1)!.services, 9);
  assert.equal(timeline.lanes.reduce((sum, lane) => sum + lane.deploys, 0), 450);
  assert.equal(timeline.services, 20);
});

Deno.test("recovery: dots up to the threshold, then per-day × bucket counts", () => {
  const small = analyzeRecords(
    manyEvents({ deploys: 10, incidents: 50, services: 3, days: 14, open: 2 }),
  );
  const dots = recoveryData(small, summarize(small).recovery);
  assert.equal(dots.mode, "dots");
  if (dots.mode === "dots") {
    assert.equal(dots.resolved.length, 48);
    assert.equal(dots.open.length, 2);
    // Open so far: from its start to the end of the window.
    const first = dots.open[0];
    assert.equal(first.openMinutes, (small.window.endMs - first.start.getTime()) / 60_000);
  }

  const big = analyzeRecords(
    manyEvents({ deploys: 10, incidents: RECOVERY_DOT_LIMIT + 1, services: 3, days: 14, open: 5 }),
  );
  const binned = recoveryData(big, summarize(big).recovery);
  assert.equal(binned.mode, "binned");
  if (binned.mode !== "binned") return;
  assert.equal(binned.columnMs, DAY_MS);
  assert.equal(
    binned.openCells.reduce((sum, cell) => sum + cell.low, 0),
    5,
    "each open cell holds one day here",
  );
  assert.ok(binned.cells.length <= 14 * 20);
  assert.deepEqual(
    binned.bucketRange,
    [1, 9],
    "1–2 min up to the 4–8 h bucket (recoveries of 1 to 300 min)",
  );
});

Deno.test("lead times fall into doubling buckets, each with its DORA level, and the median is marked", () => {
  const deploy = (at: string, leadMinutes: number, id: string) =>
    `${at},deploy,${id},${new Date(Date.parse(at) - leadMinutes * 60_000).toISOString()}`;
  const analysis = analyzeCsv(csv(
    "timestamp,type,id,commit_timestamp",
    deploy("2024-03-01T10:00:00Z", 10, "a"),
    deploy("2024-03-01T11:00:00Z", 30, "b"),
    deploy("2024-03-01T12:00:00Z", 120, "c"),
    deploy("2024-03-01T13:00:00Z", 2 * 1440, "d"),
    deploy("2024-03-01T14:00:00Z", 10 * 1440, "e"),
    deploy("2024-03-01T15:00:00Z", 40 * 1440, "f"),
  ));
  const data = leadTimeData(analysis, summarize(analysis));
  assert.deepEqual(
    data.buckets.map((b) => [b.label, b.changes, b.level]),
    [
      ["<15m", 1, "Elite"],
      ["15–60m", 1, "Elite"],
      ["1–4h", 1, "Elite"],
      ["4–12h", 0, "Elite"],
      ["12–24h", 0, "Elite"],
      ["1–3d", 1, "High"],
      ["3–7d", 0, "High"],
      ["1–2wk", 1, "Medium"],
      ["2wk–1mo", 0, "Medium"],
      ["1–3mo", 1, "Low"],
      ["3–6mo", 0, "Low"],
      [">6mo", 0, "Low"],
    ],
  );
  // Median of 10, 30, 120, 2880, 14400, 57600 minutes: (120 + 2880) / 2 = 1500 minutes.
  assert.equal(data.medianMinutes, 1500);
  assert.equal(data.changes, 6);
  assert.equal(data.reportYear, 2023);
});
