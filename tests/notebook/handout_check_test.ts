/** The handout's own checks catch scripts, external references, missing views and empty charts. */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyze } from "../../lib/pipeline/analysis.ts";
import {
  externalReferences,
  HANDOUT_CHARTS,
  HANDOUT_VIEWS,
  handoutProblems,
  MAX_HANDOUT_BYTES,
  scriptsIn,
} from "../../lib/notebook/handout_check.ts";
import { chartView } from "../../lib/notebook/display.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { summarize } from "../../lib/pipeline/summary.ts";

/**
 * A page with every view of the notebook in order, the way the template lays them out: the charts
 * really drawn, a small table standing in for each DataFrame and other view.
 */
function page(): string {
  const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
  const summary = summarize(analysis);
  const charts = renderCharts(analysis, summary, { document: new JSDOM("").window.document });
  const body = HANDOUT_VIEWS.map((view) => {
    const html = view.startsWith("chart-")
      ? chartView(charts, view.slice("chart-".length))["text/html"]
      : `<div class="dora-view" data-view="${view}"><table><tr><td>${view}</td></tr></table></div>`;
    return `<div class="output_html">${html}</div>`;
  }).join("\n");
  return `<!DOCTYPE html><html><head><style>a.anchor-link { display: none; }</style></head><body>` +
    `<h2 id="x">Events<a class="anchor-link" href="#x">¶</a></h2>${body}</body></html>`;
}

const GOOD = page();

Deno.test("a complete page from the notebook's views has no problems", () => {
  assert.deepEqual(handoutProblems(GOOD), []);
  assert.equal(HANDOUT_CHARTS.length, 5);
  assert.equal(HANDOUT_VIEWS.filter((view) => view.startsWith("chart-")).length, 5);
});

Deno.test("scripts and external references are problems; fragments are not", () => {
  assert.deepEqual(externalReferences(`<a href="#top">x</a><svg><use href="#m"/></svg>`), []);
  assert.deepEqual(
    externalReferences(
      `<script src="file:///usr/share/javascript/requirejs/require.min.js"></script>` +
        `<link href='https://cdn.jsdelivr.net/x.css'><img src=http://e.x/a.png>` +
        `<a href="//host/p">p</a><div style="background: url('https://e.x/b.png')">`,
    ),
    [
      "file:///usr/share/javascript/requirejs/require.min.js",
      "https://cdn.jsdelivr.net/x.css",
      "http://e.x/a.png",
      "//host/p",
      "https://e.x/b.png",
    ],
  );
  const bad = GOOD.replace("</head>", `<script src="https://cdn.example/a.js"></script></head>`);
  assert.deepEqual(handoutProblems(bad), [
    "it contains a <script>",
    "it references https://cdn.example/a.js",
  ]);
});

Deno.test("a lost output, an emptied chart, an error and a big page are problems", () => {
  const lost = GOOD.replace(/<div class="dora-view" data-view="perDay">/, "<div>");
  assert.match(handoutProblems(lost).join(), /missing: perDay\)/);
  // What nbconvert 6.5's SVG sanitiser leaves of a chart: the element without its marks.
  const emptied = GOOD.replace(
    /(<figure id="figure-timeline"[^>]*>)[\s\S]*?(<\/figure>)/,
    '$1<svg width="760" height="294"><rect width="760" height="294" fill="#ffffff"/></svg>$2',
  );
  assert.deepEqual(handoutProblems(emptied), ["chart timeline is not drawn (1 marks, 0 texts)"]);
  const gone = GOOD.replace(/<figure id="figure-timeline"/, "<figure");
  assert.deepEqual(handoutProblems(gone), ["chart timeline is missing"]);
  const failed = GOOD.replace(
    "</body>",
    `<div class="output_subarea output_text output_error"><pre>Error</pre></div></body>`,
  );
  assert.deepEqual(handoutProblems(failed), ["a cell failed (an error output)"]);
  const big = GOOD.replace("</body>", `<p>${"x".repeat(MAX_HANDOUT_BYTES)}</p></body>`);
  assert.match(handoutProblems(big)[0], /^it is \d+ bytes, the limit is 400000$/);
});

Deno.test("escaped text that reads like a reference is text: an event id src=http://… is no problem", () => {
  // What the notebook shows for an event id `x src=http://e.x/a.png` or `<img src=//e.x/b>`:
  // escaped, so a browser builds a text node and loads nothing.
  const harmless = GOOD.replace(
    "</body>",
    `<table><tr><td>x src=http://e.x/a.png</td><td>&lt;img src=//e.x/b&gt;</td>` +
      `<td title="href=https://e.x/c">url(https://e.x/d)</td></tr></table>` +
      `<p>&lt;script&gt;alert(1)&lt;/script&gt; onload=alert(1)</p></body>`,
  );
  assert.deepEqual(handoutProblems(harmless), []);
  assert.deepEqual(externalReferences(harmless), []);
  assert.deepEqual(scriptsIn(harmless), []);
});

Deno.test("references as the browser reads them: entities, unquoted, SVG, srcset, CSS escapes, @import, refresh", () => {
  const cases: [string, string[]][] = [
    [`<img src="&#104;ttps://e.x/1.png">`, ["https://e.x/1.png"]],
    [`<IMG SRC=http://e.x/2.png>`, ["http://e.x/2.png"]],
    [`<svg><image xlink:href="file:///etc/3.png"/></svg>`, ["file:///etc/3.png"]],
    [`<svg><use href="//e.x/4.svg#a"/></svg>`, ["//e.x/4.svg#a"]],
    [`<img srcset="a.png 1x, https://e.x/5.png 2x">`, ["https://e.x/5.png"]],
    [`<div style="background: u\\72l('https://e.x/6.png')">`, ["https://e.x/6.png"]],
    [`<style>@import "https://e.x/7.css"; p { color: red }</style>`, ["https://e.x/7.css"]],
    [`<meta http-equiv="refresh" content="0; url=https://e.x/8">`, ["https://e.x/8"]],
    [`<form action="http://e.x/9"></form>`, ["http://e.x/9"]],
    [`<a href="#top">ok</a><img src="data:image/png;base64,AA==">`, []],
  ];
  for (const [html, expected] of cases) assert.deepEqual(externalReferences(html), expected, html);
  assert.deepEqual(
    handoutProblems(GOOD.replace("</body>", `<img src="&#x68;ttp://e.x/t.png"></body>`)),
    ["it references http://e.x/t.png"],
  );
});

Deno.test("anything that would run is a problem: <script>, on… attributes, javascript: URLs", () => {
  assert.deepEqual(
    scriptsIn(`<svg><rect onmouseover="x()"/></svg><a href=" javascript:x()">a</a>`),
    [
      "an onmouseover attribute on <rect>",
      "a javascript: URL in href on <a>",
    ],
  );
  assert.deepEqual(
    handoutProblems(GOOD.replace("</body>", `<img src=x onerror=alert(1)></body>`)),
    ["it contains an onerror attribute on <img>"],
  );
});
