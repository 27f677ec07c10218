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
} from "../../lib/notebook/handout_check.ts";
import {
  chartView,
  comparisonView,
  eventCounts,
  eventSample,
  keyMetricsView,
  recoveryView,
  scorecardView,
  sourceNote,
} from "../../lib/notebook/display.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { summarize } from "../../lib/pipeline/summary.ts";

/** A page with every view in notebook order, the way the template lays them out. */
function page(): string {
  const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
  const summary = summarize(analysis);
  const charts = renderCharts(analysis, summary, { document: new JSDOM("").window.document });
  const views = [
    sourceNote(analysis),
    eventSample(analysis),
    eventCounts(analysis),
    chartView(charts, "deploys_per_day"),
    chartView(charts, "deployment_frequency"),
    recoveryView(summary),
    chartView(charts, "recovery_time"),
    chartView(charts, "timeline"),
    keyMetricsView(summary),
    chartView(charts, "lead_time"),
    scorecardView(summary),
    comparisonView({
      universes: "42,7",
      seed: 42,
      profile: "mixed",
      days: 14,
      reportYear: 2023,
      document: new JSDOM("").window.document,
    }),
  ];
  const body = views.map((view) => `<div class="output_html">${view["text/html"]}</div>`).join(
    "\n",
  );
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
  const lost = GOOD.replace(/<div class="dora-view" data-view="recovery">/, "<div>");
  assert.match(handoutProblems(lost).join(), /missing: recovery/);
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
