/**
 * Names with characters HTML and XML forbid, or that reorder text: the HTML report holds none of
 * them raw (its inline charts stay well-formed XML), and the text summary prints them as the same
 * visible escapes, never raw, so U+202E cannot reverse a terminal line.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { renderReport } from "../../lib/report/html.ts";
import { scorecardSection } from "../../lib/report/scorecard_section.ts";
import { rejectedLines, textSummary } from "../../lib/report/text_summary.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { at } from "../helpers.ts";

const { window } = new JSDOM("");

/** Each name with the escape it must show as, everywhere. */
const HOSTILE: [name: string, shown: string][] = [
  ["nul\u0000", "nul\\u0000"],
  ["soh\u0001", "soh\\u0001"],
  ["vt\u000b", "vt\\u000b"],
  ["esc\u001b[31mred", "esc\\u001b[31mred"],
  ["nonchar\ufffe", "nonchar\\ufffe"],
  ["rlo\u202eevil", "rlo\\u202eevil"],
];

/** Characters no page may hold raw: C0 but whitespace, DEL, C1, noncharacters, surrogates, bidi. */
const NOT_IN_A_PAGE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff\p{Noncharacter_Code_Point}]/u;
/** Characters no terminal line may hold raw: the same, and tab and line breaks. */
const NOT_IN_A_LINE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\p{Noncharacter_Code_Point}]/u;

function hostileRecords(): EventRecord[] {
  return HOSTILE.flatMap(([name], index) => {
    const start = at("2024-01-02T10:00:00Z") + index * 3_600_000;
    return [
      { timestamp: start, type: "deploy", id: `deploy ${name}`, service: name },
      { timestamp: start + 60_000, type: "incident_start", id: `incident ${name}`, service: name },
      {
        timestamp: start + 1_860_000,
        type: "incident_resolved",
        id: `incident ${name}`,
        service: name,
      },
    ] satisfies EventRecord[];
  });
}

const analysis = analyzeRecords(hostileRecords(), { start: "2024-01-01", end: "2024-01-03" });
const base = summarize(analysis);
const summary = {
  ...base,
  events: {
    ...base.events,
    rejected: HOSTILE.map(([name], index) => ({
      file: `${name}.csv`,
      line: index + 2,
      reason: `type: ${name}`,
    })),
  },
};

Deno.test("hostile names: the report holds no forbidden character and shows each name escaped", () => {
  const charts = renderCharts(analysis, summary, { document: window.document });
  const page = renderReport(summary, { charts, sections: [scorecardSection(summary)] });
  assert.equal(page.match(NOT_IN_A_PAGE), null);

  const document = new JSDOM(page).window.document;
  const services = [...document.querySelectorAll("#by-service tbody tr td:first-child")]
    .map((cell) => cell.textContent);
  assert.deepEqual(services.toSorted(), HOSTILE.map(([, shown]) => shown).toSorted());
  const rejected = [...document.querySelectorAll("#rejected tbody tr")]
    .map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent));
  assert.deepEqual(
    rejected,
    HOSTILE.map(([, shown], index) => [`${shown}.csv`, String(index + 2), `type: ${shown}`]),
  );

  // Each inline chart, given back its namespace, is a well-formed SVG document.
  const figures = [...page.matchAll(/<figure[^>]*>(<svg[\s\S]*?<\/svg>)<\/figure>/g)];
  assert.equal(figures.length, 5);
  for (const [, svg] of figures) {
    const xml = svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
    const parsed = new window.DOMParser().parseFromString(xml, "image/svg+xml");
    assert.equal(parsed.getElementsByTagName("parsererror").length, 0);
  }
  const timeline = document.querySelector("#figure-timeline")!;
  const lanes = [...timeline.querySelectorAll('[aria-label="y-axis tick label"] text')]
    .map((text) => text.textContent);
  for (const [, shown] of HOSTILE) assert.ok(lanes.includes(shown), shown);
});

Deno.test("hostile names: the text summary prints the same escapes and no raw control", () => {
  const text = textSummary(summary);
  for (const line of text.split("\n")) assert.equal(line.match(NOT_IN_A_LINE), null, line);
  const incidents = text.split("\n").filter((line) => line.startsWith("   incident "));
  assert.deepEqual(
    incidents.map((line) => line.split(/ {2,}/).slice(1, 3)),
    HOSTILE.map(([, shown]) => [`incident ${shown}`, shown]),
  );
  const lines = rejectedLines(summary);
  assert.deepEqual(
    lines,
    HOSTILE.map(([, shown], index) => `${shown}.csv:${index + 2}: type: ${shown}`),
  );
});
