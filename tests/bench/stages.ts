/**
 * Stage timings of one run, in process: `deno run … tests/bench/stages.ts EVENTS.csv OUT_DIR`
 * prints one JSON line: the milliseconds of each stage, and the core figures of the summary (for
 * the floor check). The benchmark runs it in a fresh process per input, so start-up and imports
 * are measured as they are for the CLI, and its peak memory is the process's (`/usr/bin/time`).
 *
 * Stages, in the order the CLI meets them:
 * - `imports`: polars and the pipeline (what `--json` loads);
 * - `analyze`: `analyze()`, reading and parsing the file, then duplicates, incident pairing, window
 *   and attribution;
 * - `metrics`: `summarize()`, every metric for the window and per service, and the incident
 *   records it holds;
 * - `json`: the summary as the CLI prints it with `--json` (`writeSummaryJson`, the pipeline's
 *   streaming writer, with the incident records), written to /dev/null;
 * - `jsdom`, `charts`: loading jsdom, then Plot and the charts drawn;
 * - `report`: the text summary, the HTML page with its sections, and the files written to OUT_DIR.
 *
 * `stages.ts --read EVENTS.csv` times only reading and parsing, in a process of its own, through
 * the ingest folder's `scanSources` + `parseRows`; the benchmark splits `analyze` into read + parse
 * and the rest with it.
 *
 * Only the public entry points of the folders are called (`analyze`, `summarize`, `renderCharts`,
 * `renderReport` and the report sections, `writeOutputSet`), so the stages keep measuring what the
 * CLI does while the internals change.
 *
 * @module
 */
import { coreFigures } from "./agreement.ts";

const started = performance.now();
let last = started;
const ms: Record<string, number | null> = {};
const lap = (name: string) => {
  const now = performance.now();
  ms[name] = Math.round(now - last);
  last = now;
};

if (Deno.args[0] === "--read" && Deno.args[1]) {
  await import("nodejs-polars");
  const { scanSources, parseRows } = await import("../../lib/ingest/mod.ts");
  last = performance.now();
  parseRows(scanSources([Deno.args[1]]), 1);
  lap("read+parse");
  console.log(JSON.stringify({ ms }));
} else if (Deno.args.length === 2) {
  const [path, outDir] = Deno.args;
  await import("nodejs-polars");
  const { analyze, summarize, writeSummaryJson } = await import("../../lib/pipeline/mod.ts");
  lap("imports");

  const analysis = analyze({ kind: "file", files: [path] });
  lap("analyze");
  const summary = summarize(analysis);
  lap("metrics");

  // What `deno task demo --json` prints (bin/demo.ts), to /dev/null.
  const devNull = Deno.openSync("/dev/null", { write: true });
  const write = (bytes: Uint8Array) => {
    for (let offset = 0; offset < bytes.length;) {
      offset += devNull.writeSync(bytes.subarray(offset));
    }
  };
  await writeSummaryJson(summary, write, { analysis });
  devNull.close();
  lap("json");

  const { JSDOM } = await import("jsdom");
  const { document } = new JSDOM("").window;
  lap("jsdom");
  const { renderCharts } = await import("../../lib/charts/mod.ts");
  const charts = renderCharts(analysis, summary, { document });
  lap("charts");

  const report = await import("../../lib/report/mod.ts");
  const sections = [
    report.scorecardSection(summary),
    ...(summary.definitions ? [report.definitionsSection(summary.definitions)] : []),
    report.incidentsSection(summary, { analysis }),
  ];
  const files = [
    { name: "report.html", content: report.renderReport(summary, { charts, sections }) },
    ...charts.map((chart) => ({ name: chart.file, content: chart.svg })),
  ];
  report.writeOutputSet(outDir, files);
  Deno.writeTextFileSync("/dev/null", report.textSummary(summary));
  lap("report");
  ms.total = Math.round(last - started);

  console.log(JSON.stringify({ ms, figures: coreFigures(summary) }));
} else {
  console.error("usage: deno run -A tests/bench/stages.ts EVENTS.csv OUT_DIR | --read EVENTS.csv");
  Deno.exit(2);
}
