/**
 * The charts: golden SVG files at seed 42, and properties that must hold at any scale
 * (binning above the thresholds, at most 1 MB per chart, escaping, zero days, open incidents).
 *
 * Each golden file in `tests/charts/golden/` opens in a browser. On a mismatch the test writes the
 * new drawing beside it as `<name>-changed.svg`, as Observable Plot's own tests do; after an
 * intended change, accept every drawing with `UPDATE_GOLDEN=1 deno task test:unit`.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { type Analysis, analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { DAY_MS } from "../../lib/charts/binning.ts";
import { DAILY_BAR_LIMIT, deploysPerDayData } from "../../lib/charts/deploys_per_day_data.ts";
import { deploysPerDayChart } from "../../lib/charts/deploys_per_day.ts";
import { MAX_WINDOW_DAYS } from "../../lib/core/calendar.ts";
import { RECOVERY_DOT_LIMIT, recoveryData } from "../../lib/charts/recovery_data.ts";
import { TIMELINE_MARK_LIMIT } from "../../lib/charts/timeline_data.ts";
import { recoveryChart } from "../../lib/charts/recovery.ts";
import { COLORS } from "../../lib/charts/theme.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { generateEvents } from "../../lib/synthetic/generator.ts";
import { renderCharts, type RenderedChart } from "../../lib/charts/render.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { at } from "../helpers.ts";

const { window: domWindow } = new JSDOM("");
const document = domWindow.document;
const MEGABYTE = 1_000_000;

function render(analysis: Analysis): RenderedChart[] {
  return renderCharts(analysis, summarize(analysis), { document });
}

function byFile(charts: RenderedChart[]): Record<string, string> {
  return Object.fromEntries(charts.map((chart) => [chart.file, chart.svg]));
}

/** Replaces every id and reference to one with `id-1`, `id-2`, … in order of first appearance. */
function normalizeIds(svg: string): string {
  const names = new Map<string, string>();
  const name = (id: string) => {
    if (!names.has(id)) names.set(id, `id-${names.size + 1}`);
    return names.get(id)!;
  };
  return svg
    .replace(
      /aria-labelledby="([^"]*)"/g,
      (_, ids: string) => `aria-labelledby="${ids.split(/\s+/).map(name).join(" ")}"`,
    )
    .replace(/\bid="([^"]*)"/g, (_, id: string) => `id="${name(id)}"`)
    .replace(/url\(#([^)]*)\)/g, (_, id: string) => `url(#${name(id)})`)
    .replace(/href="#([^"]*)"/g, (_, id: string) => `href="#${name(id)}"`);
}

/** One tag per line, so a diff of a golden file points at the element that changed. */
function goldenText(svg: string): string {
  return normalizeIds(svg).replace(/></g, ">\n<") + "\n";
}

const GOLDEN_DIR = new URL("./golden/", import.meta.url);

/** Compares `svg` with its golden file; on a mismatch, writes `<name>-changed.svg` and fails. */
async function assertGolden(file: string, svg: string): Promise<void> {
  const golden = new URL(file, GOLDEN_DIR);
  const changed = new URL(file.replace(/\.svg$/, "-changed.svg"), GOLDEN_DIR);
  const actual = goldenText(svg);
  if (Deno.env.get("UPDATE_GOLDEN")) await Deno.writeTextFile(golden, actual);
  const expected = await Deno.readTextFile(golden).catch(() => null);
  if (expected === actual) {
    await Deno.remove(changed).catch(() => {});
    return;
  }
  await Deno.writeTextFile(changed, actual);
  assert.fail(
    expected === null
      ? `no golden file ${golden.pathname}; wrote ${changed.pathname}`
      : `${file} differs from its golden file; see ${changed.pathname}`,
  );
}

/** Parses an SVG as XML; fails the test on any XML error. */
function parseSvg(svg: string): Document {
  const parsed = new domWindow.DOMParser().parseFromString(svg, "image/svg+xml");
  assert.equal(parsed.getElementsByTagName("parsererror").length, 0, "well-formed XML");
  assert.equal(parsed.documentElement.localName, "svg");
  return parsed;
}

function count(haystack: string, needle: RegExp): number {
  return haystack.match(needle)?.length ?? 0;
}

const seed42 = render(analyze({ kind: "synthetic", seed: 42, days: 14 }));

for (const chart of seed42) {
  Deno.test(`golden: ${chart.file} at seed 42`, async () => {
    await assertGolden(chart.file, chart.svg);
  });
}

Deno.test("every chart is a standalone SVG with a title, a subtitle and labelled axes", () => {
  assert.deepEqual(seed42.map((chart) => chart.file), [
    "01_deployment_frequency.svg",
    "02_deploys_per_day.svg",
    "03_recovery_time.svg",
    "04_timeline.svg",
    "05_lead_time.svg",
  ]);
  for (const chart of seed42) {
    const svg = parseSvg(chart.svg);
    const root = svg.documentElement;
    assert.equal(root.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
    assert.equal(root.getAttribute("role"), "img");
    assert.equal(root.querySelector("title")?.textContent, chart.title);
    assert.ok(
      (root.querySelector("desc")?.textContent ?? "").length > 20,
      `${chart.file} has a subtitle`,
    );
    assert.ok(root.querySelector('[aria-label="x-axis label"]'), `${chart.file} labels its x axis`);
    assert.ok(chart.svg.length < 30_000, `${chart.file} is small at seed 42`);
  }
  const [frequency, daily, recovery] = seed42.map((chart) =>
    parseSvg(chart.svg).documentElement.textContent ?? ""
  );
  assert.match(frequency, /3\.07 deploys per day/);
  assert.match(frequency, /on demand/);
  assert.match(daily, /7-day trailing mean/);
  assert.match(recovery, /MTTR \(mean\) 33\.9 min, median 25\.3 min/);
});

Deno.test("ids are per chart and do not depend on what was drawn before", () => {
  const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
  const alone = recoveryChart(recoveryData(analysis, summarize(analysis).recovery), { document });
  const again = render(analysis);
  assert.equal(alone, seed42[2].svg);
  assert.deepEqual(again, seed42);
  for (const chart of seed42) {
    for (const [, id] of chart.svg.matchAll(/\bid="([^"]*)"/g)) {
      assert.ok(id.startsWith(`${chart.id}-`), id);
    }
    for (const [, id] of chart.svg.matchAll(/url\(#([^)]*)\)/g)) {
      assert.ok(chart.svg.includes(`id="${id}"`), `${id} exists`);
    }
  }
});

Deno.test("zero-deploy days get a visible marker", () => {
  const zeroDays = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 })).deploys_per_day
    .filter((day) => day.deploys === 0).length;
  assert.ok(zeroDays > 0);
  const svg = parseSvg(byFile(seed42)["02_deploys_per_day.svg"]);
  const markers = svg.querySelectorAll('[aria-description="zero-day marker"] line');
  assert.equal(markers.length, zeroDays);
  for (const marker of markers) {
    assert.ok(Number(marker.getAttribute("x2")) - Number(marker.getAttribute("x1")) > 10);
  }
  // And a bar for every day, zero or not.
  assert.equal(svg.querySelectorAll('[aria-label="rect"] rect').length, 14);
});

/** Seed 42 plus two incidents still open at the end, one on a hostile service. */
const HOSTILE_SERVICE = "<script>alert(1)</script>";
const HOSTILE_ID = `"><svg onload=alert(1)>`;
function withOpenAndHostile(): Analysis {
  const records: EventRecord[] = generateEvents({ seed: 42, days: 14 });
  const noon = at("2024-01-12T15:00:00Z");
  records.push(
    { timestamp: noon, type: "incident_start", id: "still-open-1", service: "api" },
    { timestamp: noon + DAY_MS, type: "deploy", id: HOSTILE_ID, service: HOSTILE_SERVICE },
    {
      timestamp: noon + DAY_MS + 60_000,
      type: "incident_start",
      id: HOSTILE_ID,
      service: HOSTILE_SERVICE,
    },
  );
  return analyzeRecords(records, { start: "2024-01-01", end: "2024-01-14" });
}

Deno.test("incidents still open at the end are drawn distinctly", () => {
  const charts = byFile(render(withOpenAndHostile()));
  const recovery = parseSvg(charts["03_recovery_time.svg"]);
  const triangles = [...recovery.querySelectorAll('[aria-label="dot"] path')]
    .filter((path) => path.closest("g")?.getAttribute("stroke") === COLORS.openIncident);
  assert.equal(triangles.length, 2, "two hollow triangles");
  assert.equal(count(charts["03_recovery_time.svg"], />still open</g), 2);

  const timeline = parseSvg(charts["04_timeline.svg"]);
  const openBars = [...timeline.querySelectorAll('[aria-label="bar"] rect')]
    .filter((rect) => rect.getAttribute("fill") === COLORS.openIncident);
  assert.equal(openBars.length, 2);
  // Open bars run to the right edge of the plot.
  const rightEdges = openBars.map((rect) =>
    Number(rect.getAttribute("x")) + Number(rect.getAttribute("width"))
  );
  const frame = Math.max(...[...timeline.querySelectorAll('[aria-label="bar"] rect')]
    .map((rect) => Number(rect.getAttribute("x")) + Number(rect.getAttribute("width"))));
  for (const edge of rightEdges) assert.ok(Math.abs(edge - frame) < 0.02);
  assert.equal(count(charts["04_timeline.svg"], />1 open</g), 2);
});

Deno.test("hostile service names and ids appear only escaped", () => {
  const charts = render(withOpenAndHostile());
  for (const chart of charts) {
    assert.ok(!/<script/i.test(chart.svg), `${chart.file}: no <script>`);
    assert.ok(!chart.svg.includes("<svg onload"), `${chart.file}: no injected element`);
    assert.ok(
      !/\son[a-z]+=/i.test(chart.svg.replace(/>[^<]*</g, "><")),
      `${chart.file}: no event handler attribute`,
    );
    parseSvg(chart.svg);
  }
  const timeline = byFile(charts)["04_timeline.svg"];
  assert.ok(
    timeline.includes("&lt;script&gt;alert(1)&lt;/scrip…"),
    "lane label, escaped and shortened",
  );
  assert.ok(
    timeline.includes("&quot;&gt;&lt;svg onload=alert(1)&gt;") ||
      timeline.includes('"&gt;&lt;svg onload=alert(1)&gt;'),
  );
  // The text survives the round trip intact.
  const titles = [...parseSvg(timeline).querySelectorAll("title")].map((title) =>
    title.textContent
  );
  assert.ok(titles.some((text) => text?.startsWith(`${HOSTILE_ID} (${HOSTILE_SERVICE})`)));
});

/** Evenly spread deploys and incidents: cheap to build in any number. */
function manyEvents(
  { deploys, incidents, services, days }: {
    deploys: number;
    incidents: number;
    services: number;
    days: number;
  },
) {
  const start = at("2024-01-01T00:00:00Z");
  const span = days * DAY_MS;
  const records: EventRecord[] = [];
  for (let index = 0; index < deploys; index++) {
    records.push({
      timestamp: start + Math.floor((index * span) / deploys),
      type: "deploy",
      service: `svc-${(index * index) % services}`,
    });
  }
  for (let index = 0; index < incidents; index++) {
    const timestamp = start + Math.floor((index * span) / incidents);
    const service = `svc-${index % services}`;
    records.push({ timestamp, type: "incident_start", id: `inc-${index}`, service });
    if (index % 97 !== 0) {
      records.push({
        timestamp: timestamp + (1 + ((index * 37) % 2000)) * 60_000,
        type: "incident_resolved",
        id: `inc-${index}`,
        service,
      });
    }
  }
  return records;
}

Deno.test("above the thresholds the timeline and recovery charts bin, and every chart stays under 1 MB", () => {
  const analysis = analyzeRecords(
    manyEvents({ deploys: 100_000, incidents: 6_000, services: 40, days: 60 }),
    {
      start: "2024-01-01",
      end: "2024-02-29",
    },
  );
  assert.ok(analysis.incidents.height > RECOVERY_DOT_LIMIT);
  const charts = byFile(render(analysis));
  for (const [file, svg] of Object.entries(charts)) {
    assert.ok(svg.length < MEGABYTE, `${file}: ${svg.length} bytes`);
    parseSvg(svg);
  }
  const timeline = charts["04_timeline.svg"];
  assert.match(timeline, /Binned because there are more than 2,000 deploys and incidents/);
  assert.match(timeline, /Binned per 6 h/);
  assert.equal(count(timeline, /aria-label="tick"/g), 0, "no tick per deploy");
  // 12 lanes × 240 bins × 2 rows is the most cells there can be.
  assert.ok(count(timeline, /<rect/g) < 12 * 240 * 2 + 100);
  const recovery = charts["03_recovery_time.svg"];
  assert.match(recovery, /Binned because there are more than 2,000 incidents/);
  assert.equal(count(recovery, /<circle/g), 0, "no dot per incident");
  assert.match(recovery, />still open</);
});

Deno.test("just below the threshold, the timeline still draws one mark per event", () => {
  const analysis = analyzeRecords(
    manyEvents({ deploys: TIMELINE_MARK_LIMIT - 50, incidents: 50, services: 5, days: 14 }),
  );
  const timeline = parseSvg(byFile(render(analysis))["04_timeline.svg"]);
  assert.equal(
    timeline.querySelectorAll('[aria-label="tick"] line').length,
    TIMELINE_MARK_LIMIT - 50,
  );
  assert.equal(timeline.querySelectorAll('[aria-label="bar"] rect').length, 50);
});

Deno.test("the longest window allowed keeps a bar per day, and every chart stays under 1 MB", () => {
  const analysis = analyzeRecords([
    { timestamp: at("2011-01-03T10:00:00Z"), type: "deploy", service: "api" },
    { timestamp: at("2020-12-30T10:00:00Z"), type: "deploy", service: "api" },
  ], { start: "2011-01-01", end: "2021-01-07" });
  // A window is at most MAX_WINDOW_DAYS long, so the weekly bars above DAILY_BAR_LIMIT are drawn
  // only from data built by hand; this is the largest daily chart there can be.
  assert.equal(analysis.window.days, MAX_WINDOW_DAYS);
  assert.ok(analysis.window.days <= DAILY_BAR_LIMIT);
  const charts = byFile(render(analysis));
  for (const [file, svg] of Object.entries(charts)) {
    assert.ok(svg.length < MEGABYTE, `${file}: ${svg.length}`);
    parseSvg(svg);
  }
  const daily = parseSvg(charts["02_deploys_per_day.svg"]);
  assert.equal(daily.querySelectorAll('[aria-label="rect"] rect').length, MAX_WINDOW_DAYS);

  // The weekly drawing, from the same days as if the window were longer than the limit.
  const longer = { ...analysis, window: { ...analysis.window, days: DAILY_BAR_LIMIT + 1 } };
  const weekly = deploysPerDayData(longer, summarize(analysis).deployment_frequency);
  assert.equal(weekly.granularity, "week");
  assert.equal(weekly.bars.reduce((sum, bar) => sum + bar.deploys, 0), 2);
  const svg = deploysPerDayChart(weekly, { document });
  assert.ok(svg.length < MEGABYTE / 2, `weekly: ${svg.length}`);
  assert.match(svg, /mean deploys per day in the ISO week/);
  assert.equal(
    parseSvg(svg).querySelectorAll('[aria-label="rect"] rect').length,
    weekly.bars.length,
  );
});
