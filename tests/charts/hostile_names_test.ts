/**
 * Names with characters XML forbids (U+0000, U+0001, U+000B, U+001B, U+FFFE, unpaired surrogates)
 * or that reorder text (U+202E): every chart is still well-formed XML, shows the character as a
 * visible escape, and keeps names that differ only in such a character apart.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { timelineChart } from "../../lib/charts/timeline.ts";
import { recoveryChart } from "../../lib/charts/recovery.ts";
import { timelineData } from "../../lib/charts/timeline_data.ts";
import { recoveryData } from "../../lib/charts/recovery_data.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { at } from "../helpers.ts";

const { window } = new JSDOM("");
const document = window.document;

/** Each name with the escape it must show as. */
const HOSTILE: [name: string, shown: string][] = [
  ["nul\u0000", "nul\\u0000"],
  ["soh\u0001", "soh\\u0001"],
  ["vt\u000b", "vt\\u000b"],
  ["esc\u001b[31mred", "esc\\u001b[31mred"],
  ["nonchar\ufffe", "nonchar\\ufffe"],
  ["rlo\u202eevil", "rlo\\u202eevil"],
];

/** Any character a standalone SVG must not hold raw. */
// deno-lint-ignore no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\u202e]|[\ud800-\udfff]/u;

/** Parses an SVG as XML, as a browser opening the file does; fails on any XML error. */
function assertWellFormed(svg: string, file: string): Document {
  const parsed = new window.DOMParser().parseFromString(svg, "image/svg+xml");
  const errors = parsed.getElementsByTagName("parsererror");
  assert.equal(errors.length, 0, `${file}: ${errors[0]?.textContent}`);
  assert.equal(parsed.documentElement.localName, "svg");
  assert.ok(!FORBIDDEN.test(svg), `${file} holds no forbidden character`);
  return parsed;
}

/** A deploy and an incident (resolved, or still open for the odd ones) on every hostile service. */
function hostileRecords(): EventRecord[] {
  return HOSTILE.flatMap(([name], index) => {
    const start = at("2024-01-02T10:00:00Z") + index * 3_600_000;
    const records: EventRecord[] = [
      { timestamp: start, type: "deploy", id: `deploy ${name}`, service: name },
      { timestamp: start + 60_000, type: "incident_start", id: `incident ${name}`, service: name },
    ];
    if (index % 2 === 0) {
      records.push({
        timestamp: start + 1_860_000,
        type: "incident_resolved",
        id: `incident ${name}`,
        service: name,
      });
    }
    return records;
  });
}

Deno.test("hostile names: every chart of a run is well-formed XML and shows the names escaped", () => {
  const analysis = analyzeRecords(hostileRecords(), { start: "2024-01-01", end: "2024-01-03" });
  const charts = renderCharts(analysis, summarize(analysis), { document });
  assert.equal(charts.length, 5);
  for (const chart of charts) assertWellFormed(chart.svg, chart.file);

  const timeline = charts.find((chart) => chart.file === "04_timeline.svg")!;
  const parsed = assertWellFormed(timeline.svg, timeline.file);
  const laneLabels = [...parsed.querySelectorAll('[aria-label="y-axis tick label"] text')]
    .map((text) => text.textContent);
  for (const [, shown] of HOSTILE) {
    assert.ok(laneLabels.includes(shown), `lane ${shown} in ${JSON.stringify(laneLabels)}`);
  }
  const tooltips = [...parsed.querySelectorAll("title")].map((title) => title.textContent ?? "");
  for (const [, shown] of HOSTILE) {
    assert.ok(tooltips.some((tip) => tip.startsWith(`incident ${shown} (${shown})`)), shown);
  }

  const recovery = charts.find((chart) => chart.file === "03_recovery_time.svg")!;
  const recoveryTips = [...assertWellFormed(recovery.svg, recovery.file).querySelectorAll("title")]
    .map((title) => title.textContent ?? "");
  assert.ok(recoveryTips.some((tip) => tip.startsWith("incident nul\\u0000 (nul\\u0000)")));
  assert.ok(recoveryTips.some((tip) => tip.startsWith("incident soh\\u0001 (soh\\u0001): still")));
});

Deno.test("hostile names: unpaired surrogates and noncharacters in chart data are escaped too", () => {
  // Polars turns unpaired surrogates into U+FFFD on the way in, so they go to the drawing directly.
  const analysis = analyzeRecords(hostileRecords(), { start: "2024-01-01", end: "2024-01-03" });
  const names = ["high\ud800", "low\udfff", "astral\u{1fffe}"];
  const timeline = timelineData(analysis);
  assert.equal(timeline.mode, "marks");
  if (timeline.mode !== "marks") return;
  const renamed = new Map(
    timeline.lanes.map((lane, index) => [lane.name, names[index % 3] + index]),
  );
  const svg = timelineChart({
    ...timeline,
    lanes: timeline.lanes.map((lane) => ({ ...lane, name: renamed.get(lane.name)! })),
    deployTicks: timeline.deployTicks.map((tick) => ({ ...tick, lane: renamed.get(tick.lane)! })),
    incidentBars: timeline.incidentBars.map((bar, index) => ({
      ...bar,
      lane: renamed.get(bar.lane)!,
      id: names[index % 3],
    })),
  }, { document });
  const labels = [
    ...assertWellFormed(svg, "timeline").querySelectorAll('[aria-label="y-axis tick label"] text'),
  ].map((text) => text.textContent);
  assert.deepEqual(labels.slice(0, 3), ["high\\ud8000", "low\\udfff1", "astral\\u{1fffe}2"]);

  const recovery = recoveryData(analysis, summarize(analysis).recovery);
  assert.equal(recovery.mode, "dots");
  if (recovery.mode !== "dots") return;
  const drawn = recoveryChart({
    ...recovery,
    resolved: recovery.resolved.map((dot, index) => ({ ...dot, id: names[index % 3] })),
  }, { document });
  const tips = [...assertWellFormed(drawn, "recovery").querySelectorAll("title")]
    .map((title) => title.textContent ?? "");
  assert.ok(tips.some((tip) => tip.startsWith("high\\ud800 (")), JSON.stringify(tips));
});

Deno.test("hostile names: a long lane label is cut by code points, never inside an emoji", () => {
  const name = "😀".repeat(30);
  const analysis = analyzeRecords(
    [{ timestamp: at("2024-01-02T10:00:00Z"), type: "deploy", service: name }],
    { start: "2024-01-01", end: "2024-01-03" },
  );
  const charts = renderCharts(analysis, summarize(analysis), { document });
  const timeline = charts.find((chart) => chart.file === "04_timeline.svg")!;
  const label = [
    ...assertWellFormed(timeline.svg, timeline.file).querySelectorAll(
      '[aria-label="y-axis tick label"] text',
    ),
  ].map((text) => text.textContent)[0];
  assert.equal(label, `${"😀".repeat(23)}…`);
});
