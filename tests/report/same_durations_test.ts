/**
 * One duration prints one way everywhere: the medians in the charts' subtitles and labels are the
 * scorecard's, character for character (it once said 27.5 min in the chart, 27 min in the table).
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { humanDuration } from "../../lib/core/duration.ts";
import { formatDuration } from "../../lib/charts/theme.ts";
import { renderCharts } from "../../lib/charts/render.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { scorecard } from "../../lib/report/scorecard.ts";

Deno.test("the charts and the scorecard print the same medians, for seeds 42, 7 and 3", () => {
  const document = new JSDOM("").window.document;
  for (const seed of [42, 7, 3]) {
    const analysis = analyze({ kind: "synthetic", seed, days: 14 });
    const summary = summarize(analysis);
    const charts = Object.fromEntries(
      renderCharts(analysis, summary, { document }).map((chart) => [chart.id, chart.svg]),
    );
    const card = Object.fromEntries(scorecard(summary).map((row) => [row.metric, row.display]));

    // The recovery chart draws every incident: the scorecard's time to restore, beside the
    // failed deployment recovery time it rates.
    const coverage = scorecard(summary).find((row) => row.coverage)?.coverage ?? "";
    const recovery = coverage.match(/resolved incidents: (.+?) median \(MTTR mean (.+?)\)/);
    assert.ok(recovery, coverage);
    assert.equal(recovery[1], humanDuration(summary.recovery.median_minutes));
    assert.ok(
      card["Failed deployment recovery time"].startsWith(
        `${humanDuration(summary.failed_deployment_recovery.median_minutes)} median over`,
      ),
    );
    assert.ok(
      charts.recovery_time.includes(`MTTR (mean) ${recovery[2]}, median ${recovery[1]},`),
      `seed ${seed}: the recovery chart says median ${recovery[1]}`,
    );

    const lead = card["Change lead time"].match(/^(.+?) median over/);
    assert.ok(lead, card["Change lead time"]);
    assert.ok(
      charts.lead_time.includes(`Median ${lead[1]} over`),
      `seed ${seed}: lead-time subtitle`,
    );
    assert.ok(charts.lead_time.includes(`median ${lead[1]} ▼`), `seed ${seed}: lead-time label`);
  }
});

Deno.test("the charts' duration format is the core one, at every unit boundary", () => {
  for (
    const minutes of [0.2, 0.99, 1, 9.96, 27.5, 27.46, 59.94, 59.96, 60, 89.9, 2879, 2881, 4464]
  ) {
    assert.equal(formatDuration(minutes), humanDuration(minutes), `${minutes} min`);
  }
  assert.deepEqual(
    [0.2, 59.94, 59.96, 2870, 2879].map(humanDuration),
    ["12 s", "59.9 min", "1 h", "47.8 h", "2 d"],
  );
});
