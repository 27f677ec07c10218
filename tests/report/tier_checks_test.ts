/**
 * Tier tables you can trust (issue 12): a level read from a table cell that no source verifies is
 * marked in the JSON, the scorecard, the report and the comparison, and the report says how the
 * table was checked instead of citing it as if it had been.
 */
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { compareUniverses, parseUniverses } from "../../lib/pipeline/universes.ts";
import { renderComparison } from "../../lib/report/comparison.ts";
import { scorecard, scorecardLines } from "../../lib/report/scorecard.ts";
import { scorecardSection } from "../../lib/report/scorecard_section.ts";

const seed42 = (reportYear: number) =>
  summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }), { reportYear });

Deno.test("2024: seed 42's Medium change failure rate and recovery levels are marked unverified", () => {
  const summary = seed42(2024);
  assert.equal(summary.tiers.change_failure_rate, "Medium");
  assert.deepEqual(summary.tiers.unverified, [
    "change_failure_rate",
    "recovery",
    "failed_deployment_recovery",
  ]);
  const rows = scorecard(summary);
  assert.deepEqual(rows.map((row) => row.unverified ?? false), [false, false, true, true, false]);
  const lines = scorecardLines(rows);
  assert.match(lines.find((l) => l.includes("Change failure rate"))!, /Medium \(DORA 2024\) †$/);
  assert.equal(
    lines.at(-1),
    "   † read from a cell of the DORA 2024 table that no source we could read states: not " +
      "verified against the report",
  );
  const html = scorecardSection(summary).body.html;
  assert.ok(html.includes("Medium (DORA 2024) †"));
  assert.ok(html.includes("No cell has been checked against the report&#39;s own text (p. 13)."));
  assert.ok(html.includes("† read from a cell of the DORA 2024 table"));
});

Deno.test("2023: no cell is unverified, and the report still says none was checked against the report", () => {
  const summary = seed42(2023);
  assert.deepEqual(summary.tiers.unverified, []);
  const lines = scorecardLines(scorecard(summary));
  assert.ok(!lines.some((line) => line.includes("†")));
  const html = scorecardSection(summary).body.html;
  assert.ok(!html.includes("†"));
  assert.ok(
    html.includes(
      "Every cell is as the project&#39;s contract transcribes the 2023 report; none has been " +
        "checked against the report&#39;s own text here.",
    ),
  );
});

Deno.test("the comparison marks unverified levels and explains the mark", () => {
  const universes = compareUniverses(parseUniverses("42,7", { seed: 42, profile: "mixed" }), {
    days: 14,
    reportYear: 2024,
  });
  const { html } = renderComparison(universes, { document: new JSDOM("").window.document });
  assert.ok(html.includes("Medium (DORA 2024) †"));
  assert.ok(html.includes("† read from a cell of the DORA 2024 table"));
});
