/**
 * The one-walk chart serializer writes the same bytes as renaming ids in the tree (normalizeTree)
 * and serializing it with jsdom's XMLSerializer (serializeSvg), and leaves the tree as it was.
 */
import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import { analyze, analyzeRecords } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { serializeSvg, SVG_NS } from "../../lib/charts/svg_element.ts";
import { normalizeTree } from "../../lib/charts/svg_ids.ts";
import { svgMarkup } from "../../lib/charts/svg_markup.ts";
import type { EventRecord } from "../../lib/core/events.ts";
import { at } from "../helpers.ts";

const { window } = new JSDOM("");
const document = window.document;
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** What the two passes and jsdom's serializer write for a copy of the tree. */
function longWay(root: Element, name: string): string {
  const copy = root.cloneNode(true) as Element;
  normalizeTree(copy, name);
  return serializeSvg(copy, document);
}

function element(
  tag: string,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): Element {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function chartRoot(...children: Node[]): Element {
  const root = element("svg", { width: "640.004", height: "400" }, ...children);
  root.setAttributeNS(XMLNS_NS, "xmlns", SVG_NS);
  return root;
}

const HOSTILE_TEXT =
  "a & b < c > d \"q\" 'a'\u00a0nbsp \u0000\u001b[31m \u202eevil \ud800 \ufffe 😀";

Deno.test("ids renamed in document order, references followed, geometry rounded, text escaped", () => {
  const root = chartRoot(
    element("title", { id: "chart-title" }, "Title & <more>"),
    element(
      "svg",
      { class: "plot-d6a7b5", fill: "currentColor", x: "0", y: "100.505" },
      element("defs", {}, element("clipPath", { id: "plot-clip-7" }, element("rect"))),
      element("g", { "clip-path": "url(#plot-clip-7)", transform: "translate(0.125,-0.001)" }),
      element("use", { href: "#plot-clip-7" }),
      element("use", { href: "#elsewhere", "clip-path": "url(#unknown)" }),
      // Two elements share an id: the map keeps the later name, as normalizeTree's does.
      element("g", { id: "twice" }),
      element("g", { id: "twice" }),
      element("g", { id: "once", "clip-path": "url(#twice)" }),
      element("path", { d: "M1.23456,2e-7L-0.001,3.3333e2" }),
      element("text", { "aria-label": 'tab\there\nline\rcr & "quoted" <x>' }, HOSTILE_TEXT),
      element("text", { "aria-label": "\u0001\ud83d" }, ""),
      element("g", {}, "one", element("tspan", {}, "two"), "three"),
    ),
  );
  const before = serializeSvg(root.cloneNode(true) as Element, document);
  const markup = svgMarkup(root, "chart", document);
  assert.equal(markup, longWay(root, "chart"));
  assert.ok(markup.includes('<clipPath id="chart-1">'));
  assert.ok(markup.includes('<g clip-path="url(#chart-1)" transform="translate(0.13,0)"/>'));
  assert.ok(markup.includes('<use href="#chart-1"/>'));
  assert.ok(
    markup.includes('aria-label="tab&#x9;here&#xA;line&#xD;cr &amp; &quot;quoted&quot; &lt;x&gt;"'),
  );
  assert.ok(markup.includes("a &amp; b &lt; c &gt; d \"q\" 'a'\u00a0nbsp \\u0000\\u001b[31m"));
  assert.ok(markup.includes('<text aria-label="\\u0001\\ud83d"></text>'));
  // The tree itself is untouched: its ids, numbers and characters are as they were.
  assert.equal(serializeSvg(root.cloneNode(true) as Element, document), before);
});

Deno.test("trees the walk does not write (comments, other namespaces, namespaced attributes) take the long way", () => {
  const withComment = chartRoot(element("g", { id: "x" }), document.createComment("note"));
  const html = chartRoot(element("foreignObject", {}, document.createElement("div")));
  const xlink = chartRoot(element("use"));
  xlink.firstElementChild!.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", "#x");
  const bareRoot = element("svg", {}, element("g", { id: "x" }));
  for (const root of [withComment, html, xlink, bareRoot]) {
    assert.equal(svgMarkup(root.cloneNode(true) as Element, "c", document), longWay(root, "c"));
  }
});

Deno.test("a Plot drawing with clip paths and titles: the same bytes both ways", () => {
  const plot = Plot.plot({
    document,
    marks: [
      Plot.dot([1, 2.5, 3.333333], { x: (d: number) => d, clip: true, title: () => HOSTILE_TEXT }),
      Plot.text(["<b> & \u0000"], { x: 2, text: (d: string) => d, clip: true }),
    ],
  });
  const root = chartRoot(element("title", {}, "Plot"), plot);
  assert.equal(svgMarkup(root, "plot-chart", document), longWay(root, "plot-chart"));
});

/** Each chart parsed back as XML: jsdom's serializer and the walk write it the same. */
function assertSameAsXmlSerializer(svgs: string[]): void {
  for (const svg of svgs) {
    const parsed = new window.DOMParser().parseFromString(svg, "image/svg+xml");
    const root = parsed.documentElement;
    const name = root.getAttribute("aria-labelledby")!.split(" ")[0].replace(/-title$/, "");
    const expected = new window.XMLSerializer().serializeToString(root);
    assert.equal(svgMarkup(root, name, document), expected);
    assert.equal(expected, svg);
  }
}

/** Deploys and incidents enough to bin the timeline and the recovery chart. */
function binnedRecords(): EventRecord[] {
  const start = at("2024-01-01T00:00:00Z");
  return Array.from({ length: 2_500 }, (_, index): EventRecord[] => {
    const time = start + index * 1_700_000;
    const service = `svc-${index % 17}`;
    const deploy: EventRecord = { timestamp: time, type: "deploy", service };
    if (index >= 2_100) return [deploy];
    const id = `inc-${index}`;
    const incident: EventRecord[] = [
      { timestamp: time + 300_000, type: "incident_start", id, service },
    ];
    if (index % 50 !== 0) {
      incident.push({
        timestamp: time + 300_000 + (index % 300) * 60_000,
        type: "incident_resolved",
        id,
      });
    }
    return [deploy, ...incident];
  }).flat();
}

Deno.test("every chart of seed 42 and of a binned universe reads back as it was written", () => {
  const binned = analyzeRecords(binnedRecords());
  for (const analysis of [analyze({ kind: "synthetic", seed: 42, days: 14 }), binned]) {
    const charts = renderCharts(analysis, summarize(analysis), { document });
    assertSameAsXmlSerializer(charts.map((chart) => chart.svg));
  }
  const timeline = renderCharts(binned, summarize(binned), { document })[3].svg;
  assert.ok(timeline.includes("Binned per"));
});
