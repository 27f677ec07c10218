/**
 * Each tool's definition pinned by hand on the same small input: the table of issue 12
 * (tests/fixtures/definitions/README.md works every cell).
 */
import assert from "node:assert/strict";
import { analyze } from "../../lib/pipeline/analysis.ts";
import { definitionsOf } from "../../lib/pipeline/definitions.ts";
import { csv, fixture, summarizeCsv } from "../helpers.ts";
import { analyzeCsv } from "../helpers.ts";

const ISSUE_FILE = fixture("definitions/one_unrelated_outage.csv");

function scored(file = ISSUE_FILE) {
  const rows = definitionsOf(analyze({ kind: "file", files: [file] }));
  return Object.fromEntries(rows.map((row) => [row.name, row]));
}

Deno.test("the issue's table: one input, five definitions", () => {
  const rows = scored();
  const table = Object.values(rows).map((row) => [row.name, row.recovery_minutes, row.cfr]);
  assert.deepEqual(table, [
    ["project", 40, 0.5],
    ["dora", 200, 0.5],
    ["fourkeys", 0, 0.25],
    ["gitlab", 40, 1],
    ["devlake", 960, 0.75],
  ]);
});

Deno.test("what each figure covers, on the issue's input", () => {
  const rows = scored();
  const counts = Object.values(rows).map((row) => [
    row.name,
    row.cfr_numerator,
    row.cfr_denominator,
    row.recovery_incidents,
  ]);
  assert.deepEqual(counts, [
    // d1 (explicit, i4) and d3 (inferred, i1 and i2) of 4; i1, i2, i3 resolved.
    ["project", 2, 4, 3],
    // The same failed deploys; recovery over i1 and i2 only (i3 has no cause, i4 is open).
    ["dora", 2, 4, 2],
    // Only i4 is explicitly linked; time to restore covers every resolved incident.
    ["fourkeys", 1, 4, 3],
    // Four incidents opened over four deploys; three closed.
    ["gitlab", 4, 4, 3],
    // d2 (i4), d3 (i1, i2), d4 (i3); i4 is open.
    ["devlake", 3, 4, 3],
  ]);
  assert.ok(Object.values(rows).every((row) => row.source.length > 0 && row.counts.length > 0));
});

Deno.test("GitLab takes the median of daily medians: i3 closed a day later moves it to 110 min", () => {
  const moved = csv(
    "timestamp,type,id,service,deploy_id",
    ...Deno.readTextFileSync(ISSUE_FILE).trim().split("\n").slice(1)
      .map((line) =>
        line.replace(
          "2024-01-02T11:00:00Z,incident_start,i3",
          "2024-01-03T11:00:00Z,incident_start,i3",
        )
          .replace(
            "2024-01-02T11:20:00Z,incident_resolved,i3",
            "2024-01-03T11:20:00Z,incident_resolved,i3",
          )
      ),
  );
  const rows = definitionsOf(analyzeCsv(moved));
  const gitlab = rows.find((row) => row.name === "gitlab")!;
  // Tue: median(40, 360) = 200; Wed: 20; the median of the two daily medians is 110,
  assert.equal(gitlab.recovery_minutes, 110);
  // while the median over the incidents themselves stays 40.
  assert.equal(rows.find((row) => row.name === "project")!.recovery_minutes, 40);
});

Deno.test("resolving i4 moves Four Keys' clock to its linked deploy and DevLake's to d2", () => {
  const text = Deno.readTextFileSync(ISSUE_FILE) + "2024-01-02T16:00:00Z,incident_resolved,i4,,\n";
  const rows = Object.fromEntries(definitionsOf(analyzeCsv(text)).map((row) => [row.name, row]));
  // Four Keys: i4 from d1 (Mon 09:00) to Tue 16:00 is 31 h; median(0, 6, 0, 31) = 3 h.
  assert.equal(rows.fourkeys.recovery_minutes, 180);
  assert.equal(rows.fourkeys.recovery_incidents, 4);
  // DevLake: i4 from d2 (Mon 11:00) is 1740 min; lower median of 80, 960, 1360, 1740 is 960.
  assert.equal(rows.devlake.recovery_minutes, 960);
  assert.equal(rows.devlake.recovery_incidents, 4);
  // DORA: i4 (caused by d1) lasted 28 h = 1680 min; median(40, 360, 1680) = 360.
  assert.equal(rows.dora.recovery_minutes, 360);
});

Deno.test("Four Keys counts each linked incident; two on one deploy can pass 100%", () => {
  const rows = Object.fromEntries(
    definitionsOf(analyzeCsv(csv(
      "timestamp,type,id,service,deploy_id",
      "2024-01-01T09:00:00Z,deploy,d1,api,",
      "2024-01-01T10:00:00Z,incident_start,i1,api,d1",
      "2024-01-01T11:00:00Z,incident_start,i2,api,d1",
    ))).map((row) => [row.name, row]),
  );
  assert.equal(rows.fourkeys.cfr, 2);
  assert.equal(rows.project.cfr, 1);
  assert.equal(rows.devlake.cfr, 1);
  assert.equal(rows.gitlab.cfr, 2);
});

Deno.test("no deploys: every rate is null, never a division by zero", () => {
  const rows = definitionsOf(analyzeCsv(csv(
    "timestamp,type,id,service",
    "2024-01-01T10:00:00Z,incident_start,i1,db",
    "2024-01-01T10:30:00Z,incident_resolved,i1,db",
  )));
  assert.deepEqual(rows.map((row) => row.cfr), [null, null, null, null, null]);
  assert.deepEqual(rows.map((row) => row.recovery_minutes), [30, null, 0, 30, null]);
});

Deno.test("the definitions sit beside the summary's own numbers", () => {
  const summary = summarizeCsv(Deno.readTextFileSync(ISSUE_FILE));
  const rows = scored();
  assert.equal(rows.project.recovery_minutes, summary.recovery.median_minutes);
  assert.equal(rows.project.cfr, summary.change_failure_rate.rate);
});
