import assert from "node:assert/strict";
import { classifyTiers } from "../../lib/metrics/tiers/classify.ts";
import { TIER_TABLES } from "../../lib/metrics/tiers/tables.ts";
import { summarize } from "../../lib/pipeline/summary.ts";
import { analyze } from "../../lib/pipeline/analysis.ts";

const HOUR = 60, DAY = 24 * HOUR, WEEK = 7 * DAY;

function tiersOf(measured: Partial<Parameters<typeof classifyTiers>[0]>, year = 2023) {
  const { source: _source, verification: _verification, unverified: _unverified, ...tiers } =
    classifyTiers({
      frequencyClass: null,
      leadTimeMinutes: null,
      changeFailureRate: null,
      recoveryMinutes: null,
      ...measured,
    }, year);
  return tiers;
}

Deno.test("every table cites its source and lists four levels, best first", () => {
  for (const table of Object.values(TIER_TABLES)) {
    assert.match(table.source, /State of DevOps Report \d{4}.*https:\/\//);
    assert.deepEqual(table.levels.map((l) => l.name), ["Elite", "High", "Medium", "Low"]);
  }
});

Deno.test("2023: values inside a range get that level; a repeated range gives the better level", () => {
  assert.deepEqual(
    tiersOf({
      frequencyClass: "on demand",
      leadTimeMinutes: 3 * HOUR,
      recoveryMinutes: 30,
      failedDeploymentRecoveryMinutes: 200,
    }),
    {
      report_year: 2023,
      deployment_frequency: "Elite",
      lead_time: "Elite",
      change_failure_rate: null,
      recovery: "Elite",
      failed_deployment_recovery: "High",
    },
  );
  // Medium and Low share "weekly to monthly" and "one week to one month" in 2023.
  const shared = tiersOf({ frequencyClass: "weekly to monthly", leadTimeMinutes: 2 * WEEK });
  assert.equal(shared.deployment_frequency, "Medium");
  assert.equal(shared.lead_time, "Medium");
  // "Less than one day" for High overlaps Elite's "less than one hour": 3 hours is High.
  assert.equal(tiersOf({ recoveryMinutes: 3 * HOUR }).recovery, "High");
  assert.equal(tiersOf({ recoveryMinutes: 3 * DAY }).recovery, "Medium");
});

Deno.test("2023: values outside every range go to the nearest, and worse-than-all goes to the worse level", () => {
  // Deploying less than monthly is beyond the Medium/Low range: Low.
  assert.equal(
    tiersOf({ frequencyClass: "monthly to every six months" }).deployment_frequency,
    "Low",
  );
  assert.equal(
    tiersOf({ frequencyClass: "less than every six months" }).deployment_frequency,
    "Low",
  );
  assert.equal(tiersOf({ leadTimeMinutes: 60 * DAY }).lead_time, "Low");
  // The gap between one week and one month: 10 days is nearer Medium's end, 25 days nearer Low's start.
  assert.equal(tiersOf({ recoveryMinutes: 10 * DAY }).recovery, "Medium");
  assert.equal(tiersOf({ recoveryMinutes: 25 * DAY }).recovery, "Low");
  assert.equal(tiersOf({ recoveryMinutes: 365 * DAY }).recovery, "Low");
});

Deno.test("change fail rate maps to the nearest level; a tie goes to the better level", () => {
  assert.equal(tiersOf({ changeFailureRate: 0 }).change_failure_rate, "Elite");
  assert.equal(tiersOf({ changeFailureRate: 0.075 }).change_failure_rate, "Elite");
  assert.equal(tiersOf({ changeFailureRate: 0.12 }).change_failure_rate, "High");
  assert.equal(tiersOf({ changeFailureRate: 0.30 }).change_failure_rate, "Medium");
  assert.equal(tiersOf({ changeFailureRate: 0.50 }).change_failure_rate, "Low");
});

Deno.test("2024: the change fail rate column is not ordered, and the report year is always given", () => {
  // Elite 5%, High 20%, Medium 10%, Low 40%.
  assert.equal(tiersOf({ changeFailureRate: 0.12 }, 2024).change_failure_rate, "Medium");
  assert.equal(tiersOf({ changeFailureRate: 0.16 }, 2024).change_failure_rate, "High");
  assert.equal(tiersOf({ changeFailureRate: 0.31 }, 2024).change_failure_rate, "Low");
  assert.equal(tiersOf({ changeFailureRate: 0.16 }, 2024).report_year, 2024);
  assert.equal(
    tiersOf({ frequencyClass: "monthly to every six months" }, 2024).deployment_frequency,
    "Low",
  );
  // 2 days: past High's and Medium's "less than one day", short of Low's week: the worse of the tie.
  assert.equal(tiersOf({ recoveryMinutes: 2 * DAY }, 2024).recovery, "Medium");
  assert.equal(tiersOf({ recoveryMinutes: 10 * DAY }, 2024).recovery, "Low");
});

Deno.test("unknown years are refused; the summary carries the chosen year", () => {
  assert.throws(
    () =>
      classifyTiers({
        frequencyClass: null,
        leadTimeMinutes: null,
        changeFailureRate: null,
        recoveryMinutes: null,
      }, 1999),
    /1999/,
  );
  const analysis = analyze({ kind: "synthetic", seed: 42, days: 14 });
  assert.equal(summarize(analysis).tiers.report_year, 2023);
  assert.equal(summarize(analysis, { reportYear: 2024 }).tiers.report_year, 2024);
});

Deno.test("every cell says how it was checked; the 2024 table's unchecked cells are marked", () => {
  for (const table of Object.values(TIER_TABLES)) {
    assert.ok(table.verification.length > 0);
    for (const levels of Object.values(table.checks)) {
      assert.deepEqual(Object.keys(levels), ["Elite", "High", "Medium", "Low"]);
    }
  }
  // Nothing has been read in either report's own text.
  const checks = Object.values(TIER_TABLES).flatMap((table) =>
    Object.values(table.checks).flatMap((levels) => Object.values(levels))
  );
  assert.ok(!checks.includes("verified"));
  const unverified2024 = Object.entries(TIER_TABLES[2024].checks).flatMap(([metric, levels]) =>
    Object.entries(levels).filter(([, check]) => check === "unverified").map(([level]) =>
      `${metric} ${level}`
    )
  );
  assert.deepEqual(unverified2024, [
    "change_failure_rate Medium",
    "change_failure_rate Low",
    "recovery Elite",
    "recovery High",
    "recovery Medium",
    "recovery Low",
  ]);
});

Deno.test("a level read from an unverified cell is listed in tiers.unverified", () => {
  const measured = {
    frequencyClass: "daily to weekly" as const,
    leadTimeMinutes: 2 * DAY,
    changeFailureRate: 0.12,
    recoveryMinutes: 30,
    failedDeploymentRecoveryMinutes: 2 * WEEK,
  };
  const tiers2024 = classifyTiers(measured, 2024);
  // 12% is Medium in 2024 (an unverified cell); 30 min and two weeks are recovery cells.
  assert.equal(tiers2024.change_failure_rate, "Medium");
  assert.deepEqual(tiers2024.unverified, [
    "change_failure_rate",
    "recovery",
    "failed_deployment_recovery",
  ]);
  assert.deepEqual(classifyTiers({ ...measured, changeFailureRate: 0.2 }, 2024).unverified, [
    "recovery",
    "failed_deployment_recovery",
  ]);
  assert.deepEqual(classifyTiers(measured, 2023).unverified, []);
  // A metric that is not measured has no level, so no cell to doubt.
  assert.deepEqual(
    classifyTiers(
      { ...measured, recoveryMinutes: null, failedDeploymentRecoveryMinutes: null },
      2024,
    )
      .unverified,
    ["change_failure_rate"],
  );
});
