/** The notebook's views: complete, escaped, and sent as HTML with a plain-text fallback. */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { generateEvents } from "../../lib/synthetic/generator.ts";
import type { MimeBundle } from "../../lib/notebook/show.ts";
import {
  chartView,
  comparisonView,
  eventCounts,
  eventSample,
  keyMetricsView,
  RECOVERY_ROWS_SHOWN,
  recoveryView,
  REJECTED_ROWS_SHOWN,
  scorecardView,
  sourceNote,
} from "../../lib/notebook/display.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { at, csv, tempFile } from "../helpers.ts";

const { document } = new JSDOM("").window;
const HOSTILE_SERVICE = "<script>alert(1)</script>";
const HOSTILE_ID = `"><img src=x onerror=alert(1)>`;
const CONTROL = "bell\u0007\u001b[31mred";

function hostileAnalysis() {
  const records: EventRecord[] = generateEvents({ seed: 42, days: 14 });
  const time = at("2024-01-10T12:00:00Z");
  records.push(
    { timestamp: time, type: "deploy", id: HOSTILE_ID, service: HOSTILE_SERVICE },
    { timestamp: time + 60_000, type: "incident_start", id: CONTROL, service: HOSTILE_SERVICE },
  );
  return analyzeRecords(records, { start: "2024-01-01", end: "2024-01-14" });
}

const analysis = hostileAnalysis();
const summary = summarize(analysis);
const charts = renderCharts(analysis, summary, { document });

function parsed(bundle: MimeBundle): Document {
  return new JSDOM(bundle["text/html"]).window.document;
}

/** Every view: one wrapper naming it, nothing executable, input only as text. */
function assertSafeView(bundle: MimeBundle, name: string): void {
  const html = bundle["text/html"]!;
  assert.match(html, new RegExp(`^<div class="dora-view" data-view="${name}">`));
  assert.ok(!html.includes(HOSTILE_SERVICE) && !html.includes(HOSTILE_ID), `${name} escapes input`);
  const elements = [...parsed(bundle).querySelectorAll("*")];
  assert.ok(
    !elements.some((e) => ["script", "img", "iframe"].includes(e.localName)),
    `${name}: no script`,
  );
  for (const element of elements) {
    for (const attribute of element.attributes) {
      assert.ok(
        !/^on/i.test(attribute.name),
        `${name}: ${element.localName} has ${attribute.name}`,
      );
    }
  }
  assert.ok(
    // deno-lint-ignore no-control-regex
    !/[\u0000-\u0009\u000b-\u001f]/.test(bundle["text/plain"]),
    `${name} plain text is printable`,
  );
  assert.ok(bundle["text/plain"].length > 0);
}

Deno.test("the source note states the origin, the window and the counts", () => {
  const note = sourceNote(analyze({ kind: "synthetic", seed: 7, days: 21 }));
  assertSafeView(note, "source");
  assert.match(
    note["text/plain"],
    /^Synthetic events, seed 7: 21 days, 2024-01-01 to 2024-01-21 \(UTC\)\. \d+ rows read, \d+ events used, 0 rejected, 0 outside the window\.$/,
  );
  assertSafeView(sourceNote(analysis), "source");
});

Deno.test("the event sample lists the first events in time order, escaped", () => {
  const sample = eventSample(analysis, 5);
  assertSafeView(sample, "event-sample");
  const rows = [...parsed(sample).querySelectorAll("tbody tr")];
  assert.equal(rows.length, 5);
  const times = rows.map((row) => row.children[0].textContent!);
  assert.deepEqual(times, [...times].sort());
  assert.match(times[0], /^2024-01-0\d \d\d:\d\d UTC$/);
  assert.equal(
    parsed(sample).querySelector("caption")?.textContent,
    `The first 5 of ${analysis.events.height} events`,
  );
  const all = parsed(eventSample(analysis, 1000));
  const services = [...all.querySelectorAll("tbody tr td:nth-child(4)")].map((cell) =>
    cell.textContent
  );
  assert.ok(services.includes(HOSTILE_SERVICE), "a hostile name is shown as text");
});

Deno.test("the counts per type add up, and rejected rows are listed with reasons", () => {
  const counts = eventCounts(analysis);
  assertSafeView(counts, "event-counts");
  const table = Object.fromEntries(
    [...parsed(counts).querySelectorAll("tbody tr")].map((
      row,
    ) => [row.children[0].textContent, Number(row.children[1].textContent)]),
  );
  assert.equal(
    table.deploy + table.incident_start + table.incident_resolved,
    table["used in the window"],
  );
  assert.equal(table.read, summary.events.read);
  assert.equal(table.rejected, 0);

  const rows = Array.from(
    { length: 15 },
    (_, i) => `2024-01-0${1 + (i % 9)}T10:00:00,deploy,d${i},api`,
  );
  const file = tempFile(
    csv("timestamp,type,id,service", "2024-01-01T09:00:00Z,deploy,ok,api", ...rows),
  );
  const withRejected = eventCounts(analyze({ kind: "file", files: [file] }));
  assertSafeView(withRejected, "event-counts");
  const tables = parsed(withRejected).querySelectorAll("table");
  assert.equal(tables.length, 2);
  assert.equal(
    tables[1].querySelector("caption")?.textContent,
    `Rejected rows: the first ${REJECTED_ROWS_SHOWN} of 15`,
  );
  assert.equal(tables[1].querySelectorAll("tbody tr").length, REJECTED_ROWS_SHOWN);
  assert.match(tables[1].querySelector("tbody td:last-child")?.textContent ?? "", /timestamp/);
  assert.match(withRejected["text/plain"], /Rejected rows: the first 10 of 15/);
});

Deno.test("a chart view is a figure with its SVG inline and drawn", () => {
  for (const chart of charts) {
    const bundle = chartView(charts, chart.id);
    assertSafeView(bundle, `chart-${chart.id}`);
    const figure = parsed(bundle).querySelector(`figure#figure-${chart.id}`)!;
    assert.equal(figure.children[0].localName, "svg");
    assert.ok(
      figure.querySelectorAll("path, rect, line, circle").length > 3,
      `${chart.id} has marks`,
    );
    assert.ok(!bundle["text/html"]!.includes("http:"), "no namespace URL in the page");
    assert.equal(bundle["text/plain"], `[chart] ${chart.title}`);
  }
  assert.throws(
    () => chartView(charts, "pie"),
    /no chart "pie"; the charts are deployment_frequency, /,
  );
});

Deno.test("the recovery view lists incidents and states MTTR and the median", () => {
  const view = recoveryView(summary);
  assertSafeView(view, "recovery");
  const document = parsed(view);
  assert.equal(document.querySelectorAll("tbody tr").length, summary.incidents.length);
  const open = [...document.querySelectorAll("tbody tr")].find((row) =>
    row.children[3].textContent === "still open"
  );
  assert.ok(open, "the hostile incident is still open");
  assert.equal(open.children[4].textContent, "–");
  assert.match(
    document.querySelector(".headline")?.textContent ?? "",
    /^MTTR \(mean\) [\d.]+ (min|h), median [\d.]+ (min|h); \d+ resolved, 1 still open \(left out of both\)\.$/,
  );
  const capped = parsed(recoveryView(summary, 2));
  assert.equal(capped.querySelectorAll("tbody tr").length, 2);
  assert.equal(
    capped.querySelector("caption")?.textContent,
    `The first 2 of ${summary.incidents.length} incidents`,
  );
  assert.ok(RECOVERY_ROWS_SHOWN >= 20);
  const calm = summarize(
    analyzeRecords([{
      timestamp: at("2024-01-01T10:00:00Z"),
      type: "deploy",
      id: "d1",
      service: "api",
    }]),
  );
  assert.match(
    recoveryView(calm)["text/plain"],
    /^No incidents in the window\.\nMTTR \(mean\) n\/a, median n\/a/,
  );
});

Deno.test("the summary and scorecard views show every metric with its level and report year", () => {
  const metrics = keyMetricsView(summary);
  assertSafeView(metrics, "key-metrics");
  assert.match(metrics["text/html"]!, /Recovery time, median/);
  const card = scorecardView(summary);
  assertSafeView(card, "scorecard");
  const rows = [...parsed(card).querySelectorAll("tbody tr")];
  assert.equal(rows.length, 5);
  for (const row of rows.slice(0, 4)) {
    assert.match(row.textContent!, /(Elite|High|Medium|Low) \(DORA 2023\)/);
  }
  assert.match(parsed(card).querySelector("h3")?.textContent ?? "", /DORA 2023/);
  assert.match(card["text/plain"], /Failed deployment recovery time .*\(DORA 2023\)/);
  const card2024 = scorecardView(summarize(analysis, { reportYear: 2024 }));
  assert.match(card2024["text/html"]!, /\(DORA 2024\)/);
});

Deno.test("the comparison view shows both universes' scorecards and charts, with a plain-text fallback", () => {
  const document = new JSDOM("").window.document;
  const bundle = comparisonView({
    universes: "42,7",
    seed: 42,
    profile: "mixed",
    days: 14,
    reportYear: 2023,
    document,
  });
  const html = bundle["text/html"]!;
  assert.match(html, /data-view="comparison"/);
  assert.equal((html.match(/<figure\b/g) ?? []).length, 4);
  assert.ok(!/<script/i.test(html));
  assert.match(bundle["text/plain"], /seed 42\s+seed 7/);
  assert.match(bundle["text/plain"], /Change failure rate/);
});
