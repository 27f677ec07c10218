/**
 * Stage timings of one run, in process: `deno run tests/bench/stages.ts <events.csv>` prints one
 * JSON line with the milliseconds of each stage and the peak RSS so far. The benchmark runs it in
 * a fresh process per input, so start-up and imports are measured as they are for the CLI.
 *
 * Stages: imports (polars and the metric code), read+parse (streaming CSV scan and the row
 * checks), rules+window (duplicates, incident pairing, window, attribution), metrics (the JSON
 * summary, per service), charts (jsdom, Plot and the four SVGs), report (the HTML page), and a
 * plain polars `scanCSV(...).groupBy(...)` over the same file as the floor to compare against.
 */
const started = performance.now();
let last = started;
const stages: Record<string, number> = {};
const lap = (name: string) => {
  const now = performance.now();
  stages[name] = Math.round(now - last);
  last = now;
};

const path = Deno.args[0];
const pl = (await import("nodejs-polars")).default;
const { analyze } = await import("../../lib/pipeline/analysis.ts");
const { summarize } = await import("../../lib/pipeline/summary.ts");
const { parseRows } = await import("../../lib/ingest/parse_rows.ts");
const { scanSources } = await import("../../lib/ingest/read_events.ts");
lap("imports");

// Read and parse on their own, then the whole analysis (which reads again) minus that share.
parseRows(scanSources([path]), 1);
lap("read+parse");
const analysis = analyze({ kind: "file", files: [path] });
const analyzeMs = performance.now() - last;
stages["rules+window"] = Math.max(0, Math.round(analyzeMs - stages["read+parse"]));
last = performance.now();
const summary = summarize(analysis);
lap("metrics");
const { JSDOM } = await import("jsdom");
const { renderCharts } = await import("../../lib/charts/render.ts");
const charts = renderCharts(analysis, summary, { document: new JSDOM("").window.document });
lap("charts");
const { renderReport } = await import("../../lib/report/html.ts");
const { scorecardSection } = await import("../../lib/report/scorecard_section.ts");
renderReport(summary, { charts, sections: [scorecardSection(summary)] });
lap("report");
stages.total_without_floor = Math.round(last - started);

// The floor: polars alone reading the file and counting deploys per day.
pl.scanCSV(path, { inferSchemaLength: 0 })
  .filter(pl.col("type").eq(pl.lit("deploy")))
  .groupBy(pl.col("timestamp").str.slice(0, 10).alias("day"))
  .agg(pl.len())
  .collectSync({ engine: "streaming" });
lap("plain_polars_scan_groupby");

console.log(
  JSON.stringify({
    stages,
    peakRssMb: Math.round(Deno.memoryUsage().rss / 1e6),
    chartBytes: charts.map((c) => c.svg.length),
  }),
);
