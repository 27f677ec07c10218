/**
 * Recovery, split honestly (issue 12): failed deployment recovery time is rated on the incidents a
 * deploy caused, and time to restore covers them all; the scorecard says which is which.
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { renderReport } from "../../lib/report/html.ts";
import { scorecard, scorecardLines } from "../../lib/report/scorecard.ts";
import { scorecardSection } from "../../lib/report/scorecard_section.ts";
import { textSummary } from "../../lib/report/text_summary.ts";
import { fixture } from "../helpers.ts";

const summary = () =>
  summarize(analyze({ kind: "file", files: [fixture("definitions/one_unrelated_outage.csv")] }));

Deno.test("one unrelated outage: time to restore 40 min, failed deployment recovery 200 min", () => {
  const { recovery, time_to_restore, failed_deployment_recovery, tiers } = summary();
  // recovery stays as the contract defines it: every incident.
  assert.deepEqual(recovery, {
    incidents: 4,
    resolved: 3,
    unresolved: 1,
    mean_minutes: 140,
    median_minutes: 40,
  });
  assert.deepEqual(time_to_restore, recovery);
  // i1 (40 min) and i2 (360 min) from d3, i4 (open) from d1; i3 on db has no cause.
  assert.deepEqual(failed_deployment_recovery, {
    incidents: 3,
    resolved: 2,
    unresolved: 1,
    mean_minutes: 200,
    median_minutes: 200,
  });
  assert.equal(tiers.recovery, "Elite");
  assert.equal(tiers.failed_deployment_recovery, "High");
});

Deno.test("the scorecard rates failed deployment recovery time on the deploy-caused incidents and says so", () => {
  const rows = scorecard(summary());
  const row = rows.find((r) => r.metric === "Failed deployment recovery time")!;
  assert.deepEqual([row.value, row.tier, row.reportYear], [200, "High", 2023]);
  assert.equal(row.display, "3.3 h median over 2 deploy-caused incidents, 1 still open");
  assert.equal(
    row.coverage,
    "Rated on deploy-caused incidents only (DORA since 2023); 1 incident no deploy caused is left " +
      "out. Time to restore over all 3 resolved incidents: 40 min median (MTTR mean 2.3 h), 1 " +
      "still open.",
  );
  const lines = scorecardLines(rows);
  const at = lines.findIndex((line) => line.includes("Failed deployment recovery time"));
  assert.match(
    lines[at],
    /3\.3 h median over 2 deploy-caused incidents, 1 still open\s+High \(DORA 2023\)/,
  );
  assert.match(
    lines[at + 1],
    /^\s+Rated on deploy-caused incidents only .* 1 incident no deploy caused/,
  );
});

Deno.test("the text summary and the HTML report show both figures with their counts", () => {
  const s = summary();
  const text = textSummary(s);
  assert.match(
    text,
    /time to restore \(all 4 incidents\): median 40\.0 min; failed deployment recovery time \(the 3 deploy-caused\): median 200\.0 min \(3h 20m\) over 2 resolved/,
  );
  const page = renderReport(s, { sections: [scorecardSection(s)] });
  assert.ok(page.includes("40 min (3 resolved of 4 incidents)"));
  assert.ok(page.includes("3.3 h (200 min) (2 resolved of 3 deploy-caused)"));
  assert.ok(
    page.includes("<small>Rated on deploy-caused incidents only (DORA since 2023); 1 incident"),
  );
});

Deno.test("per service: failed deployment recovery covers the service's deploy-caused incidents", () => {
  const { by_service } = summary();
  assert.equal(by_service.db.recovery.median_minutes, 20);
  assert.equal(by_service.db.failed_deployment_recovery.incidents, 0);
  assert.equal(by_service.db.failed_deployment_recovery.median_minutes, null);
  assert.equal(by_service.api.failed_deployment_recovery.median_minutes, 200);
});
