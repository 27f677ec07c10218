/**
 * Rows an adapter's rule leaves out are filtered, not rejected: counted per filter, so that
 * `read = used + rejected + filtered`, in the JSON summary and in the text summary.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { textSummary } from "../../lib/report/text_summary.ts";
import { fixture, tempFile } from "../helpers.ts";

Deno.test("filtered rows are counted per filter and kept apart from rejected rows", () => {
  const analysis = analyze({
    kind: "file",
    files: [fixture("github-actions/runs.json"), fixture("github-actions/runs-page-2.json")],
  });
  const { events } = summarize(analysis);
  // runs.json: 9 runs, 3 deploys; page 2: run 101 again. CI and "Release to prod" are other
  // workflows; a failure, an in-progress and a cancelled run; attempt 2 of run 105 re-runs it.
  assert.equal(events.read, 10);
  assert.equal(events.used, 3);
  assert.deepEqual(events.rejected.map((row) => row.line), [4]);
  assert.deepEqual(events.filtered, { rows: 6, by_filter: { outcome: 3, rerun: 1, workflow: 2 } });
  assert.equal(events.read, events.used + events.rejected.length + events.filtered.rows);
  assert.deepEqual(
    analysis.filtered.select("line", "filtered_by").toRecords().map((row) =>
      `${row.line}:${row.filtered_by}`
    ),
    ["22:workflow", "37:outcome", "64:outcome", "76:rerun", "102:workflow", "115:outcome"],
  );
  assert.match(
    textSummary(summarize(analysis)),
    /Events: 10 read, 3 used, 1 rejected, 6 filtered \(outcome 3, rerun 1, workflow 2\)/,
  );
});

Deno.test("with nothing filtered the text summary says nothing about filters", () => {
  const summary = summarize(analyze({ kind: "synthetic", seed: 42, days: 14 }));
  assert.deepEqual(summary.events.filtered, { rows: 0, by_filter: {} });
  assert.doesNotMatch(textSummary(summary), /filtered/);
});

Deno.test("a row its source already rejects stays rejected when a filter flag would match it", () => {
  const path = tempFile(
    "timestamp,type,id,service\n" +
      "2024-03-04T09:00:00Z,deploy,d1,a-test,extra\n" + // more cells than the header
      "2024-03-04T10:00:00Z,deploy,d2,a-test\n" +
      "2024-03-04T11:00:00Z,deploy,d3,shop\n",
  );
  const read = { filters: { excludeServices: ["*-test"] } };
  const { events } = summarize(analyze({ kind: "file", files: [path], read }));
  assert.deepEqual(events.rejected.map((row) => [row.line, row.reason]), [
    [2, `row: more cells than the header's 4 columns (the first extra cell: "extra")`],
  ]);
  assert.deepEqual([events.used, events.filtered], [1, { rows: 1, by_filter: { service: 1 } }]);
});
