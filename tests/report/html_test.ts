/** The HTML report: self-contained, escaped, printable, and open to extra sections. */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { escapeHtml, markup, trustedHtml } from "../../lib/report/escape_html.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { generateEvents } from "../../lib/synthetic/generator.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { htmlTable, REJECTED_ROWS_SHOWN, renderReport } from "../../lib/report/html.ts";
import { scorecard } from "../../lib/report/scorecard.ts";
import { summarize, type Summary } from "../../lib/pipeline/summary.ts";
import { at } from "../helpers.ts";

const { window: domWindow } = new JSDOM("");
const HOSTILE_SERVICE = "<script>alert(1)</script>";
const HOSTILE_ID = `"><svg onload=alert(1)>`;
const HOSTILE_FILE = `evil"><img src=x onerror=alert(1)>.csv`;

function hostileAnalysis() {
  const records: EventRecord[] = generateEvents({ seed: 42, days: 14 });
  const time = at("2024-01-10T12:00:00Z");
  records.push(
    { timestamp: time, type: "deploy", id: HOSTILE_ID, service: HOSTILE_SERVICE },
    { timestamp: time + 60_000, type: "incident_start", id: HOSTILE_ID, service: HOSTILE_SERVICE },
  );
  return analyzeRecords(records, { start: "2024-01-01", end: "2024-01-14" });
}

/** A summary with `count` rejected rows whose file and reason carry markup. */
function withRejections(summary: Summary, count: number): Summary {
  const rejected = Array.from({ length: count }, (_, index) => ({
    file: HOSTILE_FILE,
    line: index + 2,
    reason: `duplicate id ${HOSTILE_ID}`,
  }));
  return { ...summary, events: { ...summary.events, rejected } };
}

function report(summary: Summary, analysis = hostileAnalysis()): string {
  const charts = renderCharts(analysis, summary, { document: domWindow.document });
  return renderReport(summary, { charts });
}

const analysis = hostileAnalysis();
const summary = withRejections(summarize(analysis), 120);
const page = report(summary, analysis);
const parsed = new JSDOM(page).window.document;

Deno.test("escapeHtml escapes text and both kinds of attribute quotes", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
  assert.equal(escapeHtml(null), "");
  assert.equal(
    markup`<p title="${HOSTILE_ID}">${HOSTILE_SERVICE}</p>`.toString(),
    `<p title="&quot;&gt;&lt;svg onload=alert(1)&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
  );
  assert.equal(
    markup`<div>${[trustedHtml("<b>1</b>"), "<2>"]}</div>`.toString(),
    "<div><b>1</b>&lt;2&gt;</div>",
  );
});

Deno.test("the report has no script and no external URL", () => {
  assert.ok(!/<script/i.test(page));
  assert.ok(
    !/https?:|file:|ftp:|\/\/[a-z0-9.-]+\.[a-z]{2,}/i.test(page),
    "no URL at all, not even a namespace",
  );
  assert.ok(!/<(link|img|iframe|object|embed)\b/i.test(page));
  assert.equal(parsed.querySelectorAll("script, link, img, iframe").length, 0);
  assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(page, /<meta charset="utf-8">/);
});

Deno.test("input strings are escaped in the page and in the inlined charts", () => {
  assert.ok(!page.includes(HOSTILE_SERVICE));
  assert.ok(!page.includes(HOSTILE_ID));
  assert.ok(!page.includes("<img"));
  assert.ok(!page.includes("<svg onload"));
  // Parsed back, the names are text where they belong, and nothing executable appeared.
  const services = [...parsed.querySelectorAll("#by-service tbody tr td:first-child")].map((cell) =>
    cell.textContent
  );
  assert.ok(services.includes(HOSTILE_SERVICE));
  const rejectedFiles = [...parsed.querySelectorAll("#rejected tbody td:first-child")].map((cell) =>
    cell.textContent
  );
  assert.equal(rejectedFiles[0], HOSTILE_FILE);
  assert.equal(
    parsed.querySelector("#rejected tbody td:last-child")?.textContent,
    `duplicate id ${HOSTILE_ID}`,
  );
  for (const element of parsed.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      assert.ok(!/^on/i.test(attribute.name), `${element.localName} has ${attribute.name}`);
    }
  }
  const laneLabels = [...parsed.querySelectorAll("#figure-timeline text")].map((text) =>
    text.textContent
  );
  assert.ok(laneLabels.some((label) => label?.startsWith("<script>alert(1)")));
});

Deno.test("rejected rows: the first 50 are listed and the total is stated", () => {
  assert.equal(parsed.querySelectorAll("#rejected tbody tr").length, REJECTED_ROWS_SHOWN);
  assert.match(
    parsed.querySelector("#rejected p")?.textContent ?? "",
    /^120 rows were rejected; the first 50 are listed\.$/,
  );
  const few = new JSDOM(renderReport(withRejections(summary, 3))).window.document;
  assert.equal(few.querySelectorAll("#rejected tbody tr").length, 3);
  assert.equal(few.querySelector("#rejected p")?.textContent, "3 rows were rejected.");
  const none = new JSDOM(renderReport(withRejections(summary, 0))).window.document;
  assert.equal(none.querySelector("#rejected p")?.textContent, "No rows were rejected.");
});

Deno.test("the page holds the four charts and the lead-time chart inline, and the metrics tables", () => {
  const figures = parsed.querySelectorAll("#charts > figure");
  assert.equal(figures.length, 5);
  for (const figure of figures) assert.equal(figure.children[0].localName, "svg");
  const metrics = Object.fromEntries(
    [...parsed.querySelectorAll("#key-metrics tbody tr")].map((
      row,
    ) => [row.children[0].textContent, row.children[1].textContent]),
  );
  assert.equal(
    metrics["Deployment frequency"],
    `${Math.round(summary.deployment_frequency.per_day! * 100) / 100} deploys per day`,
  );
  assert.equal(metrics["DORA frequency class"], summary.deployment_frequency.class);
  assert.equal(metrics["Unresolved (still open)"], "1");
  assert.equal(metrics["Window"], "2024-01-01 to 2024-01-14 (14 days, UTC)");
  assert.equal(metrics["Source"], "events");
  assert.equal(metrics["Events read"], String(summary.events.read));
  assert.equal(metrics["Rows rejected"], "120");
  assert.ok(metrics["Recovery time, mean (MTTR)"]?.endsWith("min"));
  assert.equal(
    parsed.querySelectorAll("#by-service tbody tr").length,
    Object.keys(summary.by_service).length,
  );
});

Deno.test("the page prints on A4 and Letter", () => {
  const style = parsed.querySelector("style")?.textContent ?? "";
  assert.match(style, /@page \{ margin: 15mm; \}/);
  assert.match(style, /max-width: 180mm/);
  assert.match(style, /figure \{[^}]*break-inside: avoid/);
  assert.match(style, /figure > svg \{[^}]*max-width: 100%; height: auto;/);
  assert.match(style, /thead \{ display: table-header-group; \}/);
  // No fixed width wider than the printable 180 mm anywhere in the CSS.
  for (const [, value, unit] of style.matchAll(/(?:^|[^-])width:\s*([\d.]+)(mm|px|cm|in)/g)) {
    const mm = Number(value) * { mm: 1, px: 25.4 / 96, cm: 10, in: 25.4 }[unit as "mm"];
    assert.ok(mm <= 180, `width ${value}${unit}`);
  }
});

Deno.test("extra sections (a scorecard) come after the key metrics, escaped", () => {
  const base = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
  const rows = scorecard(base).map((row) => [row.metric, row.display, row.tier, row.reportYear]);
  const withScorecard = renderReport(base, {
    sections: [
      {
        id: "scorecard",
        title: "DORA scorecard <2023>",
        body: htmlTable(["metric", "value", "level", "report year"], rows),
      },
    ],
  });
  const document = new JSDOM(withScorecard).window.document;
  const sections = [...document.querySelectorAll("body > section")].map((section) => section.id);
  assert.deepEqual(sections, ["key-metrics", "scorecard", "by-service", "rejected"]);
  assert.equal(document.querySelector("#scorecard h2")?.textContent, "DORA scorecard <2023>");
  assert.ok(withScorecard.includes("DORA scorecard &lt;2023&gt;"));
  assert.equal(document.querySelectorAll("#scorecard tbody tr").length, rows.length);
});

Deno.test("a chart that is not self-contained is refused", () => {
  const base = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
  const bad = [
    `<svg><script>alert(1)</script></svg>`,
    `<svg><image href="https://example.com/x.png"/></svg>`,
    `<svg><rect style="fill: url(http://example.com/#p)"/></svg>`,
    `<svg><a href="file:///etc/passwd"><text>x</text></a></svg>`,
    `<svg onload="alert(1)"></svg>`,
  ];
  for (const svg of bad) {
    assert.throws(
      () => renderReport(base, { charts: [{ id: "bad", title: "bad", svg }] }),
      /not a self-contained SVG/,
      svg,
    );
  }
  // Text that merely mentions such things is fine: it is escaped content, not markup.
  const harmless = `<svg><title>onload=alert(1) https://example.com</title></svg>`;
  assert.doesNotThrow(() =>
    renderReport(base, { charts: [{ id: "ok", title: "ok", svg: harmless }] })
  );
});
