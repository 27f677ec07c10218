import assert from "node:assert/strict";
import { frequencyClass } from "../../lib/metrics/deployment_frequency.ts";
import { csv, summarizeCsv } from "../helpers.ts";

const WEEK_ONE_TO_TWO = [
  "2024-01-01T09:00:00Z,deploy", // Mon, week 1
  "2024-01-01T15:00:00Z,deploy", // Mon, week 1
  "2024-01-02T09:00:00Z,deploy", // Tue, week 1
  "2024-01-03T09:00:00Z,deploy", // Wed, week 1: 3 deploy days, 4 deploys
  "2024-01-12T09:00:00Z,deploy", // Fri, week 2: 1 deploy day
];

Deno.test("totals, per day, deploy days and the median of deploy days per ISO week", () => {
  const summary = summarizeCsv(csv("timestamp,type", ...WEEK_ONE_TO_TWO), { end: "2024-01-21" });
  // Weeks: [3, 1, 0] deploy days, so the median is 1.
  assert.deepEqual(summary.deployment_frequency, {
    deploys: 5,
    per_day: 5 / 21,
    deploy_days: 4,
    median_deploy_days_per_week: 1,
    class: "daily to weekly",
  });
});

Deno.test("an even number of weeks takes the mean of the two middle weeks", () => {
  const rows = [...WEEK_ONE_TO_TWO, "2024-01-22T09:00:00Z,deploy", "2024-01-23T09:00:00Z,deploy"];
  const summary = summarizeCsv(csv("timestamp,type", ...rows), { end: "2024-01-28" });
  // Weeks: [3, 1, 0, 2] deploy days, so the median is (1 + 2) / 2.
  assert.equal(summary.deployment_frequency.median_deploy_days_per_week, 1.5);
  assert.equal(summary.deployment_frequency.deploy_days, 6);
});

Deno.test("partial weeks at the window's edges count as the weeks they are", () => {
  // Wednesday to the next Tuesday: 5 days of one week and 2 of the next.
  const summary = summarizeCsv(
    csv(
      "timestamp,type",
      "2024-01-03T09:00:00Z,deploy",
      "2024-01-04T09:00:00Z,deploy",
      "2024-01-09T09:00:00Z,deploy",
    ),
  );
  assert.equal(summary.window.days, 7);
  assert.equal(summary.deployment_frequency.median_deploy_days_per_week, 1.5);
});

Deno.test("no deploys: per day is 0 over a real window, and the class is the lowest", () => {
  const summary = summarizeCsv(csv("timestamp,type,id", "2024-01-02T09:00:00Z,incident_start,i1"));
  assert.deepEqual(summary.deployment_frequency, {
    deploys: 0,
    per_day: 0,
    deploy_days: 0,
    median_deploy_days_per_week: 0,
    class: "less than every six months",
  });
});

Deno.test("the frequency class follows the documented rule at its boundaries", () => {
  const cases: [number, number, number, string][] = [
    [14, 14, 3, "on demand"],
    [13, 14, 3, "daily to weekly"],
    [100, 14, 2.5, "daily to weekly"],
    [7, 14, 1, "daily to weekly"],
    [2, 28, 0.5, "weekly to monthly"],
    [1, 30, 0, "weekly to monthly"],
    [1, 31, 0, "monthly to every six months"],
    [1, 182, 0, "monthly to every six months"],
    [1, 183, 0, "less than every six months"],
    [0, 14, 0, "less than every six months"],
  ];
  for (const [deploys, days, medianDeployDaysPerWeek, expected] of cases) {
    assert.equal(
      frequencyClass({ deploys, days, medianDeployDaysPerWeek }),
      expected,
      `${deploys} in ${days} days`,
    );
  }
});

Deno.test("frequency per service", () => {
  const summary = summarizeCsv(csv(
    "timestamp,type,service",
    "2024-01-01T09:00:00Z,deploy,api",
    "2024-01-01T10:00:00Z,deploy,api",
    "2024-01-02T09:00:00Z,deploy,web",
  ));
  assert.deepEqual(Object.keys(summary.by_service), ["api", "web"]);
  assert.equal(summary.by_service.api.deploys, 2);
  assert.equal(summary.by_service.api.deployment_frequency.per_day, 1);
  assert.equal(summary.by_service.api.deployment_frequency.deploy_days, 1);
  assert.equal(summary.by_service.web.deployment_frequency.per_day, 0.5);
});
