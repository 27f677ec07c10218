import assert from "node:assert/strict";
import { parseDuration } from "../../lib/core/duration.ts";
import { humanDuration } from "../../lib/core/duration.ts";
import { scorecard, scorecardLines } from "../../lib/report/scorecard.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { renderReport } from "../../lib/report/html.ts";
import { scorecardSection } from "../../lib/report/scorecard_section.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { csv, summarizeCsv } from "../helpers.ts";

Deno.test("the scorecard shows five metrics with value, unit, level and report year", () => {
  const summary = summarizeCsv(
    csv(
      "timestamp,type,id,service,commit_timestamp",
      "2024-01-01T10:00:00Z,deploy,d1,api,2024-01-01T09:00:00Z",
      "2024-01-01T10:10:00Z,incident_start,i1,api,",
      "2024-01-01T10:40:00Z,incident_resolved,i1,api,",
      "2024-01-02T10:00:00Z,deploy,d2,api,2024-01-02T08:00:00Z",
    ),
    { end: "2024-01-07" },
  );
  const rows = scorecard(summary);
  assert.deepEqual(rows.map((r) => [r.metric, r.value, r.tier, r.reportYear]), [
    ["Deployment frequency", 2 / 7, "High", 2023],
    ["Change lead time", 90, "Elite", 2023],
    ["Change failure rate", 0.5, "Low", 2023],
    ["Failed deployment recovery time", 30, "Elite", 2023],
    ["Deployment rework rate", 0, null, 2023],
  ]);
  assert.equal(rows[2].display, "50.0% (1 of 2 deploys)");
  const lines = scorecardLines(rows);
  assert.match(
    lines[0],
    /Deployment frequency\s+0\.29\/day \(daily to weekly\)\s+High \(DORA 2023\)/,
  );
  // Recovery says what it covers on a line of its own, under its value.
  assert.match(lines[4], /^\s+Rated on deploy-caused incidents only .*every incident has a deploy/);
  assert.match(lines[5], /no levels for rework/);
});

Deno.test("a metric with nothing to measure has no level and says why", () => {
  const rows = scorecard(summarizeCsv(csv("timestamp,type", "2024-01-01T10:00:00Z,deploy")));
  assert.equal(rows[1].tier, null);
  assert.equal(rows[1].note, "no commit times in the window");
  assert.equal(rows[3].note, "no resolved deploy-caused incidents in the window");
});

Deno.test("durations read both ways", () => {
  assert.equal(parseDuration("24h"), 86_400_000);
  assert.equal(parseDuration("90m"), 5_400_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("2d"), 172_800_000);
  assert.throws(() => parseDuration("soon"), /soon/);
  assert.throws(() => parseDuration("-1h"), RangeError);
  assert.equal(humanDuration(5), "5 min");
  assert.equal(humanDuration(45), "45 min");
  assert.equal(humanDuration(300), "5 h");
  assert.equal(humanDuration(4320), "3 d");
  assert.equal(humanDuration(null), "n/a");
});

Deno.test("the report carries the scorecard with the report year beside each level", () => {
  const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }), {
    reportYear: 2024,
  });
  const page = renderReport(summary, { sections: [scorecardSection(summary)] });
  assert.match(page, /Scorecard: DORA 2024 performance levels/);
  for (const row of scorecard(summary)) {
    assert.ok(
      page.includes(row.tier ? `${row.tier} (DORA 2024)` : "no levels for rework"),
      row.metric,
    );
  }
  assert.ok(page.includes("https://dora.dev/research/2024/dora-report/"));
});
